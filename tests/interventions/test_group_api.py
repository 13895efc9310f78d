"""The group API: the pages' access, setting a run up, and reading and recording a register."""

import pytest
from django.core.management import call_command

from families.models import FamilyAccessLog
from interventions.models import GroupRun, Session
from interventions.services import groups
from team.roles import Role
from tests.factories import HubFactory
from tests.interventions.conftest import person
from tests.interventions.groups_helpers import at, triple_p_run, waiting_family

pytestmark = pytest.mark.django_db

A = Session.Attendance


@pytest.fixture
def facilitator(db):
    return person(Role.PIEW_WORKER, "facilitator")


@pytest.fixture
def register(team_lead, facilitator):
    """A run whose first session happened yesterday, with two families on its register."""
    run = triple_p_run(by=team_lead, facilitators=[team_lead, facilitator], capacity=4, first_days=1)
    enrolments = [waiting_family(practitioner=team_lead, with_father=True) for _ in range(2)]
    for enrolment in enrolments:
        groups.group_place(run=run, enrolment=enrolment, by=team_lead)
    group_session = run.sessions.get(number=1)
    group_session.starts_at = at(-1)
    group_session.save()
    group_session.register.update(starts_at=at(-1))
    rows = [enrolment.sessions.get(group_session=group_session) for enrolment in enrolments]
    return group_session, rows


def test_the_team_lead_sets_up_a_run_by_api(token_client, team_lead, facilitator):
    hub = HubFactory()
    response = token_client(team_lead).post("/api/v1/group-runs/", {
        "programme": "triple_p_baby", "title": "Triple P Baby, Ashby", "hub": hub.pk, "capacity": 4,
        "facilitators": [team_lead.pk, facilitator.pk], "first_session": "2026-03-03T10:00:00Z",
        "weekly_sessions": 4, "minutes": 120}, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["starts_on"], body["ends_on"], body["places_taken"], len(body["sessions"])) == (
        "2026-03-03", "2026-03-24", 0, 4)
    assert GroupRun.objects.get().sessions.count() == 4


def test_bad_input_is_a_400_with_the_field_named(token_client, team_lead):
    response = token_client(team_lead).post("/api/v1/group-runs/", {
        "programme": "vig", "title": "VIG", "hub": HubFactory().pk, "capacity": 4,
        "facilitators": [team_lead.pk], "first_session": "2026-03-03T10:00:00Z", "weekly_sessions": 4},
        format="json")
    assert response.status_code == 400
    assert response.json() == {"programme": ["Video Interaction Guidance is not delivered in groups"]}
    assert not GroupRun.objects.exists()


@pytest.mark.parametrize("role, listing", [(Role.PARTNER, 403), (Role.VIEWER, 403), (Role.PIEW_WORKER, 200)])
def test_who_may_list_and_set_up_runs(token_client, register, team_lead, role, listing):
    api = token_client(person(role, "someone"))
    response = api.get("/api/v1/group-runs/")
    assert response.status_code == listing
    if listing == 200:
        assert response.json()["count"] == 0  # a worker sees only the runs they facilitate
    created = api.post("/api/v1/group-runs/", {
        "programme": "triple_p_baby", "title": "Mine", "hub": HubFactory().pk, "capacity": 4,
        "facilitators": [team_lead.pk], "first_session": "2026-03-03T10:00:00Z", "weekly_sessions": 4},
        format="json")
    assert created.status_code in (400, 403)
    assert GroupRun.objects.count() == 1


@pytest.mark.parametrize("who, status", [("team_lead", 200), ("facilitator", 200), ("admin", 200),
                                         ("other_worker", 404), ("partner", 404), ("viewer", 404)])
def test_the_register_has_the_pages_access(token_client, register, team_lead, facilitator, admin_assistant,
                                           who, status):
    group_session, rows = register
    user = {"team_lead": team_lead, "facilitator": facilitator, "admin": admin_assistant,
            "other_worker": person(Role.PIEW_WORKER, "other"), "partner": person(Role.PARTNER, "partner"),
            "viewer": person(Role.VIEWER, "viewer")}[who]
    api = token_client(user)
    url = f"/api/v1/group-sessions/{group_session.pk}/register/"
    assert api.get(f"/api/v1/group-runs/{group_session.run_id}/").status_code == status
    assert api.get(url).status_code == status
    response = api.post(url, {"entries": [{"session": rows[0].pk, "attendance": A.DID_NOT_ATTEND}]},
                        format="json")
    assert response.status_code == status
    rows[0].refresh_from_db()
    assert rows[0].attendance == (A.DID_NOT_ATTEND if status == 200 else "")


def test_the_register_lists_each_family_and_logs_the_reads(token_client, register, facilitator):
    group_session, rows = register
    response = token_client(facilitator).get(f"/api/v1/group-sessions/{group_session.pk}/register/")
    body = response.json()
    assert [row["session"] for row in body] == [row.pk for row in rows]
    assert body[0]["family"] == rows[0].enrolment.case.family.reference
    assert len(body[0]["taking_part"]) == 2 and body[0]["attendance"] == ""
    assert FamilyAccessLog.objects.filter(user=facilitator, page="API: group register").count() == 2


def test_recording_the_register_by_api_is_all_or_nothing(token_client, register, facilitator):
    group_session, (one, two) = register
    api = token_client(facilitator)
    url = f"/api/v1/group-sessions/{group_session.pk}/register/"
    refused = api.post(url, {"entries": [
        {"session": one.pk, "attendance": A.ATTENDED, "who": ["father"]},
        {"session": two.pk, "attendance": A.ATTENDED}]}, format="json")
    assert refused.status_code == 400
    assert refused.json() == {str(two.pk): ["Choose who attended: mother, father or other carer"]}
    assert not Session.objects.filter(pk__in=[one.pk, two.pk]).exclude(attendance="").exists()
    saved = api.post(url, {"entries": [
        {"session": one.pk, "attendance": A.ATTENDED, "who": ["father"]},
        {"session": two.pk, "attendance": A.CANCELLED_BY_FAMILY}]}, format="json")
    assert saved.status_code == 200
    assert [(row["attendance"], row["who"]) for row in saved.json()] == [
        (A.ATTENDED, ["father"]), (A.CANCELLED_BY_FAMILY, [])]


def test_anonymous_api_refused(client, register):
    group_session, _ = register
    assert client.get("/api/v1/group-runs/").status_code in (401, 403)
    assert client.get(f"/api/v1/group-sessions/{group_session.pk}/register/").status_code in (401, 403)


def test_the_schema_lists_the_group_endpoints_without_warnings(tmp_path, capsys):
    call_command("spectacular", "--file", str(tmp_path / "schema.yml"))
    warnings = capsys.readouterr().err
    for name in ("GroupRun", "GroupSession", "group-runs", "group-sessions", "Register"):
        assert name not in warnings, warnings
    schema = (tmp_path / "schema.yml").read_text()
    for path in ("/api/v1/group-runs/", "/api/v1/group-runs/{id}/", "/api/v1/group-sessions/{id}/register/"):
        assert path in schema


def test_cancelling_a_run_by_api_has_the_pages_access(token_client, register, team_lead):
    group_session, _ = register
    run = group_session.run
    assert token_client(person(Role.PIEW_WORKER, "outsider")).post(
        f"/api/v1/group-runs/{run.pk}/cancel/").status_code == 404
    api = token_client(team_lead)
    response = api.post(f"/api/v1/group-runs/{run.pk}/cancel/")
    assert response.status_code == 200 and response.json()["cancelled_at"]
    assert response.json()["places_taken"] == 0
    again = api.post(f"/api/v1/group-runs/{run.pk}/cancel/")
    assert again.status_code == 409 and "already cancelled" in again.json()["detail"]
