"""The permission matrix of the skills pages: every role, its own records and someone else's.

People who take part (every role but viewers) open their own pages and records; someone else's
record is "Page not found", exactly as a missing one; the team lead's pages are "You cannot do
this" to everyone else. After every refused post, nothing has changed.
"""

from dataclasses import dataclass

import pytest

from team.models import AuditRound, Competency, CourseInvitation, CPDEntry, Organisation, TrainingRecord, User
from team.roles import Role
from tests.conftest import sign_in
from tests.factories import (
    AuditResponseFactory,
    AuditRoundFactory,
    CourseInvitationFactory,
    CPDEntryFactory,
    OrganisationFactory,
    PlannedCourseFactory,
    TrainingRecordFactory,
    staff_member,
)
from tests.team.skills.conftest import PARTICIPANTS, ROLES, all_levels, audit_post, heading, role_id

pytestmark = pytest.mark.django_db

OWN, OTHER = "own", "other"


@dataclass
class World:
    user: User
    colleague: User
    audit_round: AuditRound
    records: dict
    cpd: dict
    course: object


@pytest.fixture
def world(client, db):
    def make(role: Role | None) -> World:
        organisation = OrganisationFactory(name="PIEW team", kind=Organisation.Kind.PIEW_TEAM)
        user = staff_member(role, organisation)
        colleague = staff_member(Role.PIEW_WORKER, organisation)
        audit_round = AuditRoundFactory()
        AuditResponseFactory(audit_round=audit_round, person=colleague)
        records = {OWN: TrainingRecordFactory(person=user, course="My own course"),
                   OTHER: TrainingRecordFactory(person=colleague, course="Colleague's course")}
        cpd = {OWN: CPDEntryFactory(person=user, activity="My own reading"),
               OTHER: CPDEntryFactory(person=colleague, activity="Colleague's reading")}
        course = PlannedCourseFactory()
        CourseInvitationFactory(course=course, person=colleague)
        sign_in(client, user)
        return World(user, colleague, audit_round, records, cpd, course)

    return make


def _status(role: Role | None, access: str, whose: str = OWN) -> int:
    if access == "lead":
        return 200 if role == Role.TEAM_LEAD else 403
    if access == "personal":
        return 200 if role in PARTICIPANTS else 403
    if whose == OTHER:
        return 200 if role == Role.TEAM_LEAD else 404
    return 200 if role in PARTICIPANTS else 404


PERSONAL = {
    "/skills/": "My skills",
    "/skills/audit/": None,  # the round's own title
    "/skills/training/new/": "Add training",
    "/skills/cpd/new/": "Add to my CPD log",
}

LEAD = {
    "/skills/competencies/": "Competencies",
    "/skills/competencies/new/": "Add a competency",
    "/skills/rounds/": "Audit rounds",
    "/skills/rounds/new/": "Open an audit round",
    "/skills/expiring/": "Training running out",
    "/skills/gaps/": "Gap analysis",
    "/skills/plan/": "Training plan",
    "/skills/plan/new/": "Plan a course",
}


@pytest.mark.parametrize("path", PERSONAL)
@pytest.mark.parametrize("role", ROLES, ids=role_id)
def test_personal_pages(client, world, role, path):
    w = world(role)
    response = client.get(path)
    assert response.status_code == _status(role, "personal")
    expected = PERSONAL[path] or w.audit_round.title
    assert heading(response) == (expected if response.status_code == 200 else "You cannot do this")


@pytest.mark.parametrize("path", LEAD)
@pytest.mark.parametrize("role", ROLES, ids=role_id)
def test_team_lead_pages(client, world, role, path):
    world(role)
    response = client.get(path)
    assert response.status_code == _status(role, "lead")
    assert heading(response) == (LEAD[path] if response.status_code == 200 else "You cannot do this")


LEAD_RECORD_PAGES = {
    "round": (lambda w: f"/skills/rounds/{w.audit_round.pk}/", lambda w: w.audit_round.title),
    "person": (lambda w: f"/skills/people/{w.colleague.pk}/", lambda w: str(w.colleague)),
    "person-training": (lambda w: f"/skills/people/{w.colleague.pk}/training/new/", lambda w: "Add training"),
    "competency": (lambda w: f"/skills/competencies/{Competency.objects.first().pk}/",
                   lambda w: f"Change {Competency.objects.first().name}"),
    "course": (lambda w: f"/skills/plan/{w.course.pk}/", lambda w: w.course.title),
    "course-edit": (lambda w: f"/skills/plan/{w.course.pk}/edit/", lambda w: f"Change {w.course.title}"),
    "attendance": (lambda w: f"/skills/plan/{w.course.pk}/attendance/",
                   lambda w: f"Attendance: {w.course.title}"),
}


@pytest.mark.parametrize("page", LEAD_RECORD_PAGES)
@pytest.mark.parametrize("role", ROLES, ids=role_id)
def test_team_lead_record_pages(client, world, role, page):
    w = world(role)
    path, title = LEAD_RECORD_PAGES[page]
    response = client.get(path(w))
    assert response.status_code == _status(role, "lead")
    assert heading(response) == (title(w) if response.status_code == 200 else "You cannot do this")


RECORD_PAGES = {
    "training": (lambda w, whose: f"/skills/training/{w.records[whose].pk}/",
                 lambda w, whose: f"Change {w.records[whose].course}"),
    "cpd": (lambda w, whose: f"/skills/cpd/{w.cpd[whose].pk}/",
            lambda w, whose: f"Change {w.cpd[whose].activity}"),
}


@pytest.mark.parametrize("page", RECORD_PAGES)
@pytest.mark.parametrize("whose", [OWN, OTHER])
@pytest.mark.parametrize("role", ROLES, ids=role_id)
def test_record_pages(client, world, role, whose, page):
    w = world(role)
    path, title = RECORD_PAGES[page]
    response = client.get(path(w, whose))
    status = _status(role, "record", whose)
    assert response.status_code == status
    assert heading(response) == {200: title(w, whose), 404: "Page not found"}[status]
    if status == 404:
        assert "Colleague" not in response.content.decode()


@pytest.mark.parametrize("path", ["/skills/", "/skills/gaps/", "/skills/gaps/export/csv/", "/skills/audit/"])
def test_anonymous_is_sent_to_sign_in(client, path):
    assert client.get(path)["Location"].startswith("/sign-in/")


# Refused posts: (path, data, what the post would change) for a role that may not make it.
def _records_state(w: World) -> list:
    return (list(TrainingRecord.objects.order_by("pk").values_list("pk", "course", "provider"))
            + list(CPDEntry.objects.order_by("pk").values_list("pk", "activity", "hours")))


def _plan_state(w: World) -> list:
    return [list(AuditRound.objects.values_list("pk", "title", "closed_at")),
            list(CourseInvitation.objects.values_list("pk", "person_id", "attended", "completed")),
            list(Competency.objects.order_by("pk").values_list("name", "active")),
            w.course.__class__.objects.count()]


LEAD_POSTS = {
    "round-open": lambda w: ("/skills/rounds/new/", {"title": "Mine now", "closes_on_0": "1",
                                                      "closes_on_1": "1", "closes_on_2": "2031"}),
    "round-close": lambda w: (f"/skills/rounds/{w.audit_round.pk}/close/", {}),
    "competency-edit": lambda w: (f"/skills/competencies/{Competency.objects.first().pk}/",
                                  {"name": "Renamed", "aware_label": "A", "skilled_label": "B",
                                   "expert_label": "C"}),
    "course-add": lambda w: ("/skills/plan/new/", {"competency": Competency.objects.first().pk,
                                                   "title": "Mine", "date_0": "1", "date_1": "1",
                                                   "date_2": "2031", "trainer": "Me", "places": "3"}),
    "attendance": lambda w: (f"/skills/plan/{w.course.pk}/attendance/",
                             {f"invitation_{w.course.invitations.get().pk}": "completed"}),
    "person-training": lambda w: (f"/skills/people/{w.colleague.pk}/training/new/",
                                  {"course": "Sneaky", "completed_on_0": "1", "completed_on_1": "1",
                                   "completed_on_2": "2024"}),
}


@pytest.mark.parametrize("action", LEAD_POSTS)
@pytest.mark.parametrize("role", [r for r in ROLES if r != Role.TEAM_LEAD], ids=role_id)
def test_team_lead_posts_are_refused_to_everyone_else(client, world, role, action):
    w = world(role)
    before = (_plan_state(w), _records_state(w))
    path, data = LEAD_POSTS[action](w)
    response = client.post(path, data)
    assert response.status_code == 403
    assert heading(response) == "You cannot do this"
    assert (_plan_state(w), _records_state(w)) == before


@pytest.mark.parametrize("page", ["training", "cpd"])
@pytest.mark.parametrize("role", [r for r in ROLES if r != Role.TEAM_LEAD], ids=role_id)
def test_changing_someone_elses_record_is_not_found(client, world, role, page):
    w = world(role)
    before = _records_state(w)
    path = RECORD_PAGES[page][0](w, OTHER)
    data = {"course": "Changed", "completed_on_0": "1", "completed_on_1": "1", "completed_on_2": "2024",
            "activity": "Changed", "hours": "2", "date_0": "1", "date_1": "1", "date_2": "2024"}
    response = client.post(path, data)
    assert response.status_code == 404
    assert _records_state(w) == before


@pytest.mark.parametrize("role", [Role.VIEWER, None], ids=role_id)
def test_viewers_cannot_answer_the_audit(client, world, role):
    w = world(role)
    response = client.post("/skills/audit/", audit_post(all_levels(2)))
    assert response.status_code == 403
    assert not w.audit_round.responses.filter(person=w.user).exists()


def test_the_team_lead_changes_someone_elses_training(client, world):
    w = world(Role.TEAM_LEAD)
    record = w.records[OTHER]
    response = client.post(f"/skills/training/{record.pk}/", {
        "course": "Corrected name", "completed_on_0": "3", "completed_on_1": "3", "completed_on_2": "2025"})
    assert response["Location"] == f"/skills/people/{w.colleague.pk}/"
    record.refresh_from_db()
    assert record.course == "Corrected name"
    assert record.history.first().history_user == w.user
