"""Background work for outcome measures. Each task takes an id and acts on the row."""

import datetime

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone

from assessments.outcome_models import MeasureAlertEmail, MeasureRequest
from assessments.tasks import send_claimed_alert_email, site_link
from families.models import OneTimeLink
from families.onetime import link_issue

# How long a parent's link to a questionnaire stays open.
REMOTE_VALID_FOR = datetime.timedelta(days=7)


def _measure_alert(email: MeasureAlertEmail) -> tuple[str, str]:
    family = email.administration.case.family
    return (f"Risk alert: outcome measure for family {family.reference}",
            f"A risk item was answered on an outcome measure for family {family.reference}.\n"
            "Please act on it today.\n\n"
            f"Open the family's record: {site_link('families:detail', family.pk)}\n"
            f"Read the measure: {site_link('assessments:measure-detail', email.administration_id)}")


@shared_task(bind=True, autoretry_for=(OSError,), retry_backoff=30, max_retries=8)
def send_measure_alert_email(self, email_id: int) -> bool:
    """Tell one person a risk item was answered: links only, no personal details, no answers."""
    return send_claimed_alert_email(MeasureAlertEmail, email_id, _measure_alert)


@shared_task(bind=True, autoretry_for=(OSError,), retry_backoff=30, max_retries=8)
def send_measure_request(self, request_id: int) -> bool:
    """Email a parent or carer their one-time link to a questionnaire.

    The request is claimed before the link is issued, so a repeated task sends nothing twice; if
    the mail server fails, the new link is cancelled, the claim released and the task retried.
    """
    claimed = MeasureRequest.objects.filter(pk=request_id, sent_at__isnull=True).update(
        sent_at=timezone.now()
    )
    if not claimed:
        return False
    row = MeasureRequest.objects.select_related("caregiver").get(pk=request_id)
    link, token = link_issue(
        caregiver=row.caregiver,
        purpose=OneTimeLink.Purpose.MEASURE,
        valid_for=REMOTE_VALID_FOR,
        created_by=row.requested_by,
    )
    MeasureRequest.objects.filter(pk=request_id).update(link=link)
    url = settings.SITE_URL + reverse("measures:form", args=[token])
    try:
        send_mail(
            subject="A short questionnaire from your Family Hub team",
            message=(
                "Your Family Hub practitioner has asked you to answer a short questionnaire before "
                f"your next session. It takes about 5 minutes.\n\n{url}\n\n"
                f"The link works once and expires in {REMOTE_VALID_FOR.days} days. If you did not "
                "expect this email, you can ignore it."
            ),
            from_email=None,
            recipient_list=[row.caregiver.email],
        )
    except OSError:
        OneTimeLink.objects.filter(pk=link.pk).update(cancelled_at=timezone.now())
        MeasureRequest.objects.filter(pk=request_id).update(sent_at=None, link=None)
        raise
    return True
