"""Background work for initial assessments. Each task takes an id and acts on the row."""

from collections.abc import Callable

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Model
from django.urls import reverse
from django.utils import timezone

from assessments.models import RiskAlertEmail

NO_DETAILS = "This email carries no personal details. Sign in to see them."


def send_claimed_alert_email(model: type[Model], email_id: int,
                             compose: Callable[[Model], tuple[str, str]]) -> bool:
    """Send one risk alert email row once: claim it (``sent_at``) before sending, so a repeated
    task sends nothing; if the mail server fails, release the claim and raise for a retry.
    ``compose`` gives the subject and body from the row, which carry links only."""
    if not model.objects.filter(pk=email_id, sent_at__isnull=True).update(sent_at=timezone.now()):
        return False
    email = model.objects.select_related("recipient").get(pk=email_id)
    subject, body = compose(email)
    try:
        send_mail(subject=subject, message=f"{body}\n\n{NO_DETAILS}", from_email=None,
                  recipient_list=[email.recipient.email])
    except OSError:
        model.objects.filter(pk=email_id).update(sent_at=None)
        raise
    return True


def site_link(name: str, pk: int) -> str:
    return settings.SITE_URL + reverse(name, args=[pk])


def _assessment_alert(email: RiskAlertEmail) -> tuple[str, str]:
    family = email.assessment.family
    return (f"Risk alert: initial assessment for family {family.reference}",
            f"A risk was recorded at an initial assessment for family {family.reference}.\n\n"
            f"Open the family's record: {site_link('families:detail', family.pk)}\n"
            f"Read the assessment and its plan: {site_link('assessments:detail', email.assessment_id)}")


@shared_task(bind=True, autoretry_for=(OSError,), retry_backoff=30, max_retries=8)
def send_risk_alert_email(self, email_id: int) -> bool:
    """Tell one person a risk was recorded: links only, no personal details, no risk text."""
    return send_claimed_alert_email(RiskAlertEmail, email_id, _assessment_alert)
