"""Demo outcome measures: a baseline and an end score for each parent of the demo's completed
enrolments, on the measures the catalogue names for the intervention, so the outcome pages and
the team lead's summary have something to show. Risk items are always answered "never"."""

import random

from assessments import measures
from assessments.outcome_models import MeasureAdministration
from assessments.outcomes import administration_record
from families.demo import register_demo_step
from interventions.models import Enrolment
from team.models import User

# Measures the demo fills in, item by item.
ITEM_BY_ITEM = ("EPDS", "PHQ9", "GAD7", "KPCS", "SWEMWBS")


def _answers(rng: random.Random, instrument, worse: float) -> list[int]:
    """One answer per item: with probability ``worse`` the option scoring worst for the parent,
    otherwise one of the better ones. Risk items get the option scoring 0."""
    answers = []
    for item in instrument.items:
        by_score = sorted(range(len(item.scores)), key=lambda index: item.scores[index])
        if instrument.better == "higher":
            by_score.reverse()
        if item.risk_flag:
            answers.append(item.scores.index(0))
        elif rng.random() < worse:
            answers.append(by_score[-1 - rng.randrange(min(2, len(by_score)))])
        else:
            answers.append(by_score[rng.randrange(min(2, len(by_score)))])
    return answers


@register_demo_step
def demo_outcome_measures(*, seed: int, users: list[User]) -> None:
    if MeasureAdministration.objects.exists():
        return
    rng = random.Random(seed * 31 + 11)
    completed = Enrolment.objects.filter(status=Enrolment.Status.COMPLETED).select_related(
        "programme", "case", "practitioner").prefetch_related("caregivers").order_by("pk")[:400]
    for enrolment in completed:
        codes = [code for code in enrolment.programme.measures_before
                 if code in ITEM_BY_ITEM and code in enrolment.programme.measures_after]
        for caregiver in enrolment.caregivers.all():
            for code in codes:
                instrument = measures.get(code)
                before, after = rng.uniform(0.5, 0.9), rng.uniform(0.05, 0.5)
                for time_point, day, worse in (
                        (MeasureAdministration.TimePoint.BASELINE, enrolment.starts_on, before),
                        (MeasureAdministration.TimePoint.END, enrolment.ended_on, after)):
                    administration_record(
                        caregiver=caregiver, case=enrolment.case, instrument=code, time_point=time_point,
                        completed_on=day, method=MeasureAdministration.Method.FACE_TO_FACE,
                        recorded_by=enrolment.practitioner, administered_by=enrolment.practitioner,
                        enrolment=enrolment, answers=_answers(rng, instrument, worse))
