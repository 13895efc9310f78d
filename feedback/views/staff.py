"""Staff pages: results and their export, failed requests, paper forms, the questionnaire."""

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.views.decorators.http import require_http_methods, require_POST

from families.services import family_access_record
from feedback import permissions, selectors, services
from feedback.forms import PaperFeedbackForm, QuestionnaireForm
from feedback.models import FeedbackRequest
from interventions.selectors.enrolments import enrolment_get_for_user


def _refuse_unless(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


@login_required
def results(request: HttpRequest) -> HttpResponse:
    _refuse_unless(permissions.can_see_results(request.user))
    exact = permissions.sees_exact_results(request.user)
    context = {
        "results": selectors.feedback_results(), "exact": exact, "fewer": selectors.FEWER,
        "threshold": selectors.SUPPRESS_BELOW,
        "quotes": selectors.quotable_comments() if exact else [],
        "failed_count": selectors.failed_requests().count()
        if permissions.can_see_failed_requests(request.user) else None,
    }
    return render(request, "feedback/results.html", context)


def csv_rows(results: selectors.Results) -> list[list]:
    """The results as rows, every count under 5 written as "fewer than 5"."""
    s = selectors.suppressed

    def percent(numerator: int, denominator: int) -> str:
        if numerator < selectors.SUPPRESS_BELOW or denominator < selectors.SUPPRESS_BELOW:
            return selectors.FEWER
        return str(round(100 * numerator / denominator))

    rows: list[list] = [["section", "group", "count", "out of", "percent"]]
    rows.append(["responses", "all", s(results.responses), "", ""])
    rows.append(["responses", "online", s(results.online), "", ""])
    rows.append(["responses", "paper", s(results.paper), "", ""])
    for rate in results.by_programme:
        rows.append(["response rate by intervention", rate.label, s(rate.answered), s(rate.asked),
                     percent(rate.answered, rate.asked)])
    for rate in results.by_person:
        rows.append(["response rate by person asked", rate.label, s(rate.answered), s(rate.asked),
                     percent(rate.answered, rate.asked)])
    for label, count in results.respondents:
        rows.append(["who answered", label, s(count), "", ""])
    for label, count in results.fft:
        rows.append(["friends and family test", label, s(count), "", ""])
    rows.append(["friends and family test", "positive (very good or good, excluding don't know)",
                 s(results.positive), s(results.fft_counted), percent(results.positive, results.fft_counted)])
    for statement in results.statements:
        rows.append(["agree or strongly agree", statement.text, s(statement.agreed), s(statement.answered),
                     percent(statement.agreed, statement.answered)])
    return rows


@login_required
def results_csv(request: HttpRequest) -> HttpResponse:
    _refuse_unless(permissions.can_see_results(request.user))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="feedback-results.csv"'
    csv.writer(response).writerows(csv_rows(selectors.feedback_results()))
    return response


@login_required
def failed(request: HttpRequest) -> HttpResponse:
    _refuse_unless(permissions.can_see_failed_requests(request.user))
    return render(request, "feedback/failed.html", {"requests": list(selectors.failed_requests())})


@login_required
@require_POST
def retry(request: HttpRequest, pk: int) -> HttpResponse:
    _refuse_unless(permissions.can_see_failed_requests(request.user))
    feedback_request = get_object_or_404(FeedbackRequest.objects.select_related("caregiver"), pk=pk)
    if services.request_retry(request=feedback_request):
        messages.success(request, "The feedback link will be sent again")
    else:
        messages.error(request, "Not sent again: record the parent's email address or mobile number, and "
                                "their consent to be contacted for feedback, first")
    return redirect("feedback:failed")


@login_required
@require_http_methods(["GET", "POST"])
def paper(request: HttpRequest, enrolment_pk: int) -> HttpResponse:
    enrolment = enrolment_get_for_user(user=request.user, pk=enrolment_pk)
    _refuse_unless(permissions.can_record_paper(request.user, enrolment))
    family_access_record(family=enrolment.case.family, user=request.user, page="Paper feedback form")
    questionnaire = services.questionnaire_current()
    form = PaperFeedbackForm(request.POST or None, questionnaire=questionnaire)
    if request.method == "POST" and form.is_valid():
        services.paper_response_record(enrolment=enrolment, by=request.user, questionnaire=questionnaire,
                                       answers=form.answers())
        messages.success(request, "The paper form’s answers are saved")
        return redirect("feedback:paper", enrolment.pk)
    context = {"form": form, "enrolment": enrolment, "family": enrolment.case.family,
               **selectors.feedback_for_enrolment(enrolment=enrolment)}
    return render(request, "feedback/paper.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def questionnaire(request: HttpRequest) -> HttpResponse:
    _refuse_unless(permissions.can_edit_questionnaire(request.user))
    current = services.questionnaire_current()
    initial = {"fft_question": current.fft_question, "statements": "\n".join(current.statements),
               "went_well_question": current.went_well_question,
               "could_be_better_question": current.could_be_better_question}
    form = QuestionnaireForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        made = services.questionnaire_edit(by=request.user, **form.cleaned_data)
        messages.success(request, f"Version {made.version} of the questionnaire is now the one parents see")
        return redirect("feedback:questionnaire")
    return render(request, "feedback/questionnaire.html", {"form": form, "current": current})


urlpatterns = [
    path("results/", results, name="results"),
    path("results.csv", results_csv, name="results-csv"),
    path("failed/", failed, name="failed"),
    path("failed/<int:pk>/retry/", retry, name="retry"),
    path("questionnaire/", questionnaire, name="questionnaire"),
    path("enrolments/<int:enrolment_pk>/paper/", paper, name="paper"),
]
