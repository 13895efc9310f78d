"""A practitioner's diary: the week's sessions by day, and attendance for several at once."""

import datetime
import html

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from interventions import services
from interventions.models import Session
from team.roles import Role
from tests.conftest import sign_in
from tests.interventions.conftest import consenting_case, enrolled, person, programme
from tests.pages import heading, title

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return html.unescape(response.content.decode())


def last_monday() -> datetime.date:
    today = timezone.localdate()
    return today - datetime.timedelta(days=today.weekday() + 7)


def at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def book(enrolment, when, by=None, **fields) -> Session:
    return services.session_book(enrolment=enrolment, by=by or enrolment.practitioner, starts_at=when,
                                 mode=Session.Mode.HOME, **fields)


def diary_url(monday: datetime.date, **extra) -> str:
    query = "&".join(f"{key}={value}" for key, value in {"week": monday.isoformat(), **extra}.items())
    return f"/interventions/diary/?{query}"


@pytest.fixture
def solihull(case, piew_worker):
    return enrolled(case=case, code="solihull_perinatal_plus", practitioner=piew_worker)


@pytest.fixture
def week(solihull):
    """Last week's sessions: Tuesday 10:00 and 14:00, Thursday 09:30; one the week before."""
    monday = last_monday()
    return {
        "monday": monday,
        "tuesday_am": book(solihull, at(monday + datetime.timedelta(days=1), 10)),
        "tuesday_pm": book(solihull, at(monday + datetime.timedelta(days=1), 14)),
        "thursday": book(solihull, at(monday + datetime.timedelta(days=3), 9, 30)),
        "earlier": book(solihull, at(monday - datetime.timedelta(days=3), 11)),
    }


def test_diary_lists_the_weeks_sessions_by_day(client, piew_worker, solihull, week):
    other = person(Role.PIEW_WORKER, "other")
    theirs = enrolled(case=consenting_case(key_worker=other), code="solihull_perinatal_plus",
                      practitioner=other)
    book(theirs, at(week["monday"] + datetime.timedelta(days=1), 11))
    response = sign_in(client, piew_worker).get(diary_url(week["monday"]))
    page = text(response)
    assert heading(response) == "My diary"
    assert title(response).startswith("My diary")
    tuesday = (week["monday"] + datetime.timedelta(days=1)).strftime("Tuesday %-d %B %Y")
    thursday = (week["monday"] + datetime.timedelta(days=3)).strftime("Thursday %-d %B %Y")
    assert page.index(tuesday) < page.index("10:00") < page.index("14:00") < page.index(thursday)
    assert page.count(solihull.case.family.reference) >= 3
    assert theirs.case.family.reference not in page
    assert "11:00" not in page  # the week before, and the other worker's session


def test_diary_links_to_the_weeks_either_side(client, piew_worker, week):
    page = text(sign_in(client, piew_worker).get(diary_url(week["monday"])))
    before = week["monday"] - datetime.timedelta(days=7)
    assert f'href="{diary_url(before)}"' in page
    assert f'href="{diary_url(week["monday"] + datetime.timedelta(days=7))}"' in page
    earlier = text(client.get(diary_url(before + datetime.timedelta(days=4))))
    assert "11:00" in earlier


def test_a_day_in_the_week_shows_that_whole_week_and_nonsense_shows_this_week(client, piew_worker, week):
    client = sign_in(client, piew_worker)
    wednesday = week["monday"] + datetime.timedelta(days=2)
    assert "14:00" in text(client.get(diary_url(wednesday)))
    response = client.get("/interventions/diary/?week=not-a-date")
    assert response.status_code == 200
    assert timezone.localdate().strftime("%-d %B %Y") in text(response) or "No sessions" in text(response)


def row(session, attendance="", who=()) -> dict:
    return {f"session-{session.pk}-attendance": attendance, f"session-{session.pk}-who": list(who)}


def test_recording_attendance_for_several_sessions_at_once(client, piew_worker, solihull, week):
    data = {**row(week["tuesday_am"], "attended", ["mother", "father"]),
            **row(week["tuesday_pm"], "did_not_attend"), **row(week["thursday"])}
    response = sign_in(client, piew_worker).post(diary_url(week["monday"]), data)
    assert response.status_code == 302 and response.url == diary_url(week["monday"])
    am, pm, thursday = (Session.objects.get(pk=week[name].pk) for name in ("tuesday_am", "tuesday_pm",
                                                                           "thursday"))
    assert am.attended and am.who_attended() == ["Mother", "Father"]
    assert pm.attendance == "did_not_attend" and not pm.who_attended()
    assert thursday.attendance == ""
    assert am.attendance_recorded_by == piew_worker
    followed = text(client.get(response.url))
    assert "Attendance recorded for 2 sessions" in followed
    solihull.refresh_from_db()
    assert solihull.status == "active"


def test_a_bad_row_saves_nothing_and_is_shown_next_to_its_session(client, piew_worker, week):
    data = {**row(week["tuesday_am"], "attended"), **row(week["tuesday_pm"], "did_not_attend")}
    response = sign_in(client, piew_worker).post(diary_url(week["monday"]), data)
    page = text(response)
    assert response.status_code == 200
    assert title(response).startswith("Error: My diary")
    assert page.count("Choose who attended: mother, father or other carer") == 2  # summary and row
    assert f'href="#id_session-{week["tuesday_am"].pk}-who_1"' in page
    assert '<option value="did_not_attend" selected>' in page  # what was typed is kept
    assert not Session.objects.exclude(attendance="").exists()


def test_the_services_refusal_is_shown_against_its_session(client, piew_worker, week, monkeypatch):
    session = week["tuesday_pm"]

    def refuse(*, entries, by):
        raise ValidationError({str(session.pk): ["This enrolment ended before this session"]})

    monkeypatch.setattr(services, "attendance_record_many", refuse)
    response = sign_in(client, piew_worker).post(diary_url(week["monday"]), row(session, "did_not_attend"))
    page = text(response)
    assert "This enrolment ended before this session" in page
    assert f'href="#id_session-{session.pk}-attendance"' in page


def test_recorded_and_future_sessions_have_no_attendance_fields(client, piew_worker, solihull, week):
    services.attendance_record(session=week["tuesday_am"], by=piew_worker, attendance="cancelled_by_family")
    upcoming = book(solihull, at(timezone.localdate() + datetime.timedelta(days=7), 10))
    client = sign_in(client, piew_worker)
    page = text(client.get(diary_url(week["monday"])))
    assert f'name="session-{week["tuesday_am"].pk}-attendance"' not in page
    assert "Cancelled by the family" in page
    assert f'name="session-{week["tuesday_pm"].pk}-attendance"' in page
    later = text(client.get(diary_url(timezone.localdate() + datetime.timedelta(days=7))))
    assert f'name="session-{upcoming.pk}-attendance"' not in later and "Booked" in later


def test_team_lead_reads_a_practitioners_diary(client, team_lead, piew_worker, week):
    response = sign_in(client, team_lead).get(diary_url(week["monday"], practitioner=piew_worker.pk))
    assert heading(response) == "Piew Worker's diary"
    assert "10:00" in text(response)


@pytest.mark.parametrize("role", [Role.PIEW_WORKER, Role.ADMIN_ASSISTANT, Role.VIEWER, Role.PARTNER])
def test_only_the_team_lead_reads_someone_elses_diary(client, piew_worker, week, role):
    response = sign_in(client, person(role, "someone")).get(diary_url(week["monday"],
                                                                      practitioner=piew_worker.pk))
    assert response.status_code == 403


@pytest.mark.parametrize("role", [Role.ADMIN_ASSISTANT, Role.VIEWER, Role.PARTNER])
def test_people_who_deliver_nothing_have_no_diary(client, role):
    assert sign_in(client, person(role, "someone")).get("/interventions/diary/").status_code == 403


def test_diary_is_in_the_menu_for_practitioners_only(client, piew_worker, admin_assistant):
    assert "My diary" in text(sign_in(client, piew_worker).get("/interventions/diary/"))
    assert "My diary" not in text(sign_in(client, admin_assistant).get("/"))


def test_diary_query_count_does_not_grow_with_sessions(client, piew_worker, solihull, week):
    client = sign_in(client, piew_worker)
    url = diary_url(week["monday"])
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    family_two = enrolled(case=consenting_case(key_worker=piew_worker), code="vig", practitioner=piew_worker)
    filming = programme("vig").session_kinds.get(name="Filming")
    for day in range(7):
        book(solihull, at(week["monday"] + datetime.timedelta(days=day), 16))
        book(family_two, at(week["monday"] + datetime.timedelta(days=day), 12), kind=filming, cycle=1)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert text(response).count('name="session-') >= 17
    assert len(many) == len(few)
