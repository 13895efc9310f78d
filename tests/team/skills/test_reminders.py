"""Reminders 60 days before required training expires: sent once, to the person and the team lead,
and never for training that has expired, is far off, is not required or has been renewed."""

import datetime
from unittest import mock

import pytest
from django.core import mail
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from piew.celery import app
from team import tasks
from team.models import TrainingRecord
from team.roles import Role
from team.skills import reminders
from tests.factories import (
    CompetencyFactory,
    ExpiringTrainingRecordFactory,
    TrainingRecordFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


@pytest.fixture
def lead(db):
    return UserFactory(role=Role.TEAM_LEAD, username="helen", email="helen@example.org")


def _sent_to() -> list[list[str]]:
    return sorted(message.to for message in mail.outbox)


def test_a_reminder_goes_once_to_the_person_and_the_team_lead(lead):
    worker = UserFactory(role=Role.PIEW_WORKER, first_name="Amy", last_name="Fletcher",
                         email="amy@example.org")
    record = ExpiringTrainingRecordFactory(person=worker, expires_on=_days(60))

    assert tasks.send_training_expiry_reminders.delay().get() == 1
    assert tasks.send_training_expiry_reminders.delay().get() == 0
    reminders.training_expiry_reminder_send(record_id=record.pk)

    assert _sent_to() == [["amy@example.org"], ["helen@example.org"]]
    record.refresh_from_db()
    assert record.reminder_sent_at is not None
    expires = f"{record.expires_on.day} {record.expires_on:%B %Y}"
    mine, leads = sorted(mail.outbox, key=lambda m: m.to)
    assert mine.subject == f"Your training expires on {expires}: Safeguarding children level 3 " \
                           "(Safeguarding children (test))"
    assert f"expires on {expires}" in mine.body and "/skills/" in mine.body
    assert leads.subject.startswith(f"Training expires on {expires}: Amy Fletcher,")
    assert f"/skills/people/{worker.pk}/" in leads.body


@pytest.mark.parametrize("expires_in", [-1, 61, 400])
def test_expired_and_far_off_training_is_not_reminded(lead, expires_in):
    record = ExpiringTrainingRecordFactory(expires_on=_days(expires_in))
    assert tasks.send_training_expiry_reminders.delay().get() == 0
    assert reminders.training_expiry_reminder_send(record_id=record.pk) is False
    assert mail.outbox == []
    assert TrainingRecord.objects.get().reminder_sent_at is None


@pytest.mark.parametrize("expires_in", [0, 1, 59, 60])
def test_training_expiring_within_60_days_is_reminded(lead, expires_in):
    ExpiringTrainingRecordFactory(expires_on=_days(expires_in))
    assert tasks.send_training_expiry_reminders.delay().get() == 1
    assert len(mail.outbox) == 2


def test_training_that_is_not_required_is_not_reminded(lead):
    optional = CompetencyFactory(name="Triple P Baby (test)", expires_after_months=24, required=False)
    TrainingRecordFactory(competency=optional, expires_on=_days(10))
    TrainingRecordFactory(competency=None, expires_on=_days(10))
    assert tasks.send_training_expiry_reminders.delay().get() == 0
    assert mail.outbox == []


def test_renewed_training_is_not_reminded(lead):
    old = ExpiringTrainingRecordFactory(expires_on=_days(20))
    ExpiringTrainingRecordFactory(person=old.person, competency=old.competency,
                                  completed_on=timezone.localdate(), expires_on=_days(3 * 365))
    assert tasks.send_training_expiry_reminders.delay().get() == 0
    assert mail.outbox == []


def test_people_who_have_left_are_not_reminded(lead):
    ExpiringTrainingRecordFactory(person=UserFactory(role=Role.PIEW_WORKER, is_active=False))
    assert tasks.send_training_expiry_reminders.delay().get() == 0


def test_two_runs_at_once_send_one_reminder(lead):
    """The second run finds the row already claimed by the first, and sends nothing."""
    record = ExpiringTrainingRecordFactory()
    real_claim = reminders.services.training_reminder_claim
    results = []

    def claim_while_another_run_sends(*, record_id):
        won = real_claim(record_id=record_id)
        if won and not results:
            results.append(reminders.training_expiry_reminder_send(record_id=record_id))
        return won

    with mock.patch.object(reminders.services, "training_reminder_claim", claim_while_another_run_sends):
        sent = reminders.training_expiry_reminder_send(record_id=record.pk)

    assert (sent, results) == (True, [False])
    assert len(mail.outbox) == 2


def test_a_mail_failure_releases_the_claim_so_the_reminder_is_tried_again(lead):
    record = ExpiringTrainingRecordFactory()
    with mock.patch("django.core.mail.backends.locmem.EmailBackend.send_messages",
                    side_effect=ConnectionRefusedError("mail server down")), pytest.raises(OSError):
        reminders.training_expiry_reminder_send(record_id=record.pk)
    assert TrainingRecord.objects.get().reminder_sent_at is None

    assert reminders.training_expiry_reminder_send(record_id=record.pk) is True
    assert len(mail.outbox) == 2


def test_a_team_lead_gets_only_their_own_reminder_for_their_own_training(lead):
    ExpiringTrainingRecordFactory(person=lead)
    tasks.send_training_expiry_reminders.delay()
    assert _sent_to() == [["helen@example.org"]]
    assert mail.outbox[0].subject.startswith("Your training expires on")


def test_beat_runs_the_reminders_every_morning():
    """The schedule made by the migration names a task the Celery app knows."""
    periodic = PeriodicTask.objects.get(name="Training expiry reminders")
    assert periodic.enabled and periodic.task in app.tasks
    assert (periodic.crontab.hour, periodic.crontab.minute, str(periodic.crontab.timezone)) == (
        "7", "0", "Europe/London")
