"""Background work for outcome measures. Each task takes an id and acts on the row."""

import datetime

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone

from assessments.outcome_models import MeasureAlertEmail, MeasureRequest
from families.models import OneTimeLink
from families.onetime import link_issue

# How long a parent's link to a questionnaire stays open.
REMOTE_VALID_FOR = datetime.timedelta(days=7)


@shared_task(bind=True, autoretry_for=(OSError,), retry_backoff=30, max_retries=8)
def send_measure_alert_email(self, email_id: int) -> bool:
    """Tell one person a risk item was answered: links only, no personal details, no answers.

    The row is claimed before sending, so a repeated task sends nothing twice; if the mail
    server fails, the claim is released and the task retried.
    """
    claimed = MeasureAlertEmail.objects.filter(pk=email_id, sent_at__isnull=True).update(
        sent_at=timezone.now()
    )
    if not claimed:
        return False
    email = MeasureAlertEmail.objects.select_related("recipient", "administration__case__family").get(
        pk=email_id
    )
    family = email.administration.case.family
    family_link = settings.SITE_URL + reverse("families:detail", args=[family.pk])
    measure_link = settings.SITE_URL + reverse("assessments:measure-detail", args=[email.administration_id])
    try:
        send_mail(
            subject=f"Risk alert: outcome measure for family {family.reference}",
            message=(
                f"A risk item was answered on an outcome measure for family {family.reference}.\n"
                "Please act on it today.\n\n"
                f"Open the family's record: {family_link}\n"
                f"Read the measure: {measure_link}\n\n"
                "This email carries no personal details. Sign in to see them."
            ),
            from_email=None,
            recipient_list=[email.recipient.email],
        )
    except OSError:
        MeasureAlertEmail.objects.filter(pk=email_id).update(sent_at=None)
        raise
    return True


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
