"""Moving a referral from one state to the next, so that two people acting at once cannot
both succeed."""

from typing import Any

from django.utils import timezone
from django.utils.formats import date_format

from referrals.models import Referral
from referrals.transitions import CLOSED_STATUSES, Action, allowed_from, target
from team.models import User

WHEN_FORMAT = "j F Y \\a\\t g:i a"


class TransitionRefused(Exception):
    """The referral is not in a state where this can be done (often: someone else acted first)."""


def _refusal(referral: Referral, action: Action) -> TransitionRefused:
    who = f" by {referral.triaged_by}" if referral.triaged_by and referral.triaged_at else ""
    when = ""
    if referral.triaged_at:
        when = f" on {date_format(timezone.localtime(referral.triaged_at), WHEN_FORMAT)}"
    return TransitionRefused(
        f"This referral is now “{referral.get_status_display()}”{who}{when}, so it cannot be "
        f"changed with “{action.label}”. Nothing was changed."
    )


def transition(*, referral_id: int, action: Action, **changes: Any) -> Referral:
    """Lock the referral, check the move is allowed from its current state, and make it.

    Call inside a transaction. The row lock makes a second, simultaneous action wait, then
    find the state already changed and be refused.
    """
    referral = (Referral.objects.select_for_update(of=("self",)).select_related("triaged_by")
                .get(pk=referral_id))
    if referral.status not in allowed_from(action):
        raise _refusal(referral, action)
    referral.status = target(action)
    if referral.status in CLOSED_STATUSES:
        referral.closed_at = timezone.now()
    for name, value in changes.items():
        setattr(referral, name, value)
    _stamp_first_triage(referral)
    referral.full_clean()
    referral.save()
    return referral


def triage_fields(by: User) -> dict[str, Any]:
    return {"triaged_at": timezone.now(), "triaged_by": by}


def _stamp_first_triage(referral: Referral) -> None:
    if referral.triaged_at and referral.first_triaged_at is None:
        referral.first_triaged_at = referral.triaged_at
