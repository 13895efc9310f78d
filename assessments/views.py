"""The initial assessment's pages: book, read, record the draft, complete, add an addendum."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from assessments import permissions, selectors, services
from assessments.forms import SECTIONS, AddendumForm, AssessmentForm, BookingForm
from families import policy
from families.services import family_access_record
from team.roles import Role


def _add_errors(form, error: ValidationError) -> None:
    form.add_error(None, error)


@login_required
def assessment_book(request: HttpRequest, family_pk: int) -> HttpResponse:
    family = policy.family_get_for_user(user=request.user, pk=family_pk)
    if not permissions.can_book(request.user, family):
        raise Http404("No family found")
    # A health visitor booking a visit is usually the one who will make it.
    mine = {"assessor": request.user.pk} if request.user.role == Role.HEALTH_VISITOR else {}
    form = BookingForm(request.POST or None, initial=mine)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            assessment = services.assessment_book(
                family=family, assessor=data["assessor"], booked_for=data["booked_for"],
                place=data["place"], hub=data["hub"], booked_by=request.user)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, "Initial assessment booked")
            return redirect("assessments:detail", pk=assessment.pk)
    return render(request, "assessments/book.html", {"form": form, "family": family})


def _shown(value) -> str:
    if value is None or value == "" or value == []:
        return "Not recorded"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    return ", ".join(value) if isinstance(value, list) else value


def _sections(assessment) -> list[tuple[str, list[tuple[str, str]]]]:
    """Each section's questions and answers, as the summary lists show them."""
    labels = AssessmentForm().fields
    values = {name: getattr(assessment, name) for _, names in SECTIONS for name in names}
    values["recommended_interventions"] = assessment.recommended_intervention_labels()
    return [(legend, [(labels[name].label, _shown(values[name])) for name in names])
            for legend, names in SECTIONS]


@login_required
def assessment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = selectors.assessment_get_for_user(user=request.user, pk=pk)
    can_read = permissions.can_read_content(request.user, assessment)
    family_access_record(family=assessment.family, user=request.user, page="Initial assessment")
    context = {
        "assessment": assessment, "family": assessment.family, "can_read": can_read,
        "can_record": can_read and assessment.is_draft and permissions.can_record(request.user, assessment),
        "can_add_addendum": can_read and not assessment.is_draft
        and permissions.can_add_addendum(request.user, assessment),
        "addenda": list(selectors.addenda_for(assessment=assessment)) if can_read else [],
        "sections": _sections(assessment) if can_read else [],
    }
    return render(request, "assessments/detail.html", context)


def _content_for(request: HttpRequest, pk: int, allowed):
    assessment = selectors.assessment_get_for_user(user=request.user, pk=pk)
    if not allowed(request.user, assessment):
        raise Http404("No assessment found")
    return assessment


def _save(request: HttpRequest, assessment, form):
    try:
        services.assessment_save_draft(assessment=assessment, **form.cleaned_data)
        if request.POST.get("action") == "complete":
            services.assessment_complete(assessment=assessment, by=request.user)
    except ValidationError as error:
        _add_errors(form, error)
        return None
    return redirect("assessments:detail", pk=assessment.pk)


@login_required
def assessment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _content_for(request, pk, permissions.can_record)
    if not assessment.is_draft:
        messages.info(request, services.LOCKED_MESSAGE)
        return redirect("assessments:detail", pk=assessment.pk)
    form = AssessmentForm(request.POST or None, instance=assessment)
    if request.method == "POST" and form.is_valid():
        done = _save(request, assessment, form)
        if done:
            completed = request.POST.get("action") == "complete"
            messages.success(request, "Assessment completed and locked" if completed else "Draft saved")
            return done
    return render(request, "assessments/edit.html", {"form": form, "assessment": assessment,
                                                     "family": assessment.family})


@login_required
def addendum_add(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _content_for(request, pk, permissions.can_add_addendum)
    form = AddendumForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.assessment_addendum_add(assessment=assessment, author=request.user,
                                             text=form.cleaned_data["text"])
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, "Addendum added")
            return redirect("assessments:detail", pk=assessment.pk)
    return render(request, "assessments/addendum.html", {"form": form, "assessment": assessment,
                                                         "family": assessment.family})
