"""A family's interventions: enrolling, the enrolment's page, changing and ending it, and
booking and recording its sessions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone

from families.services import family_access_record
from interventions import permissions, services
from interventions.forms.enrolments import (
    SESSION_ALIASES,
    AttendanceForm,
    EndForm,
    EnrolForm,
    EnrolmentChangeForm,
    SessionForm,
)
from interventions.hooks import enrolment_links
from interventions.models import Enrolment, Session
from interventions.qualification import delivery_refusal
from interventions.selectors.enrolments import (
    deliverers_for,
    enrolment_get_for_user,
    enrolments_for_family,
    family_for_interventions,
    session_get_for_user,
    sessions_by_cycle,
    sessions_for_enrolment,
)
from interventions.services.enrolments import attended_count
from piew.forms import show_service_error


def _refuse_unless(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


@login_required
def family(request: HttpRequest, family_pk: int) -> HttpResponse:
    family = family_for_interventions(user=request.user, pk=family_pk)
    family_access_record(family=family, user=request.user, page="Interventions")
    context = {"family": family, "enrolments": list(enrolments_for_family(family=family)),
               "can_enrol": permissions.can_enrol(request.user, family)}
    return render(request, "interventions/family.html", context)


def _needs_override(request: HttpRequest, form, programme) -> bool:
    """Whether the team lead is shown the "allow anyway" field: the practitioner chosen is not
    recorded as qualified."""
    if not permissions.is_team_lead(request.user) or "override_reason" in form.fields:
        return False
    practitioner = form.cleaned_data.get("practitioner")
    if not programme or not practitioner:
        return False
    return delivery_refusal(programme=programme, practitioner=practitioner) is not None


def _enrol_form(request: HttpRequest, family, **kwargs) -> EnrolForm:
    allow = permissions.is_team_lead(request.user) and "override_reason" in request.POST
    return EnrolForm(request.POST or None, family=family, deliverers=deliverers_for(family=family),
                     initial={"practitioner": request.user.pk}, allow_override=allow, **kwargs)


def _try_enrol(request: HttpRequest, case, form: EnrolForm):
    data = form.cleaned_data
    try:
        return services.enrol(
            case=case, programme=data["programme"], caregivers=data["caregivers"],
            practitioner=data["practitioner"], format=data["format"], by=request.user, goals=data["goals"],
            planned_cycles=data["planned_cycles"], starts_on=data["starts_on"],
            override_reason=data.get("override_reason") or "")
    except ValidationError as error:
        if _needs_override(request, form, data["programme"]):
            form.add_override()
        show_service_error(form, error, {"case": None})
        return None


@login_required
def enrol(request: HttpRequest, family_pk: int) -> HttpResponse:
    family = family_for_interventions(user=request.user, pk=family_pk)
    _refuse_unless(permissions.can_enrol(request.user, family))
    family_access_record(family=family, user=request.user, page="Enrol in an intervention")
    case = family.cases.filter(closed_at__isnull=True).order_by("-opened_at").first()
    form = _enrol_form(request, family)
    if request.method == "POST" and case and form.is_valid():
        enrolment = _try_enrol(request, case, form)
        if enrolment:
            messages.success(request, f"{family.reference} enrolled in {enrolment.programme}")
            return redirect("interventions:enrolment", pk=enrolment.pk)
    context = {"form": form, "family": family, "case": case}
    return render(request, "interventions/enrolment_enrol.html", context)


def _enrolment_links(request: HttpRequest, enrolment: Enrolment) -> dict:
    programme = enrolment.programme
    user = request.user
    can_record = permissions.can_record_sessions(user, enrolment)
    return {
        "can_record": can_record,
        "can_book": can_record and enrolment.is_open,
        "can_change": enrolment.is_open and permissions.can_end(user, enrolment),
        "licence_url": reverse("interventions:licence-issue", args=[enrolment.pk])
        if programme.uses_licence_codes and can_record else None,
        "recording_url": reverse("interventions:recording-add", args=[enrolment.pk])
        if programme.uses_video and permissions.can_read_session_notes(user, enrolment.case.family) else None,
        "more_links": enrolment_links(enrolment=enrolment, user=user),
    }


@login_required
def enrolment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = enrolment_get_for_user(user=request.user, pk=pk)
    family = enrolment.case.family
    family_access_record(family=family, user=request.user, page=f"Enrolment in {enrolment.programme}")
    sessions = sessions_for_enrolment(enrolment=enrolment)
    context = {
        "enrolment": enrolment, "family": family, "sessions": sessions,
        "caregivers": list(enrolment.caregivers.all()),
        "attended": sum(1 for s in sessions if s.attended and (s.kind is None or s.kind.with_family)),
        "cycles": sessions_by_cycle(sessions, enrolment.planned_cycles)
        if enrolment.programme.uses_cycles else [],
        "now": timezone.now(),
        **_enrolment_links(request, enrolment),
    }
    return render(request, "interventions/enrolment_detail.html", context)


def _change_form(request: HttpRequest, enrolment: Enrolment) -> EnrolmentChangeForm:
    allow = permissions.is_team_lead(request.user) and "override_reason" in request.POST
    initial = {"goals": enrolment.goals, "planned_cycles": enrolment.planned_cycles,
               "practitioner": enrolment.practitioner_id}
    return EnrolmentChangeForm(request.POST or None, enrolment=enrolment, initial=initial,
                               deliverers=deliverers_for(family=enrolment.case.family), allow_override=allow)


def _try_change(request: HttpRequest, enrolment: Enrolment, form: EnrolmentChangeForm) -> bool:
    fields = dict(form.cleaned_data)
    try:
        services.enrolment_update(enrolment=enrolment, by=request.user, **fields)
    except ValidationError as error:
        changed = fields["practitioner"].pk != enrolment.practitioner_id
        if changed and _needs_override(request, form, enrolment.programme):
            form.add_override()
        show_service_error(form, error)
        return False
    return True


@login_required
def enrolment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = enrolment_get_for_user(user=request.user, pk=pk)
    _refuse_unless(permissions.can_end(request.user, enrolment))
    if not enrolment.is_open:
        messages.info(request, "This enrolment has ended: it can no longer be changed")
        return redirect("interventions:enrolment", pk=enrolment.pk)
    family_access_record(family=enrolment.case.family, user=request.user, page="Change an enrolment")
    form = _change_form(request, enrolment)
    if request.method == "POST" and form.is_valid() and _try_change(request, enrolment, form):
        messages.success(request, "Enrolment changed")
        return redirect("interventions:enrolment", pk=enrolment.pk)
    return _enrolment_form_page(request, enrolment, form, "Change the enrolment")


def _enrolment_form_page(request: HttpRequest, enrolment, form, title: str, **extra) -> HttpResponse:
    context = {"enrolment": enrolment, "family": enrolment.case.family, "form": form, "title": title, **extra}
    return render(request, "interventions/enrolment_form.html", context)


@login_required
def enrolment_end(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = enrolment_get_for_user(user=request.user, pk=pk)
    _refuse_unless(permissions.can_end(request.user, enrolment))
    if not enrolment.is_open:
        messages.info(request, f"This enrolment was already {enrolment.get_status_display().lower()}")
        return redirect("interventions:enrolment", pk=enrolment.pk)
    family_access_record(family=enrolment.case.family, user=request.user, page="End an enrolment")
    form = EndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.enrolment_complete(
                enrolment=enrolment, by=request.user, completed=data["outcome"] == "completed",
                ended_on=data["ended_on"], end_reason=data["end_reason"], end_note=data["end_note"])
        except ValidationError as error:
            show_service_error(form, error)
        else:
            done = "completed" if data["outcome"] == "completed" else "ended early"
            messages.success(request, f"{enrolment.programme} {done}")
            return redirect("interventions:enrolment", pk=enrolment.pk)
    progress = {"attended": attended_count(enrolment), "minimum": enrolment.programme.minimum_attended}
    return _enrolment_form_page(request, enrolment, form, "Complete or end the enrolment", progress=progress)


@login_required
def session_add(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = enrolment_get_for_user(user=request.user, pk=pk)
    _refuse_unless(permissions.can_record_sessions(request.user, enrolment))
    family_access_record(family=enrolment.case.family, user=request.user, page="Book a session")
    form = SessionForm(request.POST or None, enrolment=enrolment)
    if request.method == "POST" and form.is_valid():
        try:
            session = services.session_book(enrolment=enrolment, by=request.user, **form.session_fields())
        except ValidationError as error:
            show_service_error(form, error, SESSION_ALIASES)
        else:
            messages.success(request, f"Session booked for {_when(session)}")
            return redirect("interventions:enrolment", pk=enrolment.pk)
    return _enrolment_form_page(request, enrolment, form, "Book a session")


def _when(session: Session) -> str:
    return f"{timezone.localtime(session.starts_at):%-d %B %Y at %H:%M}"


def _session_page(request: HttpRequest, session: Session, form, title: str) -> HttpResponse:
    context = {"session": session, "enrolment": session.enrolment, "family": session.enrolment.case.family,
               "form": form, "title": title}
    return render(request, "interventions/session_form.html", context)


@login_required
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    session = session_get_for_user(user=request.user, pk=pk)
    enrolment = session.enrolment
    family_access_record(family=enrolment.case.family, user=request.user, page="Session")
    context = {
        "session": session, "enrolment": enrolment, "family": enrolment.case.family,
        "can_read_notes": permissions.can_read_session_notes(request.user, enrolment.case.family),
        "can_record": permissions.can_record_sessions(request.user, enrolment),
        "happened": session.starts_at <= timezone.now(),
    }
    return render(request, "interventions/session_detail.html", context)


@login_required
def session_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    session = session_get_for_user(user=request.user, pk=pk)
    enrolment = session.enrolment
    _refuse_unless(permissions.can_record_sessions(request.user, enrolment))
    family_access_record(family=enrolment.case.family, user=request.user, page="Record attendance")
    can_notes = permissions.can_read_session_notes(request.user, enrolment.case.family)
    form = AttendanceForm(request.POST or None, initial=AttendanceForm.initial_for(session),
                          can_write_notes=can_notes)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.attendance_record(session=session, by=request.user, attendance=data["attendance"],
                                       who=data["who"], minutes=data["minutes"], notes=data.get("notes"),
                                       next_steps=data["next_steps"])
        except ValidationError as error:
            show_service_error(form, error, SESSION_ALIASES)
        else:
            messages.success(request, f"Attendance recorded for the session on {_when(session)}")
            return redirect("interventions:enrolment", pk=enrolment.pk)
    return _session_page(request, session, form, "Record attendance")


@login_required
def session_edit(request: HttpRequest, pk: int) -> HttpResponse:
    session = session_get_for_user(user=request.user, pk=pk)
    enrolment = session.enrolment
    _refuse_unless(permissions.can_record_sessions(request.user, enrolment))
    family_access_record(family=enrolment.case.family, user=request.user, page="Change a session")
    form = SessionForm(request.POST or None, enrolment=enrolment, initial=SessionForm.initial_for(session),
                       submit_label="Save the session")
    if request.method == "POST" and form.is_valid():
        try:
            services.session_update(session=session, by=request.user, **form.session_fields())
        except ValidationError as error:
            show_service_error(form, error, SESSION_ALIASES)
        else:
            messages.success(request, "Session changed")
            return redirect("interventions:session", pk=session.pk)
    return _session_page(request, session, form, "Change the session")


urls = [
    path("families/<int:family_pk>/", family, name="family"),
    path("families/<int:family_pk>/enrol/", enrol, name="enrol"),
    path("enrolments/<int:pk>/", enrolment_detail, name="enrolment"),
    path("enrolments/<int:pk>/change/", enrolment_edit, name="enrolment-change"),
    path("enrolments/<int:pk>/end/", enrolment_end, name="enrolment-end"),
    path("enrolments/<int:pk>/sessions/add/", session_add, name="session-add"),
    path("sessions/<int:pk>/", session_detail, name="session"),
    path("sessions/<int:pk>/attendance/", session_attendance, name="session-attendance"),
    path("sessions/<int:pk>/change/", session_edit, name="session-change"),
]
