"""Two-factor sign-in: staff who have signed in with a password must confirm a code."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse

# Pages reachable with a password alone: the two-factor steps themselves,
# sign-out, and what the public and monitoring use.
OPEN_PATH_PREFIXES = ("/sign-in", "/sign-out", "/static/", "/assets/", "/healthz", "/refer/", "/measures/",
                      "/i18n/")
# Public pages that share a path prefix with staff pages, by URL name.
OPEN_URL_NAMES = frozenset({"feedback:form"})


def _is_open(path: str) -> bool:
    if path.startswith(OPEN_PATH_PREFIXES):
        return True
    try:
        return resolve(path).view_name in OPEN_URL_NAMES
    except Resolver404:
        return False


class TwoFactorRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self._needs_second_factor(request):
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {"detail": "Finish signing in with your two-factor code first."}, status=403
                )
            return redirect(f"{reverse('two-factor')}?next={request.path}")
        return self.get_response(request)

    @staticmethod
    def _needs_second_factor(request: HttpRequest) -> bool:
        user = request.user
        return (
            settings.PIEW_MFA_REQUIRED
            and user.is_authenticated
            and not user.is_verified()
            and not _is_open(request.path_info)
        )
