from django.http import HttpRequest

from families.selectors import alerts_for_user


def alerts(request: HttpRequest) -> dict:
    """How many alerts wait for the signed-in person, counted only if a page shows it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"open_alert_count": lambda: alerts_for_user(user=user).count()}
