"""A family's consent: every parent's decisions, and recording a new one."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from families import policy, services
from families.forms import ConsentForm
from families.models import Family
from piew.forms import show_service_error

PAGE = "Consent"


def _family_consent(request: HttpRequest, pk: int) -> Family:
    family = policy.family_get_for_user(user=request.user, pk=pk)
    if not policy.can_read_team_record(request.user, family):
        raise PermissionDenied
    return family


def _save(request: HttpRequest, form: ConsentForm) -> bool:
    """Record the decision; False (with the problem on the form) if it cannot be."""
    data = form.cleaned_data
    try:
        services.consent_record(
            caregiver=data["caregiver"], purpose=data["purpose"], decision=data["decision"],
            method=data["method"], decided_on=data["decided_on"], note=data["note"],
            organisation=data["organisation"], recorded_by=request.user,
        )
    except ValidationError as error:
        show_service_error(form, error)
        return False
    return True


@login_required
def family_consent(request: HttpRequest, pk: int) -> HttpResponse:
    family = _family_consent(request, pk)
    can_record = policy.can_record_consent(request.user, family)
    if request.method == "POST" and not can_record:
        raise PermissionDenied
    form = ConsentForm(request.POST or None, family=family) if can_record else None
    if request.method == "POST" and form.is_valid() and _save(request, form):
        messages.success(request, "Consent decision saved")
        return redirect("families:consent", pk=family.pk)
    if request.method == "GET":
        services.family_access_record(family=family, user=request.user, page=PAGE)
    history = family.consents.select_related("caregiver", "organisation", "recorded_by")
    context = {
        "family": family, "form": form, "history": history,
        "can_read_history": policy.can_read_record_history(request.user),
    }
    return render(request, "families/consent.html", context)
