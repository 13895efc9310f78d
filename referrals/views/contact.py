"""First contact: trying to reach the family, and recording their choice to take part."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from referrals import services
from referrals.forms.contact import ContactAttemptForm, TakingPartForm
from referrals.models import ContactAttempt, Referral
from referrals.permissions import can_record_contact, referral_get_for_user
from referrals.transitions import CONTACT_SOURCES, Status

FAILED_OUTCOMES = [outcome.value for outcome in services.contact.FAILED]


def _referral_for_contact(request: HttpRequest, pk: int) -> Referral:
    referral = referral_get_for_user(user=request.user, pk=pk)
    if not can_record_contact(request.user, referral):
        raise PermissionDenied
    return referral


def _page(request, referral, attempt_form=None, consent_form=None, status=200) -> HttpResponse:
    attempts = referral.contact_attempts.select_related("recorded_by")
    can_record = referral.status in CONTACT_SOURCES
    if consent_form is None and can_record and referral.first_contact_at:
        consent_form = TakingPartForm(family=referral.family, prefix="consent")
    if consent_form is not None:
        consent_form.helper.form_action = reverse("referrals:taking-part", args=[referral.pk])
    context = {
        "referral": referral,
        "attempts": attempts,
        "failed": sum(1 for attempt in attempts if attempt.outcome in FAILED_OUTCOMES),
        "limit": settings.PIEW_FAILED_CONTACT_LIMIT,
        "can_record": can_record,
        "unable_to_contact": referral.status == Status.UNABLE_TO_CONTACT,
        "form": attempt_form or (ContactAttemptForm() if can_record else None),
        "consent_form": consent_form,
        "page_has_errors": bool(consent_form and consent_form.errors),
    }
    return render(request, "referrals/contact.html", context, status=status)


def _attempt(request: HttpRequest, referral: Referral) -> HttpResponse:
    form = ContactAttemptForm(request.POST)
    if not form.is_valid():
        return _page(request, referral, attempt_form=form)
    try:
        services.contact_attempt_record(referral_id=referral.pk, by=request.user, **form.cleaned_data)
    except services.TransitionRefused as refused:
        form.add_error(None, str(refused))
        return _page(request, referral, attempt_form=form)
    outcome = ContactAttempt.Outcome(form.cleaned_data["outcome"]).label.lower()
    messages.success(request, f"Contact attempt saved: {outcome}")
    return redirect("referrals:contact", pk=referral.pk)


@login_required
def contact(request: HttpRequest, pk: int) -> HttpResponse:
    referral = _referral_for_contact(request, pk)
    if request.method == "POST":
        return _attempt(request, referral)
    return _page(request, referral)


@login_required
@require_POST
def taking_part(request: HttpRequest, pk: int) -> HttpResponse:
    referral = _referral_for_contact(request, pk)
    form = TakingPartForm(request.POST, family=referral.family, prefix="consent")
    if form.is_valid():
        try:
            services.first_contact_consent_record(referral_id=referral.pk, by=request.user,
                                                  **form.cleaned_data)
        except (ValidationError, services.TransitionRefused) as error:
            form.add_error(None, error.messages if isinstance(error, ValidationError) else str(error))
        else:
            referral.refresh_from_db()
            messages.success(request, f"Decision saved. The referral is now "
                                      f"“{referral.get_status_display()}”")
            return redirect("referrals:contact", pk=referral.pk)
    return _page(request, referral, consent_form=form)


@login_required
@require_POST
def decision(request: HttpRequest, pk: int) -> HttpResponse:
    """After too many failed attempts: keep trying, or close the referral."""
    referral = _referral_for_contact(request, pk)
    try:
        if request.POST.get("decision") == "close":
            services.referral_close_not_contacted(referral_id=referral.pk, by=request.user)
        else:
            services.referral_keep_trying(referral_id=referral.pk, by=request.user)
    except services.TransitionRefused as refused:
        messages.error(request, str(refused))
    else:
        referral.refresh_from_db()
        messages.success(request, f"The referral is now “{referral.get_status_display()}”")
    return redirect("referrals:contact", pk=referral.pk)


urlpatterns = [
    path("<int:pk>/contact/", contact, name="contact"),
    path("<int:pk>/contact/taking-part/", taking_part, name="taking-part"),
    path("<int:pk>/contact/decision/", decision, name="contact-decision"),
]
