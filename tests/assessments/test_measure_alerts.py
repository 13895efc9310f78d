"""A risk item answered raises one alert, at once, to the key worker and the clinical psychologist."""

import pytest
from django.core import mail
from django.urls import reverse

from assessments.outcome_models import MeasureAdministration, MeasureAlertEmail
from assessments.outcome_tasks import send_measure_alert_email
from families.models import Alert, AlertRecipient
from families.selectors import family_open_alerts
from team.roles import Role
from tests.assessments.outcome_world import EPDS_ITEM_10, epds, measures_world_fixture, phq9  # noqa: F401
from tests.conftest import sign_in
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def personal_details(family) -> list[str]:
    """Everything that would identify the family, as it might appear in an email."""
    details = [family.address_line_1, family.postcode]
    for caregiver in family.caregivers.all():
        details += [caregiver.first_name, caregiver.last_name, caregiver.email]
    details += [child.first_name for child in family.children.all()]
    return [detail for detail in details if detail]


def test_epds_item_10_alerts_the_key_worker_and_the_psychologist_once(
    measures_world, django_capture_on_commit_callbacks
):
    UserFactory(role=Role.CLINICAL_PSYCHOLOGIST, is_active=False)  # left the team: not told
    with django_capture_on_commit_callbacks(execute=True):
        row = measures_world.record("EPDS", "baseline", answers=EPDS_ITEM_10)
    alert = Alert.objects.get()
    assert row.flags == ["self_harm_risk"] and row.risk_alert == alert
    assert alert.kind == Alert.Kind.RISK and alert.family == measures_world.family
    assert set(alert.recipients.values_list("user__username", flat=True)) == {"hv", "psych"}
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [measures_world.key_worker.email, measures_world.psychologist.email]
    )


def test_the_email_carries_no_personal_details_or_answers(measures_world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        row = measures_world.record("EPDS", "baseline", answers=EPDS_ITEM_10)
    message = mail.outbox[0]
    text = message.subject + message.body
    for detail in personal_details(measures_world.family):
        assert detail not in text
    assert "EPDS" not in text and "item 10" not in text
    assert measures_world.family.reference in text
    assert reverse("assessments:measure-detail", args=[row.pk]) in text


def test_a_repeated_task_or_submission_sends_nothing_twice(
    measures_world, django_capture_on_commit_callbacks
):
    import uuid

    key = uuid.uuid4()
    with django_capture_on_commit_callbacks(execute=True):
        row = measures_world.record("PHQ9", "mid", answers=[*phq9(9)[:8], 2], submission_key=key)
        again = measures_world.record("PHQ9", "mid", answers=[*phq9(9)[:8], 2], submission_key=key)
    assert again.pk == row.pk
    for email in MeasureAlertEmail.objects.all():
        assert send_measure_alert_email(email.pk) is False
    assert Alert.objects.count() == 1 and len(mail.outbox) == 2


def test_no_risk_no_alert(measures_world):
    measures_world.record("EPDS", "baseline", answers=epds(27))
    assert not Alert.objects.exists() and not MeasureAlertEmail.objects.exists()


def test_pbq_safeguarding_items_raise_a_safeguarding_alert(measures_world):
    answers = [5] * 25  # "Never" throughout
    answers[17] = 0  # item 18 "Always"
    row = measures_world.record("PBQ", "baseline", answers=answers)
    assert "safeguarding_risk" in row.flags
    assert row.risk_alert.kind == Alert.Kind.SAFEGUARDING


def test_the_alert_shows_on_the_family_page_until_acknowledged(measures_world, client):
    measures_world.record("EPDS", "baseline", answers=EPDS_ITEM_10)
    alert = Alert.objects.get()
    family_url = reverse("families:detail", args=[measures_world.family.pk])
    sign_in(client, measures_world.psychologist)
    page = client.get(family_url).content.decode()
    assert alert.title in page
    ack = reverse("families:alert-acknowledge", args=[measures_world.family.pk, alert.pk])
    assert ack in page
    client.post(ack, {"action_taken": "Phoned mum; GP same day"})
    mine = AlertRecipient.objects.get(alert=alert, user=measures_world.psychologist)
    assert mine.acknowledged_at and mine.action_taken == "Phoned mum; GP same day"
    sign_in(client, measures_world.key_worker)
    client.post(ack, {"action_taken": "Visited"}, follow=True)
    assert not family_open_alerts(family=measures_world.family).exists()
    page = client.get(family_url).content.decode()
    assert ack not in page and page.count(alert.title) == 0


def test_the_administrator_sees_the_alert_title_but_never_the_answers(measures_world, client):
    row = measures_world.record("EPDS", "baseline", answers=EPDS_ITEM_10)
    sign_in(client, measures_world.admin)
    assert client.get(reverse("assessments:measure-detail", args=[row.pk])).status_code == 404
    assert MeasureAdministration.objects.get().risk_alert.title.startswith("Risk item answered")
