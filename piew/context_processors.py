from django.conf import settings
from django.http import HttpRequest

from team.roles import Role


def service(request: HttpRequest) -> dict:
    """What every page's header and navigation need."""
    user = getattr(request, "user", None)
    role = user.role if user is not None and user.is_authenticated else None
    return {"mfa_required": settings.PIEW_MFA_REQUIRED, "Role": Role, "user_role": role}
