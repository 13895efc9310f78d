"""Licence code pages: the team lead's stock and imports, and issuing a code to a parent from
an enrolment, then marking it started and completed."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path

from families.services import family_access_record
from interventions import permissions
from interventions.forms.licences import LicenceDateForm, LicenceImportForm, LicenceIssueForm
from interventions.models import Enrolment, LicenceCode
from interventions.services import licences
from interventions.views.links import enrolment_back
from piew.forms import show_service_error


def _posted(request: HttpRequest):
    return request.POST if request.method == "POST" else None


def _lead_only(request: HttpRequest) -> None:
    if not permissions.is_team_lead(request.user):
        raise PermissionDenied


def enrolment_for(request: HttpRequest, pk: int, *, may_change: bool) -> Enrolment:
    """The enrolment, if the user may see its family (404 otherwise); 403 when they may see it
    but not change it and ``may_change`` is asked for."""
    enrolment = get_object_or_404(Enrolment.objects.select_related("case__family", "case__key_worker",
                                                                   "programme", "practitioner"), pk=pk)
    if not permissions.can_see_interventions(request.user, enrolment.case.family):
        raise Http404("No enrolment found")
    if may_change and not permissions.can_end(request.user, enrolment):
        raise PermissionDenied
    return enrolment


@login_required
def stock(request: HttpRequest) -> HttpResponse:
    _lead_only(request)
    issued = [(code, licences.masked(code.code)) for code in licences.licences_issued()[:200]]
    return render(request, "interventions/licence_list.html",
                  {"programmes": licences.licence_stock(), "issued": issued})


@login_required
def import_codes(request: HttpRequest) -> HttpResponse:
    _lead_only(request)
    form = LicenceImportForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            imported = licences.licence_codes_import(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            show_service_error(form, error)
        else:
            messages.success(request, f"{len(imported)} code{'s' if len(imported) != 1 else ''} imported for "
                                      f"{form.cleaned_data['programme']}")
            return redirect("interventions:licences")
    return render(request, "interventions/licence_import.html", {"form": form})


@login_required
def issue(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = enrolment_for(request, pk, may_change=request.method == "POST")
    if not enrolment.programme.uses_licence_codes:
        raise Http404("This intervention has no licence codes")
    may_issue = permissions.can_end(request.user, enrolment)
    form = LicenceIssueForm(_posted(request), enrolment=enrolment)
    if request.method == "POST" and form.is_valid():
        caregiver = form.cleaned_data["caregiver"]
        try:
            licences.licence_issue(enrolment=enrolment, caregiver=caregiver, by=request.user)
        except ValidationError as error:
            show_service_error(form, error)
        else:
            messages.success(request, f"Code issued to {caregiver.full_name}. It is being emailed to them")
            return redirect("interventions:licence-issue", pk=enrolment.pk)
    family_access_record(family=enrolment.case.family, user=request.user, page="Licence codes")
    codes = [(code, code.code if may_issue else licences.masked(code.code))
             for code in enrolment.licence_codes.select_related("caregiver").order_by("issued_at")]
    back_url, back_label = enrolment_back(enrolment)
    context = {"enrolment": enrolment, "form": form, "codes": codes, "may_issue": may_issue,
               "back_url": back_url, "back_label": back_label,
               "available": licences.codes_available(enrolment.programme).count()}
    return render(request, "interventions/licence_issue.html", context)


def _licence_date(request: HttpRequest, pk: int, *, field: str) -> HttpResponse:
    licence = get_object_or_404(LicenceCode.objects.select_related(
        "enrolment__case__family", "caregiver", "programme"), pk=pk, issued_at__isnull=False)
    enrolment_for(request, licence.enrolment_id, may_change=True)
    started = field == "redeemed_on"
    label = "Date the parent started" if started else "Date the parent completed"
    form = LicenceDateForm(_posted(request), label=label,
                           submit_label="Save the start date" if started else "Save the completion date")
    if request.method == "POST" and form.is_valid():
        mark = licences.licence_mark_redeemed if started else licences.licence_mark_completed
        try:
            mark(licence=licence, by=request.user, **{field: form.cleaned_data["day"]})
        except ValidationError as error:
            show_service_error(form, error, aliases={field: "day"})
        else:
            messages.success(request, f"{licence.caregiver.full_name}'s code marked as "
                                      f"{'started' if started else 'completed'}")
            return redirect("interventions:licence-issue", pk=licence.enrolment_id)
    title = "Mark the code as started" if started else "Mark the programme as completed"
    return render(request, "interventions/licence_date.html",
                  {"form": form, "licence": licence, "title": title, "masked": licences.masked(licence.code)})


@login_required
def redeemed(request: HttpRequest, pk: int) -> HttpResponse:
    return _licence_date(request, pk, field="redeemed_on")


@login_required
def completed(request: HttpRequest, pk: int) -> HttpResponse:
    return _licence_date(request, pk, field="completed_on")


urls = [
    path("licences/", stock, name="licences"),
    path("licences/import/", import_codes, name="licence-import"),
    path("licences/<int:pk>/redeemed/", redeemed, name="licence-redeemed"),
    path("licences/<int:pk>/completed/", completed, name="licence-completed"),
    path("enrolments/<int:pk>/licence/", issue, name="licence-issue"),
]
