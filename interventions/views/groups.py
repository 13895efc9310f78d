"""Group programme pages: the runs, a run's page, setting one up and changing it, adding
sessions, placing families and keeping each session's register."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_POST

from families.services import family_access_record_many
from interventions import permissions
from interventions.forms.groups import (
    SCHEDULE_ALIASES,
    PlaceForm,
    RegisterForm,
    RunCreateForm,
    RunEditForm,
    SessionsAddForm,
)
from interventions.models import Enrolment
from interventions.selectors import groups as selectors
from interventions.services import groups as services
from piew.forms import show_service_error

RUN_PAGE = "Group run"
REGISTER_PAGE = "Group register"


def _refuse_unless_manager(request: HttpRequest) -> None:
    if not permissions.can_manage_groups(request.user):
        raise PermissionDenied


@login_required
def runs(request: HttpRequest) -> HttpResponse:
    _refuse_unless_manager(request)
    rows = selectors.runs_visible_to(user=request.user).filter(cancelled_at__isnull=True)
    return render(request, "interventions/group_runs.html", {"runs": rows})


@login_required
def run_new(request: HttpRequest) -> HttpResponse:
    _refuse_unless_manager(request)
    form = RunCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            run = services.run_create(programme=data["programme"], title=data["title"], hub=data["hub"],
                                      venue=data["venue"], capacity=data["capacity"],
                                      facilitators=data["facilitators"],
                                      by=request.user, **form.schedule())
        except ValidationError as error:
            show_service_error(form, error, SCHEDULE_ALIASES)
        else:
            messages.success(request, f"{run} is set up with {run.sessions.count()} sessions")
            return redirect("interventions:group-run", pk=run.pk)
    return render(request, "interventions/group_form.html",
                  {"form": form, "title": "Set up a group run", "back": "interventions:group-runs"})


def _managed_run(request: HttpRequest, pk: int):
    run = selectors.run_get_for_user(user=request.user, pk=pk)
    _refuse_unless_manager(request)
    return run


@login_required
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    run = selectors.run_get_for_user(user=request.user, pk=pk)
    placed = list(selectors.families_placed(run=run))
    waiting = list(selectors.families_waiting_on(run=run))
    candidates = list(selectors.families_waiting_for_a_group(run=run, user=request.user))
    family_access_record_many(
        families=[enrolment.case.family for enrolment in placed + waiting + candidates],
        user=request.user, page=RUN_PAGE)
    context = {"run": run, "facilitators": run.facilitators.order_by("first_name", "last_name"),
               "sessions": list(selectors.run_sessions(run=run)), "placed": placed, "waiting": waiting,
               "candidates": candidates, "now": timezone.now(),
               "free": max(run.capacity - len(placed), 0)}
    return render(request, "interventions/group_run.html", context)


@login_required
def run_edit(request: HttpRequest, pk: int) -> HttpResponse:
    run = _managed_run(request, pk)
    initial = {"title": run.title, "hub": run.hub_id, "venue": run.venue, "capacity": run.capacity,
               "facilitators": list(run.facilitators.values_list("pk", flat=True))}
    form = RunEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.run_update(run=run, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            show_service_error(form, error)
        else:
            messages.success(request, f"{run} is changed")
            return redirect("interventions:group-run", pk=run.pk)
    return render(request, "interventions/group_form.html",
                  {"form": form, "title": "Change the run", "run": run})


@login_required
def sessions_add(request: HttpRequest, pk: int) -> HttpResponse:
    run = _managed_run(request, pk)
    form = SessionsAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            added = services.group_sessions_add(run=run, by=request.user, **form.schedule())
        except ValidationError as error:
            show_service_error(form, error, SCHEDULE_ALIASES)
        else:
            messages.success(request, f"{len(added)} session{'s' if len(added) != 1 else ''} added")
            return redirect("interventions:group-run", pk=run.pk)
    return render(request, "interventions/group_form.html",
                  {"form": form, "title": "Add sessions", "run": run})


def _enrolment_for(request: HttpRequest, run, pk) -> Enrolment:
    """An enrolment on the run, or waiting for a place in it that the user may see."""
    on_run = Enrolment.objects.filter(group_run=run)
    candidates = selectors.families_waiting_for_a_group(run=run, user=request.user)
    enrolment = (on_run | Enrolment.objects.filter(pk__in=candidates.values("pk"))).filter(pk=pk).first()
    if enrolment is None:
        raise Http404("No family found")
    return enrolment


@login_required
@require_POST
def place(request: HttpRequest, pk: int) -> HttpResponse:
    run = _managed_run(request, pk)
    form = PlaceForm(request.POST)
    if not form.is_valid():
        raise Http404("No family found")
    enrolment = _enrolment_for(request, run, form.cleaned_data["enrolment"])
    reference = enrolment.case.family.reference
    try:
        given = services.group_place(run=run, enrolment=enrolment, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"{reference} has a place on this run" if given
                         else f"The run is full: {reference} is on its waiting list")
    return redirect("interventions:group-run", pk=run.pk)


@login_required
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    run = _managed_run(request, pk)
    if request.method == "POST":
        try:
            services.run_cancel(run=run, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"{run} is cancelled. Its families are waiting for a group place")
        return redirect("interventions:group-run", pk=run.pk)
    families = run.enrolments.count()
    return render(request, "interventions/group_cancel.html", {"run": run, "families": families})


@login_required
def remove(request: HttpRequest, pk: int, enrolment_pk: int) -> HttpResponse:
    run = _managed_run(request, pk)
    enrolment = _enrolment_for(request, run, enrolment_pk)
    if enrolment.group_run_id != run.pk:
        raise Http404("No family found")
    reference = enrolment.case.family.reference
    if request.method == "POST":
        try:
            services.group_remove(run=run, enrolment=enrolment, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"{reference} is off the run and waiting for a group place")
        return redirect("interventions:group-run", pk=run.pk)
    family_access_record_many(families=[enrolment.case.family], user=request.user, page=RUN_PAGE)
    return render(request, "interventions/group_remove.html", {"run": run, "enrolment": enrolment})


@login_required
def register(request: HttpRequest, pk: int) -> HttpResponse:
    group_session = selectors.group_session_get_for_user(user=request.user, pk=pk)
    run = group_session.run
    rows = list(selectors.register_rows(group_session=group_session))
    family_access_record_many(families=[row.enrolment.case.family for row in rows], user=request.user,
                                 page=REGISTER_PAGE)
    form = RegisterForm(request.POST or None, rows=rows)
    if request.method == "POST" and form.is_valid():
        entries = [services.RegisterEntry(session_id=pk, attendance=attendance, who=who)
                   for pk, attendance, who in form.entries()]
        try:
            services.register_record(group_session=group_session, entries=entries, by=request.user)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                form.show_row_errors(error.message_dict)
            else:
                form.add_error(None, error)
        else:
            messages.success(request, f"Register saved for session {group_session.number}")
            return redirect("interventions:group-run", pk=run.pk)
    context = {"form": form, "group_session": group_session, "run": run, "rows": rows,
               "started": group_session.starts_at <= timezone.now()}
    return render(request, "interventions/group_register.html", context)


urls = [
    path("groups/", runs, name="group-runs"),
    path("groups/new/", run_new, name="group-run-new"),
    path("groups/<int:pk>/", run_detail, name="group-run"),
    path("groups/<int:pk>/edit/", run_edit, name="group-run-edit"),
    path("groups/<int:pk>/sessions/add/", sessions_add, name="group-sessions-add"),
    path("groups/<int:pk>/place/", place, name="group-place"),
    path("groups/<int:pk>/families/<int:enrolment_pk>/remove/", remove, name="group-remove"),
    path("groups/<int:pk>/cancel/", cancel, name="group-run-cancel"),
    path("groups/sessions/<int:pk>/register/", register, name="group-register"),
]
