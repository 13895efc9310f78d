"""The public questionnaire at /measures/<token>/: a parent answers from their own link.

What a parent sees depends only on the link they hold. A guessed, tampered, expired, cancelled
or used token gets one neutral page, with the same words and status, so a page never says
whether a link existed.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_http_methods
from django_ratelimit.core import is_ratelimited

from assessments import measures, outcomes
from assessments.outcome_forms import PublicAnswersForm
from families.models import OneTimeLink
from families.onetime import link_find
from piew.forms import show_service_error
from referrals.views.public import client_address

PURPOSE = OneTimeLink.Purpose.MEASURE
THANKS_KEY = "measure_answered"


def public_render(request: HttpRequest, template: str, context: dict | None = None, status: int = 200):
    response = render(request, f"assessments/measures/public/{template}", context or {}, status=status)
    # The address holds the parent's token: keep it out of caches.
    response["Cache-Control"] = "no-store"
    return response


def _too_many(request: HttpRequest) -> bool:
    group = "measures:send" if request.method == "POST" else "measures:open"
    rate = getattr(
        settings, "PIEW_FEEDBACK_RATE" if request.method == "POST" else "PIEW_FEEDBACK_OPEN_RATE", "30/h"
    )
    return is_ratelimited(
        request, group=group, key=client_address, method=request.method, rate=rate, increment=True
    )


@require_http_methods(["GET", "POST"])
def measure_form(request: HttpRequest, token: str) -> HttpResponse:
    if _too_many(request):
        return public_render(request, "unavailable.html", {"too_many": True}, status=429)
    link = link_find(token=token, purpose=PURPOSE)
    row = outcomes.measure_request_for_link(link) if link else None
    if row is not None and row.administration_id and request.session.get(THANKS_KEY) == row.pk:
        return public_render(request, "thanks.html")
    if row is None or not link.is_usable:
        return public_render(request, "unavailable.html", status=404)
    instrument = measures.get(row.instrument)
    form = PublicAnswersForm(request.POST or None, instrument=instrument)
    if request.method == "POST" and form.is_valid():
        try:
            outcomes.measure_request_complete(link=link, answers=form.answers())
        except ValidationError as error:
            show_service_error(form, error)
        except outcomes.LinkNotUsable:
            return public_render(request, "unavailable.html", status=404)
        else:
            request.session[THANKS_KEY] = row.pk
            return redirect(request.path)
    return public_render(request, "form.html", {"form": form, "instrument": instrument})


urlpatterns = [path("<str:token>/", measure_form, name="form")]
app_name = "measures"
