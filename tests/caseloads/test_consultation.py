"""Consultation and supervision notes: written by the clinical psychologist, read only by the
psychologist, the key worker and the team lead."""

import pytest

from caseloads.models import ConsultationNote
from families.chronology import family_chronology
from team.roles import Role
from tests.factories import CaseFactory, UserFactory, family_with_people

pytestmark = pytest.mark.django_db


@pytest.fixture
def case():
    worker = UserFactory(username="amy", role=Role.PIEW_WORKER)
    return CaseFactory(family=family_with_people(), key_worker=worker)


def url(case) -> str:
    return f"/caseloads/cases/{case.pk}/consultation/"


def test_the_psychologist_writes_a_note_the_key_worker_reads(client_for, case):
    client = client_for(Role.CLINICAL_PSYCHOLOGIST)
    response = client.post(url(case), {"kind": "supervision", "text": "Discussed VIG shared review."})
    assert response["Location"] == url(case)
    note = ConsultationNote.objects.get()
    assert (note.author, note.kind, note.case) == (client.user, "supervision", case)
    assert note.history.count() == 1

    client = client_for(user=case.key_worker)
    page = client.get(url(case)).content.decode()
    assert "Discussed VIG shared review." in page
    assert "Add note" not in page


def test_bad_input_is_answered_and_kept(client_for, case):
    client = client_for(Role.CLINICAL_PSYCHOLOGIST)
    html = client.post(url(case), {"text": "Kept words"}).content.decode()
    assert "Select whether it is a consultation or supervision note" in html
    assert "Kept words" in html
    assert "<title>Error: Consultation and supervision notes" in html
    assert not ConsultationNote.objects.exists()


@pytest.mark.parametrize("role, status", [
    (Role.TEAM_LEAD, 200), (Role.CLINICAL_PSYCHOLOGIST, 200), (Role.ADMIN_ASSISTANT, 404),
    (Role.HEALTH_VISITOR, 404), (Role.PIEW_WORKER, 404), (Role.PARTNER, 404), (Role.VIEWER, 404),
])
def test_who_may_read(client_for, case, role, status):
    ConsultationNote.objects.create(case=case, kind="consultation", author=UserFactory(), text="Private")
    client = client_for(role)
    response = client.get(url(case))
    assert response.status_code == status
    assert ("Private" in response.content.decode()) is (status == 200)


@pytest.mark.parametrize("role", [Role.TEAM_LEAD, Role.ADMIN_ASSISTANT, Role.PIEW_WORKER])
def test_only_the_psychologist_writes(client_for, case, role):
    client = client_for(role)
    assert client.post(url(case), {"kind": "consultation", "text": "x"}).status_code == 404
    assert not ConsultationNote.objects.exists()


def test_chronology_shows_notes_only_to_those_who_may_read_them(make_user, case):
    ConsultationNote.objects.create(case=case, kind="consultation", author=UserFactory(), text="Private")
    titles = [event.title for event in family_chronology(family=case.family, user=make_user(Role.TEAM_LEAD))]
    assert "Consultation note" in titles
    admin_events = family_chronology(family=case.family, user=make_user(Role.ADMIN_ASSISTANT))
    assert "Consultation note" not in [event.title for event in admin_events]


def test_anonymous_is_sent_to_sign_in(client, case):
    assert client.get(url(case))["Location"].startswith("/sign-in/")
