"""Referring a family on to a partner organisation, with the parent's agreement."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path

from families.policy import family_get_for_user
from families.services import family_access_record
from piew.forms import show_service_error
from referrals import services
from referrals.forms.contact import OnwardReferralForm
from referrals.permissions import can_refer_on


def _save(request: HttpRequest, family, form) -> bool:
    data = form.cleaned_data
    try:
        services.onward_referral_create(
            family=family, organisation=data["organisation"], caregiver=data["caregiver"],
            reason=data["reason"], parent_agreed=data["parent_agreed"], by=request.user,
            referred_on=data["referred_on"], referral=family.referrals.order_by("-received_at").first(),
        )
    except ValidationError as error:
        show_service_error(form, error)
        return False
    return True


@login_required
def onward_referral(request: HttpRequest, family_pk: int) -> HttpResponse:
    family = family_get_for_user(user=request.user, pk=family_pk)
    if not can_refer_on(request.user, family):
        raise PermissionDenied
    form = OnwardReferralForm(request.POST or None, family=family)
    if request.method == "GET":
        family_access_record(family=family, user=request.user, page="Refer on to a partner")
    if request.method == "POST" and form.is_valid() and _save(request, family, form):
        organisation = form.cleaned_data["organisation"]
        messages.success(request, f"Referred on to {organisation}. Their workers can now see the family.")
        return redirect("families:detail", pk=family.pk)
    previous = family.onward_referrals.select_related("organisation", "made_by")
    return render(request, "referrals/onward.html",
                  {"family": family, "form": form, "previous": previous})


urlpatterns = [
    path("families/<int:family_pk>/onward/", onward_referral, name="onward"),
]
