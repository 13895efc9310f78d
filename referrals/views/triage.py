"""Triage decisions, one page each: accept, ask for more information, information received,
decline, signpost and mark as a duplicate. Each calls its service, which refuses a move the
referral's current state does not allow (often: a colleague decided first)."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path

from families.policy import families_visible_to
from piew.forms import show_service_error
from referrals import selectors, services
from referrals.forms import staff as forms
from referrals.models import Referral
from referrals.permissions import can_triage, referrals_visible_to
from referrals.templatetags.referral_tags import lowerfirst
from referrals.transitions import Action, actions_from

# A new family is made from these fields of the referral; the service reports a gap by their names.
FAMILY_FIELDS = {"address_line_1": "the first line of the address", "postcode": "the postcode",
                 "first_name": "the parent's first name", "last_name": "the parent's last name"}


@dataclass(frozen=True)
class TriagePage:
    action: Action
    title: str
    form_class: type
    perform: Callable[..., str]  # (referral, user, cleaned data) -> the success message


def _accept(referral: Referral, user, data: dict[str, Any]) -> str:
    try:
        accepted = services.referral_accept(referral_id=referral.pk, by=user, family=data["family"],
                                            first_contact_by=data["first_contact_by"])
    except ValidationError as error:
        missing = [FAMILY_FIELDS[name] for name in getattr(error, "error_dict", {}) if name in FAMILY_FIELDS]
        if not missing:
            raise
        raise ValidationError(
            f"A new family record needs {' and '.join(missing)}, and this referral does not give "
            "them. Link the referral to an existing family, or ask for more information."
        ) from None
    return (f"Referral {accepted.reference} accepted. "
            f"Family {accepted.family.reference} is awaiting first contact")


def _request_info(referral: Referral, user, data: dict[str, Any]) -> str:
    services.referral_request_info(referral_id=referral.pk, by=user, note=data["note"])
    return f"Referral {referral.reference}: more information requested"


def _info_received(referral: Referral, user, data: dict[str, Any]) -> str:
    services.referral_info_received(referral_id=referral.pk, by=user, note=data["note"])
    return f"Referral {referral.reference} is back in the queue as new"


def _decline(referral: Referral, user, data: dict[str, Any]) -> str:
    services.referral_decline(referral_id=referral.pk, by=user, note=data["note"])
    return f"Referral {referral.reference} declined"


def _signpost(referral: Referral, user, data: dict[str, Any]) -> str:
    services.referral_signpost(referral_id=referral.pk, by=user, note=data["note"],
                               organisation=data["organisation"])
    return f"Referral {referral.reference}: family signposted"


def _duplicate_target(user, kind: str, number: int) -> dict[str, Any]:
    """The referral or family the reference names, if the user may see it."""
    if kind == "referral":
        found = referrals_visible_to(user).filter(pk=number).first()
        reference = f"R-{number:06d}"
    else:
        found = families_visible_to(user).filter(pk=number).first()
        reference = f"PIEW-{number:06d}"
    if found is None:
        raise ValidationError({"reference": f"There is no {kind} {reference}. Check the reference"})
    return {"duplicate_of": found} if kind == "referral" else {"family": found}


def _mark_duplicate(referral: Referral, user, data: dict[str, Any]) -> str:
    target = _duplicate_target(user, *data["reference"])
    services.referral_mark_duplicate(referral_id=referral.pk, by=user, note=data["note"], **target)
    return f"Referral {referral.reference} marked as a duplicate of {next(iter(target.values()))}"


PAGES = {
    "accept": TriagePage(Action.ACCEPT, "Accept the referral", forms.AcceptForm, _accept),
    "request-info": TriagePage(Action.REQUEST_INFO, "Ask for more information", forms.RequestInfoForm,
                               _request_info),
    "info-received": TriagePage(Action.INFO_RECEIVED, "Record the information received",
                                forms.InfoReceivedForm, _info_received),
    "decline": TriagePage(Action.DECLINE, "Decline the referral", forms.DeclineForm, _decline),
    "signpost": TriagePage(Action.SIGNPOST, "Signpost the family", forms.SignpostForm, _signpost),
    "duplicate": TriagePage(Action.MARK_DUPLICATE, "Mark as a duplicate", forms.DuplicateForm,
                            _mark_duplicate),
}
# Each triage action's page, for the referral page's list of what can be done next.
TRIAGE_PAGES = {page.action: (f"referrals:{name}", page.title) for name, page in PAGES.items()}
# The service names some fields differently from the form.
FORM_FIELD = {"duplicate_of": "reference"}


def _form(page: TriagePage, request: HttpRequest, duplicates: list) -> Any:
    data = request.POST if request.method == "POST" else None
    if page.action == Action.ACCEPT:
        families = {match.pk: f"Link to family {match.reference}: {match.name}, {match.postcode} "
                              f"({lowerfirst(match.reason)})"
                    for match in duplicates if match.kind == "family"}
        return page.form_class(data, families=families)
    return page.form_class(data)


def _decide(request: HttpRequest, referral: Referral, page: TriagePage, form) -> HttpResponse | None:
    """Call the service; the redirect on success, or None with the reason shown on the form."""
    try:
        message = page.perform(referral, request.user, form.cleaned_data)
    except services.TransitionRefused as refused:
        form.add_error(None, str(refused))
    except ValidationError as error:
        show_service_error(form, error, FORM_FIELD)
    else:
        messages.success(request, message)
        return redirect("referrals:detail", pk=referral.pk)
    referral.refresh_from_db()
    return None


def _triage_view(name: str):
    page = PAGES[name]

    @login_required
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        referral = selectors.referral_detail(user=request.user, pk=pk)
        if not can_triage(request.user):
            raise PermissionDenied
        duplicates = selectors.possible_duplicates([referral])[referral.pk]
        form = _form(page, request, duplicates)
        if request.method == "POST" and form.is_valid():
            done = _decide(request, referral, page, form)
            if done:
                return done
        context = {
            "referral": referral, "form": form, "title": page.title, "duplicates": duplicates,
            "allowed": page.action in actions_from(referral.status) or form.errors,
            "action": page.action,
        }
        return render(request, "referrals/triage.html", context)

    view.__name__ = f"referral_{name.replace('-', '_')}"
    return view


urlpatterns = [path(f"<int:pk>/{name}/", _triage_view(name), name=name) for name in PAGES]
