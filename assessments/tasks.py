"""Background work for initial assessments. Each task takes an id and acts on the row."""

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone

from assessments.models import RiskAlertEmail


@shared_task(bind=True, autoretry_for=(OSError,), retry_backoff=30, max_retries=8)
def send_risk_alert_email(self, email_id: int) -> bool:
    """Tell one person a risk was recorded: links only, no personal details, no risk text.

    The row is claimed before sending, so a repeated task sends nothing twice; if the mail
    server fails, the claim is released and the task retried.
    """
    claimed = RiskAlertEmail.objects.filter(pk=email_id, sent_at__isnull=True).update(sent_at=timezone.now())
    if not claimed:
        return False
    email = RiskAlertEmail.objects.select_related("recipient", "assessment__family").get(pk=email_id)
    family = email.assessment.family
    family_link = settings.SITE_URL + reverse("families:detail", args=[family.pk])
    assessment_link = settings.SITE_URL + reverse("assessments:detail", args=[email.assessment_id])
    try:
        send_mail(
            subject=f"Risk alert: initial assessment for family {family.reference}",
            message=(
                f"A risk was recorded at an initial assessment for family {family.reference}.\n\n"
                f"Open the family's record: {family_link}\n"
                f"Read the assessment and its plan: {assessment_link}\n\n"
                "This email carries no personal details. Sign in to see them."
            ),
            from_email=None,
            recipient_list=[email.recipient.email],
        )
    except OSError:
        RiskAlertEmail.objects.filter(pk=email_id).update(sent_at=None)
        raise
    return True
