"""Emails about training that is running out: one to the person and one to the team lead(s).

They name the training and its expiry date, and link to the person's records; nothing about
any family.
"""

import datetime
import logging

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from team.models import TrainingRecord, User
from team.roles import Role
from team.skills import selectors, services

logger = logging.getLogger(__name__)


def _training_name(record: TrainingRecord) -> str:
    if record.competency and record.competency.name != record.course:
        return f"{record.course} ({record.competency.name})"
    return record.course


def _team_lead_emails(*, leaving_out: User) -> list[str]:
    leads = User.objects.filter(is_active=True, groups__name=Role.TEAM_LEAD.value).exclude(
        pk=leaving_out.pk).exclude(email="")
    return sorted(set(leads.values_list("email", flat=True)))


def _messages(record: TrainingRecord) -> list[EmailMessage]:
    person, training = record.person, _training_name(record)
    expires = date_format(record.expires_on, "j F Y")
    messages = []
    if person.email:
        messages.append(EmailMessage(
            subject=f"Your training expires on {expires}: {training}",
            body=(f"Hello {person.first_name or person},\n\n"
                  f"Your {training} training expires on {expires}. Please book a refresher "
                  "before then, and add the new training to your records when you have done it.\n\n"
                  f"Your training records: {settings.SITE_URL}{reverse('skills:mine')}\n"),
            to=[person.email]))
    leads = _team_lead_emails(leaving_out=person)
    if leads:
        link = settings.SITE_URL + reverse("skills:person", args=[person.pk])
        messages.append(EmailMessage(
            subject=f"Training expires on {expires}: {person}, {training}",
            body=(f"{person}'s {training} training expires on {expires}.\n\n"
                  f"Their training records: {link}\n"),
            to=leads))
    return messages


def training_expiry_reminder_send(*, record_id: int, today: datetime.date | None = None) -> bool:
    """Send the reminders for one record, once. The record is claimed before sending, so a
    repeated or concurrent run sends nothing; if the mail server fails, the claim is released
    and the error raised, so the reminder is tried again."""
    today = today or timezone.localdate()
    if not selectors.training_due_for_reminder(today=today).filter(pk=record_id).exists():
        return False
    if not services.training_reminder_claim(record_id=record_id):
        return False
    record = TrainingRecord.objects.select_related("person", "competency").get(pk=record_id)
    try:
        get_connection().send_messages(_messages(record))
    except OSError:
        services.training_reminder_release(record_id=record_id)
        raise
    logger.info("Training expiry reminder sent for training record %s", record_id)
    return True
