"""A "yes" risk at completion: one alert, to the right people, and emails with no personal details."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from assessments import services
from assessments.models import RiskAlertEmail
from assessments.tasks import send_risk_alert_email
from families.models import Alert, AlertRecipient
from team.roles import Role
from tests.assessments.conftest import COMPLETE, RISK_PLAN, SECRET, personal_details
from tests.factories import UserFactory

RISKY = {**COMPLETE, "risk_harm_to_baby": True, "risk_harm_to_baby_plan": RISK_PLAN,
         "risk_safeguarding": True, "risk_safeguarding_plan": RISK_PLAN}


@pytest.fixture
def bystanders(world):
    """People who must not be alerted: other roles, and an inactive team lead."""
    return [UserFactory(role=Role.HEALTH_VISITOR), UserFactory(role=Role.PIEW_WORKER),
            UserFactory(role=Role.ADMIN_ASSISTANT), UserFactory(role=Role.TEAM_LEAD, is_active=False)]


def _complete_with_risk(world, django_capture_on_commit_callbacks):
    services.assessment_save_draft(assessment=world.assessment, **RISKY)
    with django_capture_on_commit_callbacks(execute=True):
        services.assessment_complete(assessment=world.assessment, by=world.assessor)


def test_one_alert_to_the_team_lead_psychologist_and_assessor(world, bystanders,
                                                             django_capture_on_commit_callbacks):
    _complete_with_risk(world, django_capture_on_commit_callbacks)
    alert = Alert.objects.get()
    assert alert.family == world.family and alert.kind == Alert.Kind.SAFEGUARDING
    assert alert.detail == "" and RISK_PLAN not in alert.title
    recipients = {row.user for row in AlertRecipient.objects.filter(alert=alert)}
    assert recipients == {world.team_lead, world.psychologist, world.assessor}
    assert world.refresh().risk_alert == alert


def test_one_email_per_recipient_with_a_link_and_no_personal_details(world, bystanders,
                                                                    django_capture_on_commit_callbacks):
    _complete_with_risk(world, django_capture_on_commit_callbacks)
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        user.email for user in (world.team_lead, world.psychologist, world.assessor))
    for message in mail.outbox:
        text = f"{message.subject}\n{message.body}"
        assert f"/families/{world.family.pk}/" in message.body
        assert world.family.reference in message.subject
        for detail in [*personal_details(world.family), RISK_PLAN, SECRET]:
            assert detail not in text, f"{detail!r} is in the email"
    assert RiskAlertEmail.objects.filter(sent_at__isnull=True).count() == 0


def test_completing_again_raises_no_second_alert_and_sends_nothing(world, django_capture_on_commit_callbacks):
    _complete_with_risk(world, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.assessment_complete(assessment=world.assessment, by=world.assessor)
    assert callbacks == []
    assert Alert.objects.count() == 1 and len(mail.outbox) == 3


def test_a_repeated_task_sends_nothing_twice(world, django_capture_on_commit_callbacks):
    _complete_with_risk(world, django_capture_on_commit_callbacks)
    for email in RiskAlertEmail.objects.all():
        assert send_risk_alert_email(email.pk) is False
    assert len(mail.outbox) == 3


def test_a_failed_send_releases_its_claim_for_the_retry(world, monkeypatch):
    services.assessment_save_draft(assessment=world.assessment, **RISKY)
    services.assessment_complete(assessment=world.assessment, by=world.assessor)  # tasks not yet run
    email = RiskAlertEmail.objects.first()

    def refuse(*args, **kwargs):
        raise OSError("mail server down")

    monkeypatch.setattr("assessments.tasks.send_mail", refuse)
    with pytest.raises(OSError):
        send_risk_alert_email.run(email.pk)
    email.refresh_from_db()
    assert email.sent_at is None


def test_a_refused_completion_raises_no_alert(world, django_capture_on_commit_callbacks):
    services.assessment_save_draft(assessment=world.assessment, **{**RISKY, "risk_harm_to_baby_plan": ""})
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        services.assessment_complete(assessment=world.assessment, by=world.assessor)
    assert not Alert.objects.exists() and mail.outbox == []
