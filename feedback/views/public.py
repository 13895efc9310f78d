"""The public feedback form at /feedback/<token>/: a parent answers through their own link.

What a parent sees depends only on the link they hold. A guessed, tampered, expired or
cancelled token gets one neutral page (the same words, the same status) with another way to
give feedback, and never says whether a link ever existed. A link already answered thanks
the parent again.
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.views.decorators.http import require_http_methods
from django_ratelimit.core import is_ratelimited

from families.models import OneTimeLink
from families.onetime import link_find
from feedback import services
from feedback.forms import FeedbackForm
from feedback.models import FeedbackRequest, FeedbackResponse
from referrals.views.public import client_address
from team.models import Organisation

PURPOSE = OneTimeLink.Purpose.FEEDBACK


def public_render(request: HttpRequest, template: str, context: dict | None = None,
                  status: int = 200) -> HttpResponse:
    response = render(request, f"feedback/public/{template}", {
        "public_page": True, "languages": settings.LANGUAGES, **team_contact(), **(context or {})},
        status=status)
    # The address holds the parent's token: keep it out of caches.
    response["Cache-Control"] = "no-store"
    return response


def team_contact() -> dict[str, str]:
    """The PIEW team's phone and email, for another way to give feedback, where recorded."""
    team = (Organisation.objects.filter(kind=Organisation.Kind.PIEW_TEAM, active=True)
            .values("phone", "email").first()) or {}
    return {"team_phone": team.get("phone", ""), "team_email": team.get("email", "")}


def _neutral(request: HttpRequest) -> HttpResponse:
    return public_render(request, "unavailable.html", status=404)


def _request_for(token: str) -> tuple[OneTimeLink | None, FeedbackRequest | None]:
    link = link_find(token=token, purpose=PURPOSE)
    if link is None:
        return None, None
    return link, services.request_for_link(link)


def _answered(feedback_request: FeedbackRequest) -> bool:
    return FeedbackResponse.objects.filter(request=feedback_request).exists()


def _too_many(request: HttpRequest) -> bool:
    """Submissions are limited as the self-referral form's are; opening links more loosely."""
    if request.method == "POST":
        return is_ratelimited(request, group="feedback:send", key=client_address, method="POST",
                              rate=settings.PIEW_FEEDBACK_RATE, increment=True)
    return is_ratelimited(request, group="feedback:open", key=client_address, method="GET",
                          rate=settings.PIEW_FEEDBACK_OPEN_RATE, increment=True)


@require_http_methods(["GET", "POST"])
def feedback_form(request: HttpRequest, token: str) -> HttpResponse:
    if _too_many(request):
        return public_render(request, "too_many.html", status=429)
    link, feedback_request = _request_for(token)
    if link is None or feedback_request is None:
        return _neutral(request)
    if _answered(feedback_request):
        return public_render(request, "thanks.html")
    if not link.is_usable or feedback_request.cancelled_at is not None:
        return _neutral(request)
    questionnaire = services.questionnaire_current()
    form = FeedbackForm(request.POST or None, questionnaire=questionnaire)
    if request.method == "POST" and form.is_valid():
        saved = services.response_submit(link=link, questionnaire=questionnaire, answers=form.answers(),
                                         language=get_language() or "")
        if saved is None and not _answered(feedback_request):
            return _neutral(request)
        return redirect(request.path)
    return public_render(request, "form.html", {"question": form})
