"""Background work for referrals. Each task takes an id and acts on the row as it finds it."""

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone

from referrals.models import Referral


@shared_task(bind=True, autoretry_for=(OSError,), retry_backoff=30, max_retries=8)
def notify_team_of_self_referral(self, referral_id: int) -> bool:
    """Tell the team's mailbox a parent has referred themselves: a link, no personal details.

    The referral row is claimed before sending, so a repeated task sends nothing twice; if the
    mail server fails, the claim is released and the task retried.
    """
    claimed = Referral.objects.filter(pk=referral_id, team_notified_at__isnull=True).update(
        team_notified_at=timezone.now()
    )
    if not claimed:
        return False
    referral = Referral.objects.get(pk=referral_id)
    link = settings.SITE_URL + reverse("referrals:detail", args=[referral.pk])
    try:
        send_mail(
            subject=f"New self-referral {referral.reference}",
            message=(
                f"A parent has referred themselves to the PIEW team ({referral.reference}).\n\n"
                f"Open the triage queue to read it: {link}\n\n"
                "This email carries no personal details. Sign in to see them."
            ),
            from_email=None,
            recipient_list=[settings.PIEW_TEAM_MAILBOX],
        )
    except OSError:
        Referral.objects.filter(pk=referral_id).update(team_notified_at=None)
        raise
    return True
