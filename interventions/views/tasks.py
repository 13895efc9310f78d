"""The practitioner's task list: their open reminders, each linked to what needs doing."""

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse

from interventions import permissions
from interventions.models import Reminder
from interventions.services.reminders import tasks_for


@dataclass(frozen=True)
class Task:
    reminder: Reminder
    url: str
    link_text: str


def _task(reminder: Reminder) -> Task:
    if reminder.kind == Reminder.Kind.ATTENDANCE_MISSING:
        url = reverse("interventions:session", args=[reminder.session_id])
        return Task(reminder, url, "Record attendance")
    url = reverse("interventions:enrolment", args=[reminder.enrolment_id])
    return Task(reminder, url, "Open the enrolment")


@login_required
def task_list(request: HttpRequest) -> HttpResponse:
    if not permissions.can_read_catalogue(request.user):
        raise PermissionDenied
    tasks = [_task(reminder) for reminder in tasks_for(practitioner=request.user)]
    return render(request, "interventions/tasks.html", {"tasks": tasks})


urls = [path("tasks/", task_list, name="tasks")]
