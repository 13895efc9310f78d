"""Group pages: who may open which, setting a run up, placing families and keeping a register."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from families.models import FamilyAccessLog
from interventions.models import GroupRun, Session
from interventions.services import groups
from team.roles import Role
from tests.conftest import sign_in
from tests.factories import HubFactory
from tests.interventions.conftest import person, qualify
from tests.interventions.groups_helpers import at, triple_p_run, waiting_family

pytestmark = pytest.mark.django_db

A = Session.Attendance


@pytest.fixture
def facilitator(db):
    return person(Role.PIEW_WORKER, "facilitator")


@pytest.fixture
def run(team_lead, facilitator):
    return triple_p_run(by=team_lead, facilitators=[team_lead, facilitator], capacity=4, first_days=1)


def place_families(run, team_lead, count: int, key_worker=None):
    enrolments = [waiting_family(practitioner=team_lead, key_worker=key_worker, with_father=True)
                  for _ in range(count)]
    for enrolment in enrolments:
        groups.group_place(run=run, enrolment=enrolment, by=team_lead)
    return enrolments


def make_past(group_session) -> None:
    """The session happened yesterday (sessions in the past cannot take new families)."""
    group_session.starts_at = at(-1)
    group_session.save()
    group_session.register.update(starts_at=at(-1))


def users(team_lead, facilitator, admin_assistant, psychologist) -> dict:
    return {"team_lead": team_lead, "facilitator": facilitator, "admin": admin_assistant,
            "psychologist": psychologist, "other_worker": person(Role.PIEW_WORKER, "other"),
            "partner": person(Role.PARTNER, "partner"), "viewer": person(Role.VIEWER, "viewer")}


KEEPERS = ["team_lead", "facilitator", "admin", "psychologist"]


@pytest.mark.parametrize("who, runs, run_page, register_page", [
    ("team_lead", 200, 200, 200), ("facilitator", 200, 200, 200), ("admin", 200, 200, 200),
    ("psychologist", 200, 200, 200), ("other_worker", 200, 404, 404), ("partner", 403, 404, 404),
    ("viewer", 403, 404, 404),
])
def test_who_may_open_the_group_pages(client, run, team_lead, facilitator, admin_assistant, psychologist,
                                      who, runs, run_page, register_page):
    sign_in(client, users(team_lead, facilitator, admin_assistant, psychologist)[who])
    group_session = run.sessions.get(number=1)
    assert client.get("/interventions/groups/").status_code == runs
    assert client.get(f"/interventions/groups/{run.pk}/").status_code == run_page
    register_url = f"/interventions/groups/sessions/{group_session.pk}/register/"
    assert client.get(register_url).status_code == register_page
    assert client.get(f"/interventions/groups/{run.pk}/edit/").status_code == run_page
    assert client.get(f"/interventions/groups/{run.pk}/cancel/").status_code == run_page


def test_anonymous_is_sent_to_sign_in(client, run):
    response = client.get(f"/interventions/groups/{run.pk}/")
    assert response.status_code == 302 and "login" in response.url or "sign-in" in response.url


def test_the_runs_list_shows_a_practitioner_only_the_runs_they_facilitate(client, run, team_lead,
                                                                          facilitator):
    other = triple_p_run(by=team_lead, title="Triple P Baby, autumn", first_days=40)
    sign_in(client, facilitator)
    page = client.get("/interventions/groups/").content.decode()
    assert run.title in page and other.title not in page
    sign_in(client, team_lead)
    page = client.get("/interventions/groups/").content.decode()
    assert run.title in page and other.title in page


@pytest.mark.parametrize("who", ["other_worker", "partner", "viewer"])
def test_those_who_do_not_keep_the_register_change_nothing(client, run, team_lead, facilitator,
                                                           admin_assistant, psychologist, who):
    (enrolment,) = place_families(run, team_lead, 1)
    group_session = run.sessions.get(number=1)
    make_past(group_session)
    row = enrolment.sessions.get(group_session=group_session)
    waiting = waiting_family(practitioner=team_lead)
    sign_in(client, users(team_lead, facilitator, admin_assistant, psychologist)[who])
    responses = [
        client.post(f"/interventions/groups/sessions/{group_session.pk}/register/",
                    {f"attendance_{row.pk}": A.DID_NOT_ATTEND}),
        client.post(f"/interventions/groups/{run.pk}/place/", {"enrolment": waiting.pk}),
        client.post(f"/interventions/groups/{run.pk}/families/{enrolment.pk}/remove/"),
        client.post(f"/interventions/groups/{run.pk}/edit/", {"title": "Taken", "hub": run.hub_id,
                                                              "capacity": 9, "facilitators": [team_lead.pk]}),
        client.post(f"/interventions/groups/{run.pk}/cancel/"),
    ]
    assert [response.status_code for response in responses] == [404, 404, 404, 404, 404]
    row.refresh_from_db()
    waiting.refresh_from_db()
    run.refresh_from_db()
    assert (row.attendance, waiting.group_run) == ("", None)
    assert (run.capacity, run.title, run.cancelled_at) == (4, "Triple P Baby, spring", None)


def test_the_team_lead_cancels_a_run_after_being_asked(client, run, team_lead):
    place_families(run, team_lead, 2)
    sign_in(client, team_lead)
    page = client.get(f"/interventions/groups/{run.pk}/cancel/").content.decode()
    assert "The 2 families on the run or its waiting list stay enrolled" in page
    response = client.post(f"/interventions/groups/{run.pk}/cancel/")
    assert response.status_code == 302 and response.url == f"/interventions/groups/{run.pk}/"
    run.refresh_from_db()
    assert run.cancelled_at is not None and not run.enrolments.exists()
    page = client.get(response.url).content.decode()
    assert "This run was cancelled on" in page and "Cancel the run" not in page


@pytest.mark.parametrize("who", ["partner", "viewer"])
def test_partners_and_viewers_cannot_set_up_a_run(client, make_user, who):
    sign_in(client, person(Role.PARTNER if who == "partner" else Role.VIEWER, who))
    assert client.get("/interventions/groups/new/").status_code == 403
    assert not GroupRun.objects.exists()


def test_the_team_lead_sets_up_a_run_and_bad_input_keeps_what_was_typed(client, team_lead, facilitator):
    hub = HubFactory(name="Ashby Family Hub")
    sign_in(client, team_lead)
    from interventions.models import Programme
    programme = Programme.objects.get(code="triple_p_baby")
    data = {"programme": programme.pk, "title": "Triple P Baby, Ashby", "hub": hub.pk, "day_0": "3",
            "day_1": "13", "day_2": "2026", "start": "10:00", "sessions": "4", "minutes": "120",
            "capacity": "4", "facilitators": [team_lead.pk, facilitator.pk]}
    response = client.post("/interventions/groups/new/", data)
    page = response.content.decode()
    assert response.status_code == 200 and "Enter a real date" in page
    assert 'value="Triple P Baby, Ashby"' in page and not GroupRun.objects.exists()
    response = client.post("/interventions/groups/new/", data | {"day_1": "3"})
    run = GroupRun.objects.get()
    assert response.status_code == 302 and response.url == f"/interventions/groups/{run.pk}/"
    assert (run.hub, run.capacity, run.starts_on.isoformat(), run.ends_on.isoformat()) == (
        hub, 4, "2026-03-03", "2026-03-24")
    assert set(run.facilitators.all()) == {team_lead, facilitator}
    page = client.get(response.url).content.decode()
    assert "3 March 2026 at 10:00" in page and "31 March 2026" not in page


def test_a_run_needs_a_family_hub_or_another_venue(client, team_lead):
    sign_in(client, team_lead)
    from interventions.models import Programme
    data = {"programme": Programme.objects.get(code="triple_p_baby").pk, "title": "Triple P Baby, Brigg",
            "hub": "", "venue": "", "day_0": "3", "day_1": "3", "day_2": "2026", "start": "10:00",
            "sessions": "4", "capacity": "4", "facilitators": [team_lead.pk]}
    page = client.post("/interventions/groups/new/", data).content.decode()
    assert "Choose the Family Hub where the group meets, or enter another venue" in page
    assert not GroupRun.objects.exists()
    client.post("/interventions/groups/new/", data | {"venue": "St John's Church Hall, Brigg"})
    run = GroupRun.objects.get()
    assert (run.hub, run.venue) == (None, "St John's Church Hall, Brigg")
    page = client.get(f"/interventions/groups/{run.pk}/").content.decode()
    assert "St John&#x27;s Church Hall, Brigg" in page


def test_the_run_page_lists_places_waiting_list_and_families_waiting_and_logs_each_read(client, team_lead,
                                                                                         facilitator):
    run = triple_p_run(by=team_lead, facilitators=[team_lead], capacity=1, first_days=1)
    placed, on_list = place_families(run, team_lead, 2)
    waiting = waiting_family(practitioner=team_lead)
    sign_in(client, team_lead)
    page = client.get(f"/interventions/groups/{run.pk}/").content.decode()
    for enrolment in (placed, on_list, waiting):
        assert enrolment.case.family.reference in page
    assert "1 of 1 taken, 1 on the waiting list" in page
    assert f"Add to this run<span class=\"govuk-visually-hidden\"> {waiting.case.family.reference}" in page
    logged = FamilyAccessLog.objects.filter(user=team_lead, page="Group run")
    assert sorted(logged.values_list("family_id", flat=True)) == sorted(
        enrolment.case.family_id for enrolment in (placed, on_list, waiting))


def test_add_to_this_run_places_the_family(client, run, team_lead):
    waiting = waiting_family(practitioner=team_lead)
    sign_in(client, team_lead)
    response = client.post(f"/interventions/groups/{run.pk}/place/", {"enrolment": waiting.pk}, follow=True)
    assert f"{waiting.case.family.reference} has a place on this run" in response.content.decode()
    assert waiting.sessions.filter(group_session__run=run).count() == 4


def test_a_facilitator_is_offered_only_families_they_may_see(client, run, team_lead, facilitator):
    theirs = waiting_family(practitioner=team_lead, key_worker=facilitator)
    not_theirs = waiting_family(practitioner=team_lead)
    sign_in(client, facilitator)
    page = client.get(f"/interventions/groups/{run.pk}/").content.decode()
    assert theirs.case.family.reference in page and not_theirs.case.family.reference not in page
    response = client.post(f"/interventions/groups/{run.pk}/place/", {"enrolment": not_theirs.pk})
    assert response.status_code == 404
    not_theirs.refresh_from_db()
    assert not_theirs.group_run is None


def test_taking_a_family_off_asks_first_then_promotes(client, team_lead):
    run = triple_p_run(by=team_lead, capacity=1, first_days=1)
    first, second = place_families(run, team_lead, 2)
    sign_in(client, team_lead)
    url = f"/interventions/groups/{run.pk}/families/{first.pk}/remove/"
    assert "Take them off the run" in client.get(url).content.decode()
    client.post(url)
    first.refresh_from_db()
    assert first.group_run is None and list(groups.placed(run)) == [second]


@pytest.mark.parametrize("who", KEEPERS)
def test_those_who_keep_the_register_record_it(client, run, team_lead, facilitator, admin_assistant,
                                               psychologist, who):
    first, second = place_families(run, team_lead, 2)
    group_session = run.sessions.get(number=1)
    make_past(group_session)
    one, two = (enrolment.sessions.get(group_session=group_session) for enrolment in (first, second))
    user = users(team_lead, facilitator, admin_assistant, psychologist)[who]
    sign_in(client, user)
    response = client.post(f"/interventions/groups/sessions/{group_session.pk}/register/", {
        f"attendance_{one.pk}": A.ATTENDED, f"who_{one.pk}": ["mother", "father"],
        f"attendance_{two.pk}": A.DID_NOT_ATTEND})
    assert response.status_code == 302
    one.refresh_from_db()
    two.refresh_from_db()
    assert (one.attendance, one.mother_attended, one.father_attended, one.attendance_recorded_by) == (
        A.ATTENDED, True, True, user)
    assert two.attendance == A.DID_NOT_ATTEND
    page = client.get(f"/interventions/groups/{run.pk}/").content.decode()
    assert "1 of 2 families attended" in page


def test_a_register_with_a_mistake_saves_nothing_and_keeps_what_was_chosen(client, run, team_lead):
    first, second = place_families(run, team_lead, 2)
    group_session = run.sessions.get(number=1)
    make_past(group_session)
    one, two = (enrolment.sessions.get(group_session=group_session) for enrolment in (first, second))
    sign_in(client, team_lead)
    response = client.post(f"/interventions/groups/sessions/{group_session.pk}/register/", {
        f"attendance_{one.pk}": A.ATTENDED, f"who_{one.pk}": ["father"],
        f"attendance_{two.pk}": A.ATTENDED})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Choose who attended: mother, father or other carer" in page
    chosen = [tag for tag in re.findall(r"<input[^>]*>", page) if "checked" in tag]
    assert sorted(re.search(r'name="(\w+)"', tag).group(1) for tag in chosen) == sorted(
        [f"attendance_{one.pk}", f"attendance_{two.pk}", f"who_{one.pk}"])  # all kept as chosen
    assert not Session.objects.filter(group_session=group_session).exclude(attendance="").exists()


def test_a_session_to_come_has_no_register_to_fill_in(client, run, team_lead):
    place_families(run, team_lead, 1)
    sign_in(client, team_lead)
    page = client.get(f"/interventions/groups/sessions/{run.sessions.get(number=2).pk}/register/"
                      ).content.decode()
    assert "This session has not happened yet" in page and "Save the register" not in page


def _register_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_register_and_run_pages_do_not_make_more_queries_as_families_grow(client, team_lead):
    qualify(team_lead, "triple_p_baby")
    run = triple_p_run(by=team_lead, capacity=10, first_days=1)
    group_session = run.sessions.get(number=1)
    register_url = f"/interventions/groups/sessions/{group_session.pk}/register/"
    run_url = f"/interventions/groups/{run.pk}/"
    place_families(run, team_lead, 2)
    waiting_family(practitioner=team_lead)
    make_past(group_session)
    sign_in(client, team_lead)
    _register_queries(client, register_url)  # warm the session and caches
    few = (_register_queries(client, register_url), _register_queries(client, run_url))
    group_session.starts_at = at(1)
    group_session.save()
    group_session.register.update(starts_at=at(1))
    place_families(run, team_lead, 4)
    waiting_family(practitioner=team_lead)
    waiting_family(practitioner=team_lead)
    make_past(group_session)
    many = (_register_queries(client, register_url), _register_queries(client, run_url))
    assert many == few
    assert Session.objects.filter(group_session=group_session).count() == 6
