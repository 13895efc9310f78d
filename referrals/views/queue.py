"""The triage queue, the referral page and the referral's original file."""

from pathlib import PurePath

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.views.decorators.cache import never_cache

from families import services as family_services
from referrals import selectors
from referrals.forms.staff import QueueFilterForm
from referrals.models import Referral
from referrals.permissions import can_record_contact, can_triage, referral_get_for_user
from referrals.transitions import CONTACT_SOURCES, actions_from
from referrals.views.triage import TRIAGE_PAGES

CONTENT_TYPES = {".pdf": "application/pdf", ".eml": "message/rfc822"}


def require_triage(request: HttpRequest) -> None:
    if not can_triage(request.user):
        raise PermissionDenied


@login_required
def referral_queue(request: HttpRequest) -> HttpResponse:
    require_triage(request)
    form = QueueFilterForm(request.GET or None)
    filters = form.filters()
    referrals = selectors.referral_queue(user=request.user, filters=filters)
    page = Paginator(referrals, settings.PIEW_PAGE_SIZE).get_page(request.GET.get("page"))
    duplicates = selectors.possible_duplicates(page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        # Not "form": the base layout reads form.errors to title a page with an error summary.
        "filter_form": form, "page": page, "filtered": bool(filters), "open_only": not filters.get("status"),
        "rows": [(referral, duplicates.get(referral.pk, [])) for referral in page.object_list],
        "page_query": query.urlencode(),
    }
    return render(request, "referrals/queue.html", context)


def _actions(referral: Referral) -> list[tuple[str, str]]:
    """(url name, label) of the triage pages open from the referral's current state."""
    return [TRIAGE_PAGES[action] for action in actions_from(referral.status) if action in TRIAGE_PAGES]


@login_required
def referral_detail(request: HttpRequest, pk: int) -> HttpResponse:
    referral = selectors.referral_detail(user=request.user, pk=pk)
    triage = can_triage(request.user)
    if referral.family_id:
        family_services.family_access_record(family=referral.family, user=request.user,
                                             page=f"Referral {referral.reference}")
    context = {
        "referral": referral,
        "timeline": selectors.referral_timeline(referral),
        "duplicates": selectors.possible_duplicates([referral])[referral.pk] if triage else [],
        "can_triage": triage,
        "actions": _actions(referral) if triage else [],
        "contact_open": referral.status in CONTACT_SOURCES and can_record_contact(request.user, referral),
    }
    return render(request, "referrals/detail.html", context)


@login_required
@never_cache
def referral_file(request: HttpRequest, pk: int) -> FileResponse:
    """The original email or PDF, as a download. Only for those who may see the referral."""
    referral = referral_get_for_user(user=request.user, pk=pk)
    if not referral.original_file:
        raise Http404("This referral has no file")
    extension = PurePath(referral.original_file.name).suffix.lower()
    try:
        opened = referral.original_file.open("rb")
    except FileNotFoundError:
        raise Http404("The file is missing from storage") from None
    return FileResponse(
        opened, as_attachment=True, filename=f"{referral.reference}-original-message{extension}",
        content_type=CONTENT_TYPES.get(extension, "application/octet-stream"),
    )


urlpatterns = [
    path("", referral_queue, name="queue"),
    path("<int:pk>/", referral_detail, name="detail"),
    path("<int:pk>/original-message/", referral_file, name="file"),
]
