"""Background work for the team: reminders before required training expires.

Run every morning by django-celery-beat (the schedule is made by migration 0006). Each task acts
on the rows as it finds them, so running one twice, or two at once, sends nothing twice.
"""

from celery import shared_task
from django.utils import timezone

from team.skills import reminders, selectors


@shared_task
def send_training_expiry_reminders() -> int:
    """Queue a reminder for each piece of required training expiring in the next 60 days."""
    due = list(selectors.training_due_for_reminder(today=timezone.localdate()).values_list(
        "pk", flat=True))
    for record_id in due:
        send_training_expiry_reminder.delay(record_id)
    return len(due)


@shared_task(bind=True, autoretry_for=(OSError,), retry_backoff=30, max_retries=8)
def send_training_expiry_reminder(self, record_id: int) -> bool:
    return reminders.training_expiry_reminder_send(record_id=record_id)
