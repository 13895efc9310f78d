"""Changing a family's record: address, parents and carers, the baby, the case, alerts."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from families import policy, services
from families.forms import (
    AlertAcknowledgeForm,
    CaregiverForm,
    CaseCloseForm,
    CaseOpenForm,
    ChildForm,
    FamilyForm,
)
from families.models import AlertRecipient, Family
from piew.forms import show_service_error


def _family_to_change(request: HttpRequest, pk: int) -> Family:
    family = policy.family_get_for_user(user=request.user, pk=pk)
    if not policy.can_change_family(request.user, family):
        raise PermissionDenied
    return family


def _form_page(request, family, form, title: str, save) -> HttpResponse:
    """Show the form; on a valid post, call ``save`` and go back to the family."""
    if request.method == "GET":
        services.family_access_record(family=family, user=request.user, page=title)
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except ValidationError as error:
            show_service_error(form, error)
        else:
            messages.success(request, f"{title}: saved")
            return redirect("families:detail", pk=family.pk)
    return render(request, "families/form.html", {"family": family, "form": form, "title": title})


@login_required
def family_edit(request: HttpRequest, pk: int) -> HttpResponse:
    family = _family_to_change(request, pk)
    form = FamilyForm(request.POST or None, instance=family)
    return _form_page(request, family, form, "Change address",
                      lambda data: services.family_update(family=family, **data))


@login_required
def caregiver_add(request: HttpRequest, pk: int) -> HttpResponse:
    family = _family_to_change(request, pk)
    form = CaregiverForm(request.POST or None)
    return _form_page(request, family, form, "Add a parent or carer",
                      lambda data: services.caregiver_add(family=family, **data))


@login_required
def caregiver_edit(request: HttpRequest, pk: int, caregiver_pk: int) -> HttpResponse:
    family = _family_to_change(request, pk)
    caregiver = get_object_or_404(family.caregivers, pk=caregiver_pk)
    form = CaregiverForm(request.POST or None, instance=caregiver)
    return _form_page(request, family, form, f"Change {caregiver.full_name}'s details",
                      lambda data: services.caregiver_update(caregiver=caregiver, **data))


@login_required
def child_add(request: HttpRequest, pk: int) -> HttpResponse:
    family = _family_to_change(request, pk)
    form = ChildForm(request.POST or None)
    return _form_page(request, family, form, "Add a baby",
                      lambda data: services.child_add(family=family, **data))


@login_required
def child_edit(request: HttpRequest, pk: int, child_pk: int) -> HttpResponse:
    family = _family_to_change(request, pk)
    child = get_object_or_404(family.children, pk=child_pk)
    form = ChildForm(request.POST or None, instance=child)
    return _form_page(request, family, form, "Change the baby's details",
                      lambda data: services.child_update(child=child, **data))


def _family_case_manager(request: HttpRequest, pk: int) -> Family:
    family = policy.family_get_for_user(user=request.user, pk=pk)
    if not policy.can_manage_cases(request.user):
        raise PermissionDenied
    return family


@login_required
def case_open(request: HttpRequest, pk: int) -> HttpResponse:
    family = _family_case_manager(request, pk)
    form = CaseOpenForm(request.POST or None)

    def save(data):
        try:
            services.case_open(family=family, opened_by=request.user, key_worker=data["key_worker"])
        except (IntegrityError, ValidationError):
            # full_clean() checks the one-open-case constraint before the database does, and
            # its own message names the constraint, not the problem.
            raise ValidationError("This family already has an open case") from None

    return _form_page(request, family, form, "Open a case", save)


@login_required
def case_close(request: HttpRequest, pk: int) -> HttpResponse:
    family = _family_case_manager(request, pk)
    case = family.cases.filter(closed_at__isnull=True).first()
    if case is None:
        raise Http404("This family has no open case")
    form = CaseCloseForm(request.POST or None)
    return _form_page(request, family, form, "Close the case",
                      lambda data: services.case_close(case=case, reason=data["reason"],
                                                       note=data["note"]))


@login_required
def alert_acknowledge(request: HttpRequest, pk: int, alert_pk: int) -> HttpResponse:
    family = policy.family_get_for_user(user=request.user, pk=pk)
    recipient = get_object_or_404(
        AlertRecipient.objects.select_related("alert"), alert_id=alert_pk, alert__family=family,
        user=request.user,
    )
    form = AlertAcknowledgeForm(request.POST or None)
    return _form_page(request, family, form, f"Acknowledge alert: {recipient.alert.title}",
                      lambda data: services.alert_acknowledge(
                          alert=recipient.alert, user=request.user,
                          action_taken=data["action_taken"]))
