"""The team lead's attendance rates: exact figures from a known set of sessions, the filters, who
may see them, and a constant number of queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from interventions import services
from interventions.models import Programme, Session
from interventions.selectors.attendance import attendance_rates
from tests.interventions.conftest import consenting_case, enrolled, past

pytestmark = pytest.mark.django_db
A = Session.Attendance


def _session(enrolment, by, days_ago: int, attendance: str = "", who=(), kind_name: str | None = None,
             cycle: int | None = None) -> Session:
    kind = enrolment.programme.session_kinds.get(name=kind_name) if kind_name else None
    session = services.session_book(enrolment=enrolment, by=by, starts_at=past(days_ago), mode="home",
                                    kind=kind, cycle=cycle)
    if attendance:
        services.attendance_record(session=session, by=by, attendance=attendance, who=who)
    return session


@pytest.fixture
def sessions(piew_worker):
    """Watch, Wait and Wonder for a family with a father and one without; VIG for the first."""
    with_father = consenting_case(key_worker=piew_worker, with_father=True)
    www = enrolled(case=with_father, code="watch_wait_wonder", practitioner=piew_worker)
    _session(www, piew_worker, 400, A.ATTENDED, ["other_carer"])  # outside the last 12 months
    _session(www, piew_worker, 10, A.ATTENDED, ["mother", "father"])
    _session(www, piew_worker, 9, A.ATTENDED, ["mother"])
    _session(www, piew_worker, 8, A.DID_NOT_ATTEND)
    _session(www, piew_worker, 7, A.CANCELLED_BY_FAMILY)
    _session(www, piew_worker, 6, A.CANCELLED_BY_SERVICE)  # not due
    _session(www, piew_worker, 5)  # attendance not recorded: not due
    without_father = consenting_case(key_worker=piew_worker)
    other = enrolled(case=without_father, code="watch_wait_wonder", practitioner=piew_worker)
    _session(other, piew_worker, 3, A.ATTENDED, ["mother"])
    _session(other, piew_worker, 2, A.DID_NOT_ATTEND)
    vig = enrolled(case=with_father, code="vig", practitioner=piew_worker)
    _session(vig, piew_worker, 4, A.ATTENDED, ["father"], "Filming", 1)
    _session(vig, piew_worker, 4, A.ATTENDED, (), "Micro-analysis", 1)  # without the family
    _session(vig, piew_worker, 3, A.DID_NOT_ATTEND, (), "Shared review", 1)
    return www


def _figures(row) -> tuple:
    return (row.due, row.attended, row.did_not_attend, row.cancelled_by_family, row.rate, row.with_mother,
            row.with_father, row.with_other_carer, row.families_with_father)


def test_rates_by_intervention_and_by_who_attended(sessions):
    rates = attendance_rates()
    rows = {row.programme.code: row for row in rates.rows}
    assert _figures(rows["watch_wait_wonder"]) == (6, 3, 2, 1, 50, 3, 1, 0, 1)
    assert (rows["watch_wait_wonder"].mother_share, rows["watch_wait_wonder"].father_share) == (100, 33)
    assert _figures(rows["vig"]) == (2, 1, 1, 0, 50, 0, 1, 0, 1)
    assert _figures(rows["triple_p_baby"]) == (0, 0, 0, 0, None, 0, 0, 0, 0)
    assert _figures(rates.total) == (8, 4, 3, 1, 50, 3, 2, 0, 2)
    today = timezone.localdate()
    year_ago = today.replace(year=today.year - 1)
    assert (rates.starts_on, rates.ends_on) == (year_ago + datetime.timedelta(days=1), today)


def test_the_period_and_the_intervention_filter_the_figures(sessions):
    today = timezone.localdate()
    longer = attendance_rates(starts_on=today - datetime.timedelta(days=450), ends_on=today)
    www = next(row for row in longer.rows if row.programme.code == "watch_wait_wonder")
    assert _figures(www) == (7, 4, 2, 1, 57, 3, 1, 1, 1)
    # Only the 10th to the 8th day ago.
    week = attendance_rates(starts_on=today - datetime.timedelta(days=10),
                            ends_on=today - datetime.timedelta(days=8))
    assert _figures(week.total)[:5] == (3, 2, 1, 0, 67)
    vig_only = attendance_rates(programme=Programme.objects.get(code="vig"))
    assert [row.programme.code for row in vig_only.rows] == ["vig"]
    assert _figures(vig_only.total) == (2, 1, 1, 0, 50, 0, 1, 0, 1)


def test_a_withdrawn_intervention_with_nothing_in_the_period_has_no_row(sessions):
    Programme.objects.filter(code="peer_support").update(active=False)
    Programme.objects.filter(code="vig").update(active=False)
    codes = [row.programme.code for row in attendance_rates().rows]
    assert "peer_support" not in codes and "vig" in codes


def test_the_page_shows_the_figures_and_the_chart(client_for, team_lead, sessions):
    page = " ".join(client_for(user=team_lead).get("/interventions/attendance/").content.decode().split())
    assert "<title>Attendance rates" in page
    table = page.split('id="by-intervention"', 1)[1].split("</table>", 1)[0]
    numeric = '<td class="govuk-table__cell govuk-table__cell--numeric">'
    assert (f'Watch, Wait and Wonder</th> {numeric}6</td> {numeric}3</td> {numeric}2</td> {numeric}1</td> '
            f'{numeric}50%</td>') in table
    who = page.split('id="by-who"', 1)[1].split("</table>", 1)[0]
    assert f"Watch, Wait and Wonder</th> {numeric}3</td> {numeric}3 (100%)</td> {numeric}1 (33%)</td>" in who
    assert "app-bar-chart__bar--50" in page


def test_the_page_filters_and_keeps_bad_input(client_for, psychologist, sessions):
    vig = Programme.objects.get(code="vig")
    client = client_for(user=psychologist)
    page = client.get("/interventions/attendance/", {"programme": vig.pk}).content.decode()
    table = page.split('id="by-intervention"', 1)[1].split("</table>", 1)[0]
    assert "Video Interaction Guidance" in table and "Watch, Wait and Wonder" not in table
    bad = client.get("/interventions/attendance/", {
        "starts_on_0": "31", "starts_on_1": "2", "starts_on_2": "2026", "ends_on_0": "1", "ends_on_1": "1",
        "ends_on_2": "2026"})
    text = bad.content.decode()
    assert bad.status_code == 200 and "Enter a real date" in text and 'value="31"' in text


@pytest.mark.parametrize("role", ["piew_worker", "health_visitor", "admin_assistant"])
def test_only_the_team_lead_and_psychologist_see_the_rates(client_for, request, role):
    user = request.getfixturevalue(role)
    assert client_for(user=user).get("/interventions/attendance/").status_code == 403


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get("/interventions/attendance/")
    assert response.status_code == 302 and response["Location"].startswith("/sign-in/")


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/interventions/attendance/").status_code == 200
    return len(queries)


def test_the_query_count_does_not_grow(client_for, team_lead, piew_worker, sessions):
    client = client_for(user=team_lead)
    before = _queries(client)
    for days in range(20, 30):
        _session(sessions, piew_worker, days, A.ATTENDED, ["father"])
    extra = enrolled(case=consenting_case(key_worker=piew_worker, with_father=True), code="triple_p_baby",
                     practitioner=piew_worker)
    _session(extra, piew_worker, 1, A.ATTENDED, ["father"], "Phone consultation")
    assert _queries(client) == before
