"""A practitioner's diary: the week's sessions by day, and attendance for several at once."""

import datetime
from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import urlencode

from interventions import permissions, services
from interventions.forms.enrolments import DiaryRowForm
from interventions.models import Session
from interventions.selectors.enrolments import diary_sessions, week_of
from interventions.services.sessions import Attendance
from team.models import User


def _week(request: HttpRequest) -> datetime.date:
    try:
        day = datetime.date.fromisoformat(request.GET.get("week", ""))
    except ValueError:
        day = timezone.localdate()
    return week_of(day)[0]


def _whose(request: HttpRequest) -> User:
    """The signed-in practitioner, or for the team lead, the practitioner asked for."""
    user = request.user
    if user.role not in permissions.DELIVERY_ROLES and not user.is_superuser:
        raise PermissionDenied
    asked = request.GET.get("practitioner")
    if not asked or asked == str(user.pk):
        return user
    if not permissions.is_team_lead(user) or not asked.isdigit():
        raise PermissionDenied
    return get_object_or_404(User, pk=asked, is_active=True)


def _recordable(session: Session, user: User, now: datetime.datetime) -> bool:
    return (not session.attendance and session.starts_at <= now and session.enrolment.is_open
            and (user.pk == session.enrolment.practitioner_id or permissions.is_team_lead(user)))


def _legend(session: Session) -> str:
    kind = f", {session.kind}" if session.kind else ""
    cycle = f" (cycle {session.cycle})" if session.cycle else ""
    return (f"{timezone.localtime(session.starts_at):%H:%M}, {session.enrolment.case.family.reference}: "
            f"{session.enrolment.programme}{kind}{cycle}")


def _rows(request: HttpRequest, sessions: list[Session]) -> list[tuple[Session, DiaryRowForm | None]]:
    now = timezone.now()
    data = request.POST if request.method == "POST" else None
    return [(session, DiaryRowForm(data, session=session, legend=_legend(session))
             if _recordable(session, request.user, now) else None) for session in sessions]


def _entries(forms: list[DiaryRowForm]) -> list[Attendance]:
    return [Attendance(session=form.session, attendance=form.cleaned_data["attendance"],
                                         who=frozenset(form.cleaned_data["who"]))
            for form in forms if form.cleaned_data.get("attendance")]


def _save(request: HttpRequest, forms: list[DiaryRowForm]) -> int | None:
    """Record the rows filled in, all or none; the number saved, or None with errors shown."""
    if not all([form.is_valid() for form in forms]):
        return None
    entries = _entries(forms)
    try:
        services.attendance_record_many(entries=entries, by=request.user)
    except ValidationError as error:
        by_id = {str(form.session.pk): form for form in forms}
        for session_id, problems in error.message_dict.items():
            by_id[session_id].add_error("attendance", problems)
        return None
    return len(entries)


def _days(rows, monday: datetime.date) -> list[tuple[datetime.date, list]]:
    by_day = {day: list(items) for day, items in
              groupby(rows, key=lambda row: timezone.localdate(row[0].starts_at))}
    return [(day, by_day[day]) for day in (monday + datetime.timedelta(days=n) for n in range(7))
            if day in by_day]


def _week_url(practitioner: User, viewer: User, monday: datetime.date) -> str:
    query = {"week": monday.isoformat()}
    if practitioner.pk != viewer.pk:
        query["practitioner"] = practitioner.pk
    return f"{reverse('interventions:diary')}?{urlencode(query)}"


@login_required
def diary(request: HttpRequest) -> HttpResponse:
    practitioner = _whose(request)
    monday = _week(request)
    rows = _rows(request, diary_sessions(viewer=request.user, practitioner=practitioner, monday=monday))
    forms = [form for _, form in rows if form is not None]
    if request.method == "POST":
        saved = _save(request, forms)
        if saved is not None:
            noun = "session" if saved == 1 else "sessions"
            messages.success(request, f"Attendance recorded for {saved} {noun}" if saved
                             else "No attendance was chosen, so nothing was recorded")
            return redirect(_week_url(practitioner, request.user, monday))
    week = datetime.timedelta(days=7)
    context = {
        "practitioner": practitioner, "mine": practitioner.pk == request.user.pk, "monday": monday,
        "sunday": monday + datetime.timedelta(days=6), "days": _days(rows, monday), "forms": forms,
        "page_has_errors": any(form.errors for form in forms),
        "previous_url": _week_url(practitioner, request.user, monday - week),
        "next_url": _week_url(practitioner, request.user, monday + week),
        "this_week_url": _week_url(practitioner, request.user, week_of(timezone.localdate())[0]),
    }
    return render(request, "interventions/diary.html", context)


urls = [
    path("diary/", diary, name="diary"),
]
