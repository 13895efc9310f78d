"""Reads for the waiting list, "My caseload" and "Team caseloads". Each runs a fixed number of
queries, however many cases there are.

The waiting list is the open cases with no key worker whose family has a completed initial
assessment: a case is opened at first contact, so an assessed family without a key worker is
one waiting for allocation. A family with no open case is not waiting (there is nothing to
allocate); a team lead opens a case first.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import (
    Count,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Coalesce
from django.utils import timezone

from assessments.models import InitialAssessment, intervention_labels
from caseloads.models import Allocation
from families.models import Case, CaseNote
from families.policy import families_visible_to
from interventions.models import Enrolment, Programme, Reminder
from interventions.selectors.caseload import open_reminders_for
from referrals.models import ContactAttempt
from team.models import User
from team.roles import PRACTITIONER_ROLES

RISKS = {"risk_self_harm": "Self-harm", "risk_harm_to_baby": "Harm to baby",
         "risk_safeguarding": "Safeguarding"}


def _latest_completed_assessment() -> QuerySet:
    return InitialAssessment.objects.filter(
        family=OuterRef("family_id"), status=InitialAssessment.Status.COMPLETED,
    ).order_by("-completed_at", "-pk")


def _with_assessment(cases: QuerySet) -> QuerySet:
    latest = _latest_completed_assessment()
    return cases.annotate(
        assessed_at=Subquery(latest.values("completed_at")[:1]),
        recommended=Subquery(latest.values("recommended_interventions")[:1]),
        primary_code=Subquery(latest.annotate(
            first=KeyTextTransform("0", "recommended_interventions")).values("first")[:1]),
        no_further_action=Subquery(latest.values("no_further_action")[:1]),
        **{name: Subquery(latest.values(name)[:1]) for name in RISKS},
    )


def _weighted(cases: QuerySet) -> QuerySet:
    """Each case's weight: the sum of the catalogue weights of its open enrolments; with none,
    the weight of the first intervention its assessment recommends; else 1."""
    enrolled = Enrolment.objects.filter(case=OuterRef("pk"), status__in=Enrolment.OPEN).order_by().values(
        "case").annotate(total=Sum("programme__caseload_weight")).values("total")
    recommended = Programme.objects.filter(code=OuterRef("primary_code")).values("caseload_weight")[:1]
    return _with_assessment(cases).annotate(weight=Coalesce(
        Subquery(enrolled, output_field=IntegerField()), Subquery(recommended), Value(1),
        output_field=IntegerField()))


def _with_enrolments(cases: QuerySet) -> QuerySet:
    active = Enrolment.objects.filter(case=OuterRef("pk"), status=Enrolment.Status.ACTIVE).order_by().values(
        "case").annotate(count=Count("pk")).values("count")
    return cases.annotate(active_enrolments=Coalesce(Subquery(active, output_field=IntegerField()), Value(0)))


def _label(case, labels: dict[str, str]) -> None:
    case.recommendation = [labels.get(code, code) for code in case.recommended or []]
    case.risk_flags = [label for name, label in RISKS.items() if getattr(case, name)]


def waiting_list() -> QuerySet[Case]:
    cases = _with_assessment(Case.objects.filter(closed_at__isnull=True, key_worker__isnull=True))
    # A family the assessment found needs no further action is not waiting for a worker.
    return cases.filter(assessed_at__isnull=False).exclude(no_further_action=True).select_related(
        "family").order_by("assessed_at", "pk")


def waiting_rows(*, today: date | None = None) -> list[Case]:
    today = today or timezone.localdate()
    rows = list(waiting_list())
    labels = intervention_labels()
    for case in rows:
        _label(case, labels)
        case.days_waiting = (today - timezone.localdate(case.assessed_at)).days
    return rows


def caseload_for(*, practitioner: User, today: date | None = None) -> list[Case]:
    """The practitioner's open cases, with next action, due date, overdue flag and last contact."""
    today = today or timezone.localdate()
    last_note = CaseNote.objects.filter(family=OuterRef("family_id")).order_by("-written_at")
    last_attempt = ContactAttempt.objects.filter(referral__family=OuterRef("family_id")).order_by(
        "-attempted_at")
    cases = _with_enrolments(_with_assessment(
        Case.objects.filter(key_worker=practitioner, closed_at__isnull=True))).annotate(
        last_note=Subquery(last_note.values("written_at")[:1]),
        last_attempt=Subquery(last_attempt.values("attempted_at")[:1]),
    ).select_related("family", "plan").order_by("opened_at", "pk")
    rows = list(cases)
    labels = intervention_labels() if rows else {}
    for case in rows:
        _label(case, labels)
        case.last_contact = _latest(case.last_note, case.last_attempt)
        plan = getattr(case, "plan", None)
        case.overdue = bool(plan and plan.next_action_due < today)
    return rows


def tasks_for(*, practitioner: User) -> list[Reminder]:
    """The practitioner's task list: their open intervention reminders. One query."""
    return list(open_reminders_for(practitioner=practitioner))


def _latest(*moments: datetime | None) -> datetime | None:
    known = [moment for moment in moments if moment]
    return max(known) if known else None


@dataclass(frozen=True)
class PractitionerLoad:
    practitioner: User
    open_cases: int
    weighted_load: int
    capacity: int

    @property
    def over_capacity(self) -> bool:
        return self.weighted_load > self.capacity


def practitioners() -> QuerySet[User]:
    return User.objects.filter(
        is_active=True, groups__name__in=[role.value for role in PRACTITIONER_ROLES],
    ).exclude(profile__active=False).select_related("profile").distinct().order_by(
        "first_name", "last_name", "pk")


def team_caseloads() -> list[PractitionerLoad]:
    """Every practitioner's open cases and weighted load (summed in SQL) against capacity."""
    loads = _weighted(Case.objects.filter(closed_at__isnull=True, key_worker__isnull=False)).values(
        "key_worker").annotate(cases=Count("pk"), load=Sum("weight")).order_by()
    by_worker = {row["key_worker"]: row for row in loads}
    rows = []
    for user in practitioners():
        row = by_worker.get(user.pk, {"cases": 0, "load": 0})
        profile = getattr(user, "profile", None)
        rows.append(PractitionerLoad(user, row["cases"], row["load"] or 0,
                                     profile.caseload_capacity if profile else 0))
    return rows


def waiting_summary() -> dict:
    cases = waiting_list()
    oldest = cases.first()
    return {"length": cases.count(), "oldest": oldest}


def weights() -> QuerySet[Programme]:
    """The catalogue's caseload weights, the interventions still offered first."""
    return Programme.objects.order_by("-active", "name").only("code", "name", "caseload_weight", "active")


def allocations_visible_to(*, user: User) -> QuerySet:
    return Allocation.objects.filter(case__family__in=families_visible_to(user)).select_related(
        "case", "key_worker", "allocated_by")
