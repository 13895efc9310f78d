"""The training delivery plan: courses planned from the gaps, who is invited, and who came."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from team.models import Competency, PlannedCourse
from team.skills import selectors, services
from team.skills.lead_forms import AttendanceForm, CourseForm, InviteForm
from team.skills.views.common import form_page, posted, require_lead


@login_required
def plan(request: HttpRequest) -> HttpResponse:
    require_lead(request)
    today = timezone.localdate()
    courses = list(selectors.courses())
    context = {
        "upcoming": [course for course in courses if course.date >= today],
        "past": [course for course in reversed(courses) if course.date < today],
    }
    return render(request, "team/skills/plan.html", context)


def _initial_course(request: HttpRequest) -> dict:
    """A course planned from a row of the gap analysis starts with that competency."""
    pk = request.GET.get("competency", "")
    competency = Competency.objects.filter(active=True, pk=pk).first() if pk.isdigit() else None
    return {"competency": competency, "title": competency.name} if competency else {}


@login_required
def course_add(request: HttpRequest) -> HttpResponse:
    require_lead(request)
    form = CourseForm(posted(request), initial=_initial_course(request))
    back = (reverse("skills:plan"), "Back to the training plan")
    return form_page(
        request, form, title="Plan a course", back=back, saved="Course planned. Now invite people to it",
        save=lambda: services.course_plan(by=request.user, **form.cleaned_data),
        done=lambda course: reverse("skills:course", args=[course.pk]))


@login_required
def course_edit(request: HttpRequest, pk: int) -> HttpResponse:
    require_lead(request)
    course = get_object_or_404(PlannedCourse, pk=pk)
    form = CourseForm(posted(request), instance=course)
    back = (reverse("skills:course", args=[course.pk]), "Back to the course")
    return form_page(request, form, title=f"Change {course.title}", back=back, done=back[0],
                     save=lambda: services.course_update(course=course, **form.cleaned_data))


def _candidates(course: PlannedCourse) -> list:
    """People below the level needed in the course's competency, in the latest round, not yet
    invited."""
    audit_round = selectors.latest_round()
    if audit_round is None:
        return []
    invited = set(course.invitations.values_list("person_id", flat=True))
    below = selectors.people_below_target(competency=course.competency, audit_round=audit_round)
    return [answer for answer in below if answer.response.person_id not in invited]


@login_required
def course_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The course, who is invited, and an invitation form for the people below the level needed."""
    require_lead(request)
    course = get_object_or_404(selectors.courses(), pk=pk)
    candidates = _candidates(course)
    form = InviteForm(posted(request), candidates=candidates) if candidates else None
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            invited = services.course_invite(course=course, people=form.chosen_people(), by=request.user)
        except ValidationError as error:
            form.add_error("people", error)
        else:
            messages.success(request, f"{len(invited)} invited to {course.title}")
            return redirect("skills:course", pk=course.pk)
    context = {"course": course, "invitations": selectors.course_invitations(course=course),
               "form": form, "places_left": course.places - course.invited}
    return render(request, "team/skills/course.html", context)


@login_required
def course_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    """Who came and who completed the course. Completing it adds to the person's training records."""
    require_lead(request)
    course = get_object_or_404(PlannedCourse.objects.select_related("competency"), pk=pk)
    invitations = list(selectors.course_invitations(course=course))
    form = AttendanceForm(posted(request), invitations=invitations)
    back = (reverse("skills:course", args=[course.pk]), "Back to the course")
    return form_page(
        request, form, title=f"Attendance: {course.title}", back=back, done=back[0],
        saved="Attendance saved. Training records are up to date",
        save=lambda: services.course_attendance_save(changes=form.changes(), by=request.user))
