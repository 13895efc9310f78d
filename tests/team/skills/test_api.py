"""The skills API enforces the pages' access: own records for everyone who takes part, everyone's
for the team lead, nothing for viewers, and 404 for records someone may not see."""

import pytest

from team.models import (
    AuditResponse,
    Competency,
    CourseInvitation,
    CPDEntry,
    Organisation,
    PlannedCourse,
    TrainingRecord,
)
from team.roles import Role
from team.skills import services
from tests.factories import (
    AuditRoundFactory,
    CourseInvitationFactory,
    CPDEntryFactory,
    OrganisationFactory,
    PlannedCourseFactory,
    TrainingRecordFactory,
    staff_member,
)
from tests.team.skills.conftest import PARTICIPANTS, ROLES, all_levels, role_id

pytestmark = pytest.mark.django_db

API = "/api/v1"


@pytest.fixture
def world(db, token_client):
    def make(role):
        piew = OrganisationFactory(name="PIEW team", kind=Organisation.Kind.PIEW_TEAM)
        user, colleague = staff_member(role, piew), staff_member(Role.PIEW_WORKER, piew)
        audit_round = AuditRoundFactory()
        theirs = services.audit_response_submit(audit_round=audit_round, person=colleague,
                                                levels=all_levels())
        course = PlannedCourseFactory()
        return {
            "api": token_client(user), "user": user, "colleague": colleague, "round": audit_round,
            "response": theirs, "course": course,
            "own_record": TrainingRecordFactory(person=user, course="Mine"),
            "their_record": TrainingRecordFactory(person=colleague, course="Theirs"),
            "own_cpd": CPDEntryFactory(person=user), "their_cpd": CPDEntryFactory(person=colleague),
            "their_invitation": CourseInvitationFactory(course=course, person=colleague),
        }

    return make


def _ids(response) -> set[int]:
    return {row["id"] for row in response.json()["results"]}


@pytest.mark.parametrize("role", ROLES, ids=role_id)
def test_reading_competencies(world, role):
    w = world(role)
    response = w["api"].get(f"{API}/competencies/")
    if role in PARTICIPANTS:
        assert response.status_code == 200
        assert response.json()["count"] == Competency.objects.count()
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("role", ROLES, ids=role_id)
def test_adding_a_competency_is_for_the_team_lead(world, role):
    w = world(role)
    response = w["api"].post(f"{API}/competencies/", {"name": "Infant massage"}, format="json")
    assert response.status_code == (201 if role == Role.TEAM_LEAD else 403)
    assert Competency.objects.filter(name="Infant massage").exists() == (role == Role.TEAM_LEAD)


@pytest.mark.parametrize("role", ROLES, ids=role_id)
def test_lists_hold_own_records_or_for_the_team_lead_everyones(world, role):
    w = world(role)
    own = {"training-records": w["own_record"].pk, "cpd-entries": w["own_cpd"].pk}
    theirs = {"training-records": w["their_record"].pk, "cpd-entries": w["their_cpd"].pk,
              "audit-responses": w["response"].pk, "course-invitations": w["their_invitation"].pk}
    for endpoint in ("training-records", "cpd-entries", "audit-responses", "course-invitations"):
        response = w["api"].get(f"{API}/{endpoint}/")
        if role not in PARTICIPANTS:
            assert response.status_code == 403
            continue
        expected = ({own[endpoint]} if endpoint in own else set()) | (
            {theirs[endpoint]} if role == Role.TEAM_LEAD else set())
        assert _ids(response) == expected, endpoint


@pytest.mark.parametrize("role", ROLES, ids=role_id)
def test_someone_elses_records_are_not_found_and_not_changed(world, role):
    w = world(role)
    record, entry = w["their_record"], w["their_cpd"]
    api = w["api"]
    changes = {
        f"{API}/training-records/{record.pk}/": {"course": "Changed"},
        f"{API}/cpd-entries/{entry.pk}/": {"activity": "Changed"},
        f"{API}/audit-responses/{w['response'].pk}/": {"learning_wishes": "Changed"},
    }
    for path, data in changes.items():
        read, change = api.get(path), api.patch(path, data, format="json")
        if role == Role.TEAM_LEAD:
            assert read.status_code == 200
            # Answers are the person's own: the team lead reads them but does not change them.
            assert change.status_code == (403 if "audit-responses" in path else 200), path
        else:
            refused = 404 if role in PARTICIPANTS else 403
            assert (read.status_code, change.status_code) == (refused, refused)
    record.refresh_from_db()
    entry.refresh_from_db()
    w["response"].refresh_from_db()
    assert w["response"].learning_wishes != "Changed"
    assert (record.course == "Changed", entry.activity == "Changed") == ((role == Role.TEAM_LEAD,) * 2)


@pytest.mark.parametrize("role", sorted(PARTICIPANTS), ids=role_id)
def test_answering_the_audit(world, role):
    w = world(role)
    assessments = [{"competency": pk, "level": level} for pk, level in all_levels(2).items()]
    data = {"learning_wishes": "VIG", "assessments": assessments}
    response = w["api"].post(f"{API}/audit-responses/", data, format="json")
    assert response.status_code == 201, response.json()
    answer = AuditResponse.objects.get(person=w["user"])
    assert (answer.audit_round, answer.learning_wishes, answer.assessments.count()) == (
        w["round"], "VIG", len(assessments))
    assert response.json()["person"] == w["user"].pk


def test_answers_that_leave_a_competency_out_are_refused(world):
    w = world(Role.PARTNER)
    response = w["api"].post(f"{API}/audit-responses/", {"assessments": []}, format="json")
    assert response.status_code == 400
    assert "Select your level for" in response.json()["assessments"][0]
    assert not AuditResponse.objects.filter(person=w["user"]).exists()


@pytest.mark.parametrize("role", ROLES, ids=role_id)
def test_adding_training_for_someone_else_is_for_the_team_lead(world, role):
    w = world(role)
    data = {"person": w["colleague"].pk, "course": "Given by the API", "completed_on": "2025-03-03"}
    response = w["api"].post(f"{API}/training-records/", data, format="json")
    assert response.status_code == (201 if role == Role.TEAM_LEAD else 403)
    assert TrainingRecord.objects.filter(course="Given by the API").exists() == (role == Role.TEAM_LEAD)


def test_own_training_with_its_expiry_worked_out(world):
    w = world(Role.HEALTH_VISITOR)
    safeguarding = Competency.objects.get(name="Safeguarding children")
    response = w["api"].post(f"{API}/training-records/", {
        "competency": safeguarding.pk, "course": "Safeguarding level 3", "completed_on": "2025-03-03"},
        format="json")
    assert response.status_code == 201
    assert (response.json()["person"], response.json()["expires_on"]) == (w["user"].pk, "2028-03-03")


def test_bad_training_names_the_field(world):
    w = world(Role.PIEW_WORKER)
    response = w["api"].post(f"{API}/training-records/", {
        "course": "VIG", "completed_on": "2025-03-03", "expires_on": "2025-01-01"}, format="json")
    assert response.status_code == 400
    assert response.json() == {"expires_on": ["The expiry date must be on or after the date completed"]}


@pytest.mark.parametrize("role", ROLES, ids=role_id)
def test_the_plan(world, role):
    w = world(role)
    api, course = w["api"], w["course"]
    listed = api.get(f"{API}/planned-courses/")
    created = api.post(f"{API}/planned-courses/", {
        "competency": Competency.objects.first().pk, "title": "From the API", "date": "2026-03-03",
        "trainer": "Jo", "places": 5}, format="json")
    if role == Role.TEAM_LEAD:
        assert (_ids(listed), created.status_code) == ({course.pk}, 201)
    elif role in PARTICIPANTS:
        assert (_ids(listed), created.status_code) == (set(), 403)
        assert api.get(f"{API}/planned-courses/{course.pk}/").status_code == 404
    else:
        assert (listed.status_code, created.status_code) == (403, 403)
    assert PlannedCourse.objects.filter(title="From the API").exists() == (role == Role.TEAM_LEAD)


def test_invited_people_read_their_course_and_invitation_but_change_neither(world):
    w = world(Role.PIEW_WORKER)
    api, course = w["api"], w["course"]
    invitation = services.course_invite(course=course, people=[w["user"]], by=w["colleague"])[0]
    assert api.get(f"{API}/planned-courses/{course.pk}/").json()["title"] == course.title
    assert api.get(f"{API}/course-invitations/{invitation.pk}/").json()["attended"] is None
    assert api.patch(f"{API}/planned-courses/{course.pk}/", {"places": 99}, format="json").status_code == 403
    patched = api.patch(f"{API}/course-invitations/{invitation.pk}/", {"attended": True, "completed": True},
                        format="json")
    assert patched.status_code == 403
    invitation.refresh_from_db()
    assert (invitation.attended, invitation.completed) == (None, False)


def test_the_team_lead_invites_and_records_completion(world):
    w = world(Role.TEAM_LEAD)
    api, course = w["api"], w["course"]
    invite = {"course": course.pk, "person": w["user"].pk}
    created = api.post(f"{API}/course-invitations/", invite, format="json")
    assert created.status_code == 201
    assert api.post(f"{API}/course-invitations/", invite, format="json").status_code == 400
    path = f"{API}/course-invitations/{created.json()['id']}/"
    wrong = api.patch(path, {"completed": True}, format="json")
    assert wrong.status_code == 400 and "completed" in wrong.json()
    done = api.patch(path, {"attended": True, "completed": True}, format="json")
    assert done.status_code == 200
    invitation = CourseInvitation.objects.get(pk=created.json()["id"])
    assert invitation.training_record.course == course.title
    assert done.json()["training_record"] == invitation.training_record.pk


def test_cpd_through_the_api(world):
    w = world(Role.PARTNER)
    response = w["api"].post(f"{API}/cpd-entries/", {"date": "2025-05-01", "activity": "Peer supervision",
                                                     "hours": "1.5"}, format="json")
    assert response.status_code == 201
    assert CPDEntry.objects.get(activity="Peer supervision").person == w["user"]
    bad = w["api"].post(f"{API}/cpd-entries/", {"date": "2025-05-01", "activity": "x", "hours": "0"},
                        format="json")
    assert bad.status_code == 400 and "hours" in bad.json()


def test_the_api_schema_lists_the_skills_endpoints(client_for):
    schema = client_for(Role.TEAM_LEAD).get("/api/schema/").content.decode()
    for endpoint in ("competencies", "audit-responses", "training-records", "planned-courses",
                     "course-invitations", "cpd-entries"):
        assert f"/api/v1/{endpoint}/" in schema
