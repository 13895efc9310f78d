"""Outcome measure pages: record one, read one, a family's outcomes, the team's summary."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import F
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from assessments import measures, outcome_selectors, outcomes
from assessments.outcome_charts import charts_for
from assessments.outcome_forms import (
    AdministrationStartForm,
    AnswersForm,
    MeasureRequestForm,
    TotalForm,
    item_label,
)
from assessments.outcome_models import MeasureAdministration
from assessments.outcome_permissions import can_read_outcomes_summary, can_record_measures
from families.services import family_access_record
from piew.forms import show_service_error

START_FIELDS = (
    "caregiver",
    "instrument",
    "time_point",
    "enrolment",
    "completed_on_0",
    "completed_on_1",
    "completed_on_2",
    "method",
)


@login_required
def measure_start(request: HttpRequest, family_pk: int) -> HttpResponse:
    """Step 1: the parent or carer, the measure, the time point, the intervention, when and how."""
    family = outcome_selectors.family_for_measures(user=request.user, pk=family_pk)
    form = AdministrationStartForm(request.POST or None, family=family)
    if request.method == "POST" and form.is_valid():
        query = urlencode({name: request.POST.get(name, "") for name in START_FIELDS})
        return redirect(reverse("assessments:measure-answers", args=[family.pk]) + "?" + query)
    return render(request, "assessments/measures/start.html", {"form": form, "family": family})


def _answers_form(request: HttpRequest, instrument: measures.Instrument):
    kind = TotalForm if instrument.totals_only else AnswersForm
    return kind(request.POST or None, instrument=instrument)


def _record(request: HttpRequest, start: AdministrationStartForm, form) -> object | None:
    data = start.cleaned_data
    answers = (
        {"total": form.cleaned_data["total"]} if isinstance(form, TotalForm) else {"answers": form.answers()}
    )
    try:
        return outcomes.administration_record(
            caregiver=data["caregiver"],
            case=_case_for(start),
            enrolment=data["enrolment"],
            instrument=data["instrument"],
            time_point=data["time_point"],
            completed_on=data["completed_on"],
            method=data["method"],
            administered_by=request.user,
            recorded_by=request.user,
            submission_key=form.cleaned_data.get("submission_key"),
            **answers,
        )
    except ValidationError as error:
        show_service_error(form, error)
        return None


def _case_for(start: AdministrationStartForm):
    enrolment = start.cleaned_data["enrolment"]
    if enrolment:
        return enrolment.case
    case = start.family.cases.order_by(F("closed_at").asc(nulls_first=True), "-opened_at").first()
    if case is None:
        raise ValidationError("This family has no case: open one before recording measures")
    return case


@login_required
def measure_answers(request: HttpRequest, family_pk: int) -> HttpResponse:
    """Step 2: one radio group per item, or the total for a licensed measure."""
    family = outcome_selectors.family_for_measures(user=request.user, pk=family_pk)
    start = AdministrationStartForm(request.GET, family=family)
    if not start.is_valid():
        messages.error(request, "Choose the parent or carer, the measure and the time point first")
        return redirect("assessments:measure-start", family_pk=family.pk)
    instrument = measures.get(start.cleaned_data["instrument"])
    form = _answers_form(request, instrument)
    if request.method == "POST" and form.is_valid():
        row = _record(request, start, form)
        if row:
            messages.success(
                request,
                f"{instrument.code} recorded: total {row.total:g}"
                if row.total is not None
                else f"{instrument.code} recorded",
            )
            return redirect("assessments:measure-detail", pk=row.pk)
    return render(
        request,
        "assessments/measures/answers.html",
        {
            "form": form,
            "family": family,
            "instrument": instrument,
            "start": start.cleaned_data,
            "time_point": MeasureAdministration.TimePoint(start.cleaned_data["time_point"]).label,
        },
    )


@login_required
def measure_detail(request: HttpRequest, pk: int) -> HttpResponse:
    row = outcome_selectors.administration_get_for_user(user=request.user, pk=pk)
    family = row.case.family
    if not can_record_measures(request.user, family):
        raise Http404("No measure found")
    family_access_record(family=family, user=request.user, page="Outcome measure")
    instrument = measures.get(row.instrument)
    items = [
        (
            item_label(instrument, item),
            item.option_labels[answer] if answer is not None else "Not answered",
            item.scores[answer] if answer is not None else None,
        )
        for item, answer in zip(instrument.items, row.answers, strict=False)
    ]
    return render(
        request,
        "assessments/measures/detail.html",
        {
            "row": row,
            "family": family,
            "instrument": instrument,
            "items": items,
            "subscales": _subscales(instrument, row),
        },
    )


def _subscales(instrument: measures.Instrument, row) -> list[tuple[str, object]]:
    names = {subscale.key: subscale.name for subscale in instrument.subscales}
    return [
        (names.get(key, key.replace("_", " ").capitalize()), value) for key, value in row.subscales.items()
    ]


@login_required
def family_outcomes(request: HttpRequest, family_pk: int) -> HttpResponse:
    family = outcome_selectors.family_for_measures(user=request.user, pk=family_pk)
    family_access_record(family=family, user=request.user, page="Outcome measures")
    rows = outcome_selectors.administrations_for_family(family=family)
    pairs = [row for row in rows if row.baseline_id]
    return render(
        request,
        "assessments/measures/family.html",
        {"family": family, "rows": rows, "charts": charts_for(rows), "pairs": pairs},
    )


@login_required
def outcomes_summary(request: HttpRequest) -> HttpResponse:
    if not can_read_outcomes_summary(request.user):
        raise Http404("Page not found")
    return render(
        request, "assessments/measures/summary.html", {"rows": outcome_selectors.outcomes_summary()}
    )


@login_required
def measure_request_new(request: HttpRequest, family_pk: int) -> HttpResponse:
    """Send a parent or carer a one-time link to complete a public-domain measure on their phone."""
    family = outcome_selectors.family_for_measures(user=request.user, pk=family_pk)
    form = MeasureRequestForm(request.POST or None, family=family, instruments=outcomes.remote_instruments())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            outcomes.measure_request_send(
                caregiver=data["caregiver"],
                case=data["enrolment"].case if data["enrolment"] else _open_case(family),
                enrolment=data["enrolment"],
                instrument=data["instrument"],
                time_point=data["time_point"],
                by=request.user,
            )
        except ValidationError as error:
            show_service_error(form, error)
        else:
            messages.success(
                request, f"Link to the {data['instrument']} sent to {data['caregiver'].full_name}"
            )
            return redirect("assessments:family-outcomes", family_pk=family.pk)
    return render(request, "assessments/measures/send.html", {"form": form, "family": family})


def _open_case(family):
    case = family.cases.filter(closed_at__isnull=True).order_by("-opened_at").first()
    if case is None:
        raise ValidationError("This family has no open case")
    return case
