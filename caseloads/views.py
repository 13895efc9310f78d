"""Caseload pages: My caseload, Team caseloads, the waiting list, allocation and closure."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse

from caseloads import forms, selectors, services
from families import policy
from families.models import Case
from piew.forms import show_service_error
from team.models import User
from team.roles import PRACTITIONER_ROLES


def _team_lead_only(request: HttpRequest) -> None:
    if not policy.can_manage_cases(request.user):
        raise PermissionDenied


def _case_for(request: HttpRequest, pk: int) -> Case:
    """The case, if the user may see its family (404 otherwise, as if it did not exist)."""
    case = get_object_or_404(Case.objects.select_related("family", "key_worker"), pk=pk)
    policy.family_get_for_user(user=request.user, pk=case.family_id)
    return case


def _case_page(request: HttpRequest, form, case: Case, title: str) -> HttpResponse:
    return render(request, "caseloads/case_form.html", {"form": form, "case": case, "title": title})


@login_required
def my_caseload(request: HttpRequest) -> HttpResponse:
    if request.user.role not in PRACTITIONER_ROLES:
        raise PermissionDenied
    rows = selectors.caseload_for(practitioner=request.user)
    tasks = selectors.tasks_for(practitioner=request.user)
    for task in tasks:
        task.url = (reverse("interventions:session", args=[task.session_id]) if task.session_id
                    else reverse("interventions:enrolment", args=[task.enrolment_id]))
    tasks_url = reverse("interventions:tasks")
    context = {"rows": rows, "tasks": tasks, "tasks_url": tasks_url}
    return render(request, "caseloads/mine.html", context)


@login_required
def team(request: HttpRequest) -> HttpResponse:
    _team_lead_only(request)
    context = {"loads": selectors.team_caseloads(), "waiting": selectors.waiting_summary()}
    return render(request, "caseloads/team.html", context)


@login_required
def waiting(request: HttpRequest) -> HttpResponse:
    _team_lead_only(request)
    return render(request, "caseloads/waiting.html", {"rows": selectors.waiting_rows()})


@login_required
def allocate(request: HttpRequest, case_pk: int) -> HttpResponse:
    case = _case_for(request, case_pk)
    _team_lead_only(request)
    form = forms.AllocateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.case_allocate(case=case, key_worker=form.cleaned_data["key_worker"], by=request.user,
                                   note=form.cleaned_data["note"])
        except ValidationError as error:
            show_service_error(form, error)
        else:
            worker = form.cleaned_data["key_worker"]
            messages.success(request, f"{case.family.reference} allocated to {worker}")
            return redirect("families:detail", pk=case.family_id)
    return _case_page(request, form, case, "Allocate a key worker")


@login_required
def close(request: HttpRequest, case_pk: int) -> HttpResponse:
    case = _case_for(request, case_pk)
    _team_lead_only(request)
    form = forms.CloseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.case_close(case=case, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            show_service_error(form, error)
        else:
            messages.success(request, f"The case for {case.family.reference} is closed")
            return redirect("caseloads:team")
    return _case_page(request, form, case, "Close the case")


@login_required
def next_action(request: HttpRequest, case_pk: int) -> HttpResponse:
    case = _case_for(request, case_pk)
    if case.key_worker_id != request.user.pk or not case.is_open:
        raise PermissionDenied
    form = forms.NextActionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.next_action_set(case=case, by=request.user, next_action=form.cleaned_data["next_action"],
                                 due=form.cleaned_data["due"])
        messages.success(request, f"Next action saved for {case.family.reference}")
        return redirect("caseloads:mine")
    return _case_page(request, form, case, "Set the next action")



@login_required
def weights(request: HttpRequest) -> HttpResponse:
    """The catalogue's caseload weights, read only: the team lead changes them in the catalogue."""
    _team_lead_only(request)
    catalogue = reverse("interventions:catalogue")
    return render(request, "caseloads/weights.html", {"programmes": selectors.weights(),
                                                      "catalogue_url": catalogue})


def _from_practitioner(request: HttpRequest) -> User | None:
    pk = request.POST.get("from") or request.GET.get("from")
    if not pk or not str(pk).isdigit():
        return None
    return selectors.practitioners().filter(pk=pk).first()


@login_required
def reassign(request: HttpRequest) -> HttpResponse:
    _team_lead_only(request)
    source = _from_practitioner(request)
    cases = (Case.objects.filter(key_worker=source, closed_at__isnull=True).select_related("family")
             .order_by("opened_at", "pk") if source else Case.objects.none())
    form = forms.ReassignForm(request.POST or None, cases=cases)
    if request.method == "POST" and form.is_valid():
        try:
            moved = services.cases_reassign(cases=form.cleaned_data["cases"], to=form.cleaned_data["to"],
                                            by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            show_service_error(form, error)
        else:
            messages.success(request, f"{len(moved)} case{'s' if len(moved) != 1 else ''} reassigned to "
                                      f"{form.cleaned_data['to']}")
            return redirect("caseloads:team")
    context = {"form": form, "source": source, "practitioners": selectors.practitioners()}
    return render(request, "caseloads/reassign.html", context)


app_name = "caseloads"
urlpatterns = [
    path("", my_caseload, name="mine"),
    path("team/", team, name="team"),
    path("waiting/", waiting, name="waiting"),
    path("weights/", weights, name="weights"),
    path("reassign/", reassign, name="reassign"),
    path("cases/<int:case_pk>/allocate/", allocate, name="allocate"),
    path("cases/<int:case_pk>/close/", close, name="close"),
    path("cases/<int:case_pk>/next-action/", next_action, name="next-action"),
]
