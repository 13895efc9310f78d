"""Background work for interventions. Each task acts on the rows as it finds them, so running
one twice, or two at once, sends and deletes nothing twice.

``delete_due_recordings`` and ``raise_and_send_reminders`` run every day from django-celery-beat
(the schedules are made by migrations 0003 and 0004).
"""

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone
from django.utils.formats import date_format

from families.consent import consent_is_given
from families.models import ConsentRecord
from interventions.models import LicenceCode
from interventions.services import reminders, video


def _may_send(licence: LicenceCode) -> bool:
    caregiver = licence.caregiver
    return bool(caregiver and caregiver.email) and consent_is_given(
        caregiver=caregiver, purpose=ConsentRecord.Purpose.TAKING_PART)


def _licence_message(licence: LicenceCode) -> str:
    programme = licence.programme
    expiry = (f"\nThe code can be used until {date_format(licence.expires_on, 'j F Y')}.\n"
              if licence.expires_on else "")
    return (
        f"Hello {licence.caregiver.first_name},\n\n"
        f"Here is your code for the {programme.name}:\n\n{licence.code}\n{expiry}\n"
        "How to start: go to the programme's website, choose to create an account, and enter "
        "the code when you are asked for it. You can then work through the programme at your own "
        "pace.\n\n"
        "If you have any questions, or the code does not work, reply to this email or ask your "
        "PIEW practitioner.\n"
    )


@shared_task(bind=True, autoretry_for=(OSError,), retry_backoff=30, max_retries=8)
def send_licence_code(self, licence_id: int) -> bool:
    """Email an issued code to the parent, once, if they still consent to take part.

    The row is claimed before sending, so a repeated task sends nothing twice; if consent is no
    longer given, or the mail server fails, the claim is released.
    """
    claimed = LicenceCode.objects.filter(
        pk=licence_id, issued_at__isnull=False, emailed_at__isnull=True).update(emailed_at=timezone.now())
    if not claimed:
        return False
    licence = LicenceCode.objects.select_related("programme", "caregiver").get(pk=licence_id)
    if not _may_send(licence):
        LicenceCode.objects.filter(pk=licence_id).update(emailed_at=None)
        return False
    try:
        send_mail(subject=f"Your code for the {licence.programme.name}", message=_licence_message(licence),
                  from_email=settings.DEFAULT_FROM_EMAIL, recipient_list=[licence.caregiver.email])
    except OSError:
        LicenceCode.objects.filter(pk=licence_id).update(emailed_at=None)
        raise
    licence.save(update_fields=["emailed_at"])  # the email in the code's history
    return True


@shared_task
def delete_due_recordings() -> int:
    """Delete the VIG clips whose deletion date has come, logging each deletion."""
    return video.recording_delete_due(today=timezone.localdate())


@shared_task(bind=True, autoretry_for=(OSError,), retry_backoff=60, max_retries=5)
def raise_and_send_reminders(self) -> int:
    """Raise today's reminders, then email each practitioner the count of their new ones."""
    today = timezone.localdate()
    reminders.reminders_raise(today=today)
    return reminders.reminder_digest_send(today=today)
