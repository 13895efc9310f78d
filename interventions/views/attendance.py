"""Attendance rates for the team lead and the clinical psychologist: by intervention, and by who
attended (mothers, fathers, other carers)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

from interventions import permissions
from interventions.forms.attendance import AttendanceFilterForm
from interventions.selectors.attendance import attendance_rates


def _bar(percent: int | None) -> int:
    """The chart's bar width: the percentage to the nearest 5 (the widths the stylesheet has)."""
    return 5 * round((percent or 0) / 5)


@login_required
def attendance(request: HttpRequest) -> HttpResponse:
    if not permissions.can_see_attendance_rates(request.user):
        raise PermissionDenied
    form = AttendanceFilterForm(request.GET or None)
    chosen = form.cleaned_data if form.is_bound and form.is_valid() else {}
    rates = attendance_rates(starts_on=chosen.get("starts_on"), ends_on=chosen.get("ends_on"),
                             programme=chosen.get("programme"))
    chart = [(row, _bar(row.rate)) for row in rates.rows if row.due]
    return render(request, "interventions/attendance.html", {"form": form, "rates": rates, "chart": chart})


urls = [path("attendance/", attendance, name="attendance")]
