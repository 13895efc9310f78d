from django.http import HttpRequest

from referrals.permissions import can_triage
from referrals.selectors import new_referral_count


def new_referrals(request: HttpRequest) -> dict:
    """For the administrator and team lead: the navigation's count of new referrals, counted only
    if a page shows it. Nothing, and no query, for anyone else."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not can_triage(user):
        return {}
    return {"shows_referral_queue": True, "new_referral_count": new_referral_count}
