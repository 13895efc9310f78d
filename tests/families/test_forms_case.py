"""Bad input on the case's forms: case notes, opening and closing the case, acknowledging alerts."""

import pytest

from families.models import AlertRecipient, Case, CaseNote
from team.roles import Role
from tests.factories import AlertRecipientFactory, CaseFactory, FamilyFactory, family_with_people

# The one definition of what an error page must show, shared with the family forms' tests.
from tests.families.test_forms_family import assert_error_page


@pytest.fixture
def piew_worker(client_for):
    return client_for(Role.PIEW_WORKER)


@pytest.fixture
def team_lead(client_for):
    return client_for(Role.TEAM_LEAD)


@pytest.mark.parametrize("text", ["", "   \r\n  "])
def test_empty_case_note_is_refused(piew_worker, text):
    family = family_with_people(key_worker=piew_worker.user)

    response = piew_worker.post(f"/families/{family.pk}/notes/", {"text": text})

    html = assert_error_page(response, "text", "Enter the note")
    assert "<title>Error: Add a case note" in html
    assert '<textarea name="text"' in html
    assert not CaseNote.objects.exists()


def test_case_note_is_added_when_there_is_text(piew_worker):
    """The counterpart of the test above: the same post, with words in it."""
    family = family_with_people(key_worker=piew_worker.user)

    response = piew_worker.post(f"/families/{family.pk}/notes/", {"text": "Phoned mum; baby feeding well."})

    assert response.status_code == 302
    assert CaseNote.objects.get().text == "Phoned mum; baby feeding well."


def test_opening_a_second_case_is_refused_with_a_clear_message(team_lead):
    family = FamilyFactory()
    open_case = CaseFactory(family=family)

    response = team_lead.post(f"/families/{family.pk}/case/open/", {"key_worker": ""})

    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    # An error about the whole form: the summary links to its first field.
    assert '<a href="#id_key_worker">This family already has an open case</a>' in html
    assert "Constraint" not in html
    assert "<title>Error: Open a case" in html
    assert list(Case.objects.values_list("pk", flat=True)) == [open_case.pk]


def test_opening_a_case_with_a_key_worker_who_cannot_hold_one_is_refused(team_lead, make_user):
    family = FamilyFactory()
    viewer = make_user(Role.VIEWER)

    response = team_lead.post(f"/families/{family.pk}/case/open/", {"key_worker": str(viewer.pk)})

    assert_error_page(response, "key_worker", "Select a valid choice. That choice is not one of the "
                      "available choices.")
    assert not Case.objects.exists()


def test_closing_a_case_without_a_reason_is_refused_and_keeps_the_note(team_lead):
    case = CaseFactory()

    response = team_lead.post(
        f"/families/{case.family.pk}/case/close/", {"reason": "", "note": "Family moving to <Leeds>"}
    )

    html = assert_error_page(response, "reason", "Select why the case is closing")
    assert 'id="id_note">\nFamily moving to &lt;Leeds&gt;</textarea>' in html
    case.refresh_from_db()
    assert (case.closed_at, case.closure_reason, case.closure_note) == (None, "", "")


def test_closing_a_case_with_a_reason_that_is_not_offered_is_refused(team_lead):
    case = CaseFactory()

    response = team_lead.post(f"/families/{case.family.pk}/case/close/", {"reason": "bored"})

    assert_error_page(response, "reason", "Select a valid choice. bored is not one of the available "
                      "choices.")
    case.refresh_from_db()
    assert case.is_open


@pytest.mark.parametrize("action", ["", "  "])
def test_acknowledging_an_alert_without_saying_what_was_done_is_refused(client_for, action):
    client = client_for(Role.HEALTH_VISITOR)
    family = family_with_people(key_worker=client.user)
    recipient = AlertRecipientFactory(alert__family=family, user=client.user)

    response = client.post(
        f"/families/{family.pk}/alerts/{recipient.alert.pk}/acknowledge/", {"action_taken": action}
    )

    html = assert_error_page(response, "action_taken", "Enter what you have done about the alert")
    assert f"<title>Error: Acknowledge alert: {recipient.alert.title}" in html
    recipient.refresh_from_db()
    assert (recipient.acknowledged_at, recipient.action_taken) == (None, "")
    assert not AlertRecipient.objects.filter(acknowledged_at__isnull=False).exists()

