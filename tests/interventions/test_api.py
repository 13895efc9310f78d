"""The catalogue, enrolments and sessions API: the same access as the pages, refusals with the
field named, session notes only for those who may read case notes, and token sign-in."""

import pytest
from django.core.management import call_command

from interventions.models import DeliveryOverride, Enrolment, Programme, Session
from team.models import Competency, Level
from team.roles import Role
from tests.interventions.conftest import (
    attended_session,
    consenting_case,
    enrolled,
    past,
    person,
    programme,
    qualify,
)

pytestmark = pytest.mark.django_db

PROGRAMMES = "/api/v1/programmes/"
ENROLMENTS = "/api/v1/enrolments/"
SESSIONS = "/api/v1/sessions/"


@pytest.fixture
def api(token_client):
    """api(user) -> an API client signed in with the user's token."""
    return token_client


def ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def new_programme(**changes) -> dict:
    return {"code": "cos_p", "name": "Circle of Security Parenting", "formats": ["group"],
            "minimum_attended": 6, "caseload_weight": 2, "measures_before": ["KPCS"],
            "measures_after": ["KPCS"],
            "session_kinds": [{"name": "Group session", "expected": 8, "with_family": True}],
            "delivery_requirements": [], **changes}


# The catalogue


@pytest.mark.parametrize("role", [Role.TEAM_LEAD, Role.PIEW_WORKER, Role.HEALTH_VISITOR,
                                  Role.ADMIN_ASSISTANT, Role.CLINICAL_PSYCHOLOGIST])
def test_team_roles_read_the_catalogue_with_its_sessions_and_requirements(api, role):
    response = api(person(role, "reader")).get(PROGRAMMES)
    assert response.status_code == 200
    vig = next(row for row in response.json()["results"] if row["code"] == "vig")
    assert [kind["name"] for kind in vig["session_kinds"]] == ["Filming", "Micro-analysis", "Shared review"]
    requirement = programme("vig").delivery_requirements.get()
    assert vig["delivery_requirements"] == [{"competency": requirement.competency_id, "minimum_level": 1}]
    assert (vig["expected_sessions"], vig["measures_before"]) == (9, ["EPDS", "KPCS", "PRFQ"])


@pytest.mark.parametrize("role", [Role.PARTNER, Role.VIEWER])
def test_partners_and_viewers_cannot_read_the_catalogue(api, role):
    client = api(person(role, "outsider"))
    assert client.get(PROGRAMMES).status_code == 403
    assert client.get(f"{PROGRAMMES}{programme('vig').pk}/").status_code == 403


def test_anonymous_requests_are_refused(client):
    assert client.get(PROGRAMMES).status_code in (401, 403)
    assert client.get(ENROLMENTS).status_code in (401, 403)


def test_the_team_lead_adds_an_intervention_with_sessions_and_requirements(api, team_lead):
    competency = Competency.objects.filter(active=True).first()
    response = api(team_lead).post(PROGRAMMES, new_programme(delivery_requirements=[
        {"competency": competency.pk, "minimum_level": 2}]), format="json")
    assert response.status_code == 201, response.content
    added = Programme.objects.get(code="cos_p")
    assert response.json()["id"] == added.pk
    assert list(added.session_kinds.values_list("name", "expected", "with_family")) == [
        ("Group session", 8, True)]
    assert list(added.delivery_requirements.values_list("competency", "minimum_level")) == [
        (competency.pk, Level.SKILLED)]
    assert added.history.get().history_user == team_lead


@pytest.mark.parametrize("role", [Role.PIEW_WORKER, Role.ADMIN_ASSISTANT, Role.CLINICAL_PSYCHOLOGIST])
def test_only_the_team_lead_changes_the_catalogue(api, role):
    client = api(person(role, "reader"))
    vig = programme("vig")
    assert client.post(PROGRAMMES, new_programme(), format="json").status_code == 403
    assert client.patch(f"{PROGRAMMES}{vig.pk}/", {"minimum_attended": 1}, format="json").status_code == 403
    vig.refresh_from_db()
    assert vig.minimum_attended == 4 and not Programme.objects.filter(code="cos_p").exists()


def test_a_change_keeps_the_kinds_not_mentioned_and_is_in_the_history(api, team_lead):
    vig = programme("vig")
    response = api(team_lead).patch(f"{PROGRAMMES}{vig.pk}/", {"caseload_weight": 5}, format="json")
    assert response.status_code == 200
    vig.refresh_from_db()
    assert vig.caseload_weight == 5 and vig.session_kinds.count() == 3
    assert vig.history.first().history_user == team_lead


def test_kinds_are_changed_by_id_and_those_left_out_removed(api, team_lead):
    triple = programme("triple_p_baby")
    group, phone = triple.session_kinds.order_by("position")
    response = api(team_lead).patch(f"{PROGRAMMES}{triple.pk}/", {"minimum_attended": 4, "session_kinds": [
        {"id": group.pk, "name": "Group session", "expected": 5, "with_family": True}]}, format="json")
    assert response.status_code == 200, response.content
    assert list(triple.session_kinds.values_list("pk", "expected")) == [(group.pk, 5)]
    assert response.json()["session_kinds"] == [
        {"id": group.pk, "name": "Group session", "expected": 5, "with_family": True}]


def test_bad_catalogue_input_names_the_field(api, team_lead):
    client = api(team_lead)
    response = client.post(PROGRAMMES, new_programme(formats=["carrier_pigeon"], measures_before=["NOPE"]),
                           format="json")
    assert response.status_code == 400
    assert set(response.json()) == {"formats", "measures_before"}
    too_many = client.post(PROGRAMMES, new_programme(minimum_attended=9), format="json")
    assert too_many.status_code == 400 and "minimum_attended" in too_many.json()
    assert not Programme.objects.filter(code="cos_p").exists()


def test_the_code_cannot_change_once_families_are_enrolled(api, team_lead, vig):
    chosen = programme("vig")
    response = api(team_lead).patch(f"{PROGRAMMES}{chosen.pk}/", {"code": "vig2"}, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == [
        "The code cannot change: families are enrolled in Video Interaction Guidance"]
    chosen.refresh_from_db()
    assert chosen.code == "vig"


# Enrolments: who sees which


@pytest.fixture
def other_worker(db):
    return person(Role.PIEW_WORKER, "other")


@pytest.fixture
def others_enrolment(other_worker):
    case = consenting_case(key_worker=other_worker)
    return enrolled(case=case, code="triple_p_baby", practitioner=other_worker)


def test_a_piew_worker_sees_only_enrolments_of_their_caseload(api, piew_worker, vig, others_enrolment):
    client = api(piew_worker)
    assert ids(client.get(ENROLMENTS)) == {vig.pk}
    assert client.get(f"{ENROLMENTS}{others_enrolment.pk}/").status_code == 404
    row = client.get(f"{ENROLMENTS}{vig.pk}/").json()
    assert (row["programme"], row["family_reference"]) == ("vig", vig.case.family.reference)


@pytest.mark.parametrize("role", [Role.TEAM_LEAD, Role.ADMIN_ASSISTANT, Role.CLINICAL_PSYCHOLOGIST])
def test_whole_service_roles_see_every_enrolment(api, role, vig, others_enrolment):
    assert ids(api(person(role, "whole")).get(ENROLMENTS)) == {vig.pk, others_enrolment.pk}


@pytest.mark.parametrize("role", [Role.PARTNER, Role.VIEWER, Role.HEALTH_VISITOR])
def test_others_see_no_enrolments(api, role, vig):
    client = api(person(role, "outsider"))
    assert ids(client.get(ENROLMENTS)) == set()
    assert client.get(f"{ENROLMENTS}{vig.pk}/").status_code == 404
    assert ids(client.get(SESSIONS)) == set()


def test_reading_an_enrolment_is_logged(api, piew_worker, vig):
    from families.models import FamilyAccessLog

    api(piew_worker).get(f"{ENROLMENTS}{vig.pk}/")
    log = FamilyAccessLog.objects.get(user=piew_worker)
    assert (log.family, log.page) == (vig.case.family, "API: enrolment")


# Enrolling


def enrolment_payload(case, practitioner, code="vig", **changes) -> dict:
    return {"case": case.pk, "programme": code, "caregivers": [c.pk for c in case.family.caregivers.all()],
            "practitioner": practitioner.pk, "format": "one_to_one", **changes}


def test_a_qualified_practitioner_enrols_their_family(api, piew_worker, case):
    qualify(piew_worker, "vig")
    response = api(piew_worker).post(ENROLMENTS, enrolment_payload(case, piew_worker), format="json")
    assert response.status_code == 201, response.content
    enrolment = Enrolment.objects.get()
    assert (response.json()["id"], enrolment.practitioner, enrolment.planned_cycles) == (
        enrolment.pk, piew_worker, 3)
    assert "override_reason" not in response.json()


def test_an_unqualified_practitioner_is_refused_naming_the_practitioner(api, piew_worker, case):
    response = api(piew_worker).post(ENROLMENTS, enrolment_payload(case, piew_worker), format="json")
    assert response.status_code == 400
    assert "is not recorded as qualified to deliver Video Interaction Guidance" in (
        response.json()["practitioner"][0])
    assert not Enrolment.objects.exists()


def test_only_the_team_lead_overrides_and_the_override_is_logged(api, piew_worker, team_lead, case):
    payload = enrolment_payload(case, piew_worker, override_reason="Supervised while training")
    refused = api(piew_worker).post(ENROLMENTS, payload, format="json")
    assert refused.status_code == 400 and "override_reason" in refused.json()
    assert not Enrolment.objects.exists()
    response = api(team_lead).post(ENROLMENTS, payload, format="json")
    assert response.status_code == 201, response.content
    override = DeliveryOverride.objects.get()
    assert (override.enrolment_id, override.practitioner, override.decided_by, override.reason) == (
        response.json()["id"], piew_worker, team_lead, "Supervised while training")


def test_the_administrator_cannot_enrol(api, admin_assistant, piew_worker, case):
    qualify(piew_worker, "vig")
    response = api(admin_assistant).post(ENROLMENTS, enrolment_payload(case, piew_worker), format="json")
    assert response.status_code == 403
    assert not Enrolment.objects.exists()


def test_a_family_not_on_the_caseload_cannot_be_enrolled(api, other_worker, piew_worker, case):
    qualify(other_worker, "vig")
    response = api(other_worker).post(ENROLMENTS, enrolment_payload(case, other_worker), format="json")
    assert response.status_code == 400 and set(response.json()) >= {"case", "caregivers"}
    assert not Enrolment.objects.exists()


def test_bad_enrolment_input_names_the_fields(api, piew_worker, case):
    response = api(piew_worker).post(ENROLMENTS, enrolment_payload(
        case, piew_worker, programme="nope", format="by_post"), format="json")
    assert response.status_code == 400 and set(response.json()) == {"programme", "format"}


# Ending an enrolment


def test_completing_needs_the_minimum_attended(api, piew_worker, vig):
    response = api(piew_worker).post(f"{ENROLMENTS}{vig.pk}/complete/", {"completed": True}, format="json")
    assert response.status_code == 400
    assert "counts as completed after 4 attended sessions" in response.json()["outcome"][0]
    vig.refresh_from_db()
    assert vig.is_open


def test_ending_early_then_again_is_a_conflict(api, piew_worker, vig):
    client = api(piew_worker)
    url = f"{ENROLMENTS}{vig.pk}/complete/"
    missing = client.post(url, {"completed": False}, format="json")
    assert missing.status_code == 400 and "end_reason" in missing.json()
    ended = client.post(url, {"completed": False, "end_reason": "withdrew"}, format="json")
    assert ended.status_code == 200 and ended.json()["status"] == "ended_early"
    again = client.post(url, {"completed": False, "end_reason": "withdrew"}, format="json")
    assert again.status_code == 409
    assert "already ended early" in again.json()["detail"]


def test_completing_with_enough_sessions(api, piew_worker, case):
    peer = enrolled(case=case, code="peer_support", practitioner=piew_worker)
    for days in (3, 2, 1):
        attended_session(peer, piew_worker, days_ago=days)
    response = api(piew_worker).post(f"{ENROLMENTS}{peer.pk}/complete/", {"completed": True}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "completed"


def test_the_administrator_may_not_end_an_enrolment(api, admin_assistant, vig):
    response = api(admin_assistant).post(f"{ENROLMENTS}{vig.pk}/complete/",
                                         {"completed": False, "end_reason": "withdrew"}, format="json")
    assert response.status_code == 403
    vig.refresh_from_db()
    assert vig.is_open


def test_someone_elses_enrolment_cannot_be_ended(api, other_worker, vig):
    response = api(other_worker).post(f"{ENROLMENTS}{vig.pk}/complete/",
                                      {"completed": False, "end_reason": "withdrew"}, format="json")
    assert response.status_code == 404
    vig.refresh_from_db()
    assert vig.is_open


# Sessions


@pytest.fixture
def peer(case, piew_worker):
    return enrolled(case=case, code="peer_support", practitioner=piew_worker)


def booking(enrolment, **changes) -> dict:
    return {"enrolment": enrolment.pk, "starts_at": past(2).isoformat(), "mode": "home", **changes}


def test_a_session_is_booked_and_its_attendance_recorded_with_notes(api, piew_worker, peer):
    client = api(piew_worker)
    booked = client.post(SESSIONS, booking(peer), format="json")
    assert booked.status_code == 201, booked.content
    session_id = booked.json()["id"]
    recorded = client.post(f"{SESSIONS}{session_id}/attendance/", {
        "attendance": "attended", "who": ["mother", "father"], "notes": "Talked about sleep"}, format="json")
    assert recorded.status_code == 200, recorded.content
    assert (recorded.json()["who"], recorded.json()["notes"]) == (["mother", "father"], "Talked about sleep")
    session = Session.objects.get(pk=session_id)
    assert (session.attendance, session.notes, session.attendance_recorded_by) == (
        "attended", "Talked about sleep", piew_worker)


def test_the_administrator_sees_sessions_without_notes(api, admin_assistant, piew_worker, peer):
    session = attended_session(peer, piew_worker)
    Session.objects.filter(pk=session.pk).update(notes="Mother spoke about low mood")
    client = api(admin_assistant)
    listed = client.get(SESSIONS).json()["results"]
    assert [row["id"] for row in listed] == [session.pk] and "notes" not in listed[0]
    read = client.get(f"{SESSIONS}{session.pk}/").json()
    assert "notes" not in read and read["attendance"] == "attended"
    assert api(piew_worker).get(f"{SESSIONS}{session.pk}/").json()["notes"] == "Mother spoke about low mood"


def test_the_administrator_books_and_records_but_may_not_write_notes(api, admin_assistant, peer):
    client = api(admin_assistant)
    booked = client.post(SESSIONS, booking(peer), format="json")
    assert booked.status_code == 201 and "notes" not in booked.json()
    url = f"{SESSIONS}{booked.json()['id']}/attendance/"
    refused = client.post(url, {"attendance": "attended", "who": ["mother"], "notes": "x"}, format="json")
    assert refused.status_code == 403
    assert Session.objects.get().attendance == ""
    assert client.post(url, {"attendance": "attended", "who": ["mother"]}, format="json").status_code == 200


def test_bad_attendance_names_the_field(api, piew_worker, peer):
    client = api(piew_worker)
    session_id = client.post(SESSIONS, booking(peer), format="json").json()["id"]
    url = f"{SESSIONS}{session_id}/attendance/"
    no_one = client.post(url, {"attendance": "attended"}, format="json")
    assert no_one.status_code == 400 and no_one.json() == {"who": [
        "Choose who attended: mother, father or other carer"]}
    unknown = client.post(url, {"attendance": "maybe"}, format="json")
    assert unknown.status_code == 400 and "attendance" in unknown.json()
    assert Session.objects.get().attendance == ""


def test_a_hub_session_needs_the_hub(api, piew_worker, peer):
    response = api(piew_worker).post(SESSIONS, booking(peer, mode="hub"), format="json")
    assert response.status_code == 400 and "hub" in response.json()
    assert not Session.objects.exists()


def test_someone_elses_sessions_are_invisible(api, other_worker, piew_worker, peer):
    session = attended_session(peer, piew_worker)
    client = api(other_worker)
    assert ids(client.get(SESSIONS)) == set()
    assert client.get(f"{SESSIONS}{session.pk}/").status_code == 404
    assert client.post(f"{SESSIONS}{session.pk}/attendance/", {"attendance": "did_not_attend"},
                       format="json").status_code == 404
    booked = client.post(SESSIONS, booking(peer), format="json")
    assert booked.status_code == 400 and "enrolment" in booked.json()
    assert Session.objects.count() == 1


# The schema


def test_the_schema_lists_the_endpoints_without_warnings(tmp_path, capsys):
    call_command("spectacular", "--file", str(tmp_path / "schema.yml"))
    warnings = capsys.readouterr().err
    for viewset in ("ProgrammeViewSet", "EnrolmentViewSet", "SessionViewSet", "programmes", "enrolments",
                    "sessions", "Formats", "Measures", "Who"):
        assert viewset not in warnings, warnings
    schema = (tmp_path / "schema.yml").read_text()
    for path in ("/api/v1/programmes/", "/api/v1/enrolments/{id}/complete/",
                 "/api/v1/sessions/{id}/attendance/"):
        assert path in schema
