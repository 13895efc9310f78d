"""Recording a referral that arrived by email, phone, Messenger or in person."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path

from piew.forms import show_service_error
from referrals import services
from referrals.forms.staff import IntakeForm
from referrals.permissions import can_triage

FILE_AGAIN = "If you attached a file, attach it again: files are not kept when the page shows a problem."


@login_required
def referral_intake(request: HttpRequest) -> HttpResponse:
    if not can_triage(request.user):
        raise PermissionDenied
    form = IntakeForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            referral = services.referral_create(
                data=form.referral_data(), reasons=form.cleaned_data["reasons"],
                created_by=request.user, original_file=form.cleaned_data["original_file"],
            )
        except ValidationError as error:
            show_service_error(form, error)
        else:
            messages.success(request, f"Referral {referral.reference} saved. It is in the triage queue")
            return redirect("referrals:detail", pk=referral.pk)
    if form.errors and request.FILES and "original_file" not in form.errors:
        field = form["original_file"]  # the bound field keeps its own copy of the hint
        field.help_text = f"{field.help_text} {FILE_AGAIN}"
    return render(request, "referrals/intake.html", {"form": form})


urlpatterns = [path("new/", referral_intake, name="new")]
