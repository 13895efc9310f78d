"""Reads for the skills audit: who takes part, audit rounds, a person's records, training that
is running out, and the gap analysis."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce

from team.models import (
    AuditResponse,
    AuditRound,
    Competency,
    CompetencyTarget,
    CourseInvitation,
    Hub,
    Level,
    Organisation,
    PlannedCourse,
    SelfAssessment,
    TrainingRecord,
    User,
)
from team.models.skills import REMINDER_DAYS
from team.skills.permissions import PARTICIPANT_ROLES


def participants(*, organisation_id: int | None = None, hub_id: int | None = None,
                 role: str = "") -> QuerySet[User]:
    """Active people who take part in the audit: every role but viewers."""
    people = User.objects.filter(
        is_active=True, groups__name__in=[r.value for r in PARTICIPANT_ROLES])
    if organisation_id:
        people = people.filter(profile__organisation_id=organisation_id)
    if hub_id:
        people = people.filter(profile__hub_id=hub_id)
    if role:
        people = people.filter(groups__name=role)
    return User.objects.filter(pk__in=people.values("pk"))


def open_round() -> AuditRound | None:
    return AuditRound.objects.filter(closed_at__isnull=True).first()


def rounds() -> QuerySet[AuditRound]:
    return AuditRound.objects.select_related("opened_by").annotate(
        response_count=Count("responses"))


def latest_round() -> AuditRound | None:
    """The open round, or else the one closed last."""
    return open_round() or AuditRound.objects.order_by("-closed_at", "-pk").first()


def round_participation(*, audit_round: AuditRound) -> QuerySet[User]:
    """Everyone who takes part, with when they answered this round (None if not yet)."""
    answered = AuditResponse.objects.filter(audit_round=audit_round, person=OuterRef("pk"))
    return (
        participants()
        .select_related("profile__organisation", "profile__hub")
        .prefetch_related("groups")
        .annotate(responded_at=Subquery(answered.values("submitted_at")[:1]))
        .order_by(F("profile__organisation__name").asc(nulls_last=True), "first_name", "last_name", "pk")
    )


def competencies_with_targets(*, active_only: bool = False) -> QuerySet[Competency]:
    competencies = Competency.objects.prefetch_related("targets")
    return competencies.filter(active=True) if active_only else competencies


def response_for(*, audit_round: AuditRound, person: User) -> AuditResponse | None:
    assessments = SelfAssessment.objects.select_related("competency")
    return (
        AuditResponse.objects.filter(audit_round=audit_round, person=person)
        .prefetch_related(Prefetch("assessments", queryset=assessments)).first()
    )


def training_records_of(*, person: User) -> QuerySet[TrainingRecord]:
    return person.training_records.select_related("competency")


def cpd_entries_of(*, person: User) -> QuerySet:
    return person.cpd_entries.select_related("competency")


def cpd_hours_of(*, person: User) -> Decimal:
    return person.cpd_entries.aggregate(total=Sum("hours"))["total"] or Decimal(0)


def invitations_of(*, person: User) -> QuerySet[CourseInvitation]:
    return person.course_invitations.select_related("course__competency").order_by("course__date")


def courses() -> QuerySet[PlannedCourse]:
    return PlannedCourse.objects.select_related("competency").annotate(
        invited=Count("invitations"),
        completed_count=Count("invitations", filter=Q(invitations__completed=True)),
    )


def course_invitations(*, course: PlannedCourse) -> QuerySet[CourseInvitation]:
    return course.invitations.select_related(
        "person__profile__organisation", "training_record").order_by(
        "person__first_name", "person__last_name", "pk")


def _current(records: QuerySet[TrainingRecord]) -> QuerySet[TrainingRecord]:
    """Leaves out records renewed since: the same person's later-expiring training in the same
    competency."""
    renewed = TrainingRecord.objects.filter(
        person=OuterRef("person"), competency=OuterRef("competency"),
        expires_on__gt=OuterRef("expires_on"))
    return records.filter(~Exists(renewed))


def training_due_for_reminder(*, today: datetime.date) -> QuerySet[TrainingRecord]:
    """Required training of active people that expires in the next 60 days, not yet reminded."""
    return _current(TrainingRecord.objects.filter(
        competency__required=True, person__is_active=True, reminder_sent_at__isnull=True,
        expires_on__gte=today, expires_on__lte=today + datetime.timedelta(days=REMINDER_DAYS),
    ))


def expiring_training(*, today: datetime.date, days: int = 90) -> QuerySet[TrainingRecord]:
    """Training of active people, expired or running out within ``days``, not renewed since."""
    return _current(TrainingRecord.objects.filter(
        person__is_active=True, expires_on__lte=today + datetime.timedelta(days=days),
    )).select_related("person__profile__organisation", "competency").order_by("expires_on", "pk")


def target_for_assessment() -> Coalesce:
    """The level the assessed person's organisation needs: its kind's target, else everyone's."""
    targets = CompetencyTarget.objects.filter(competency=OuterRef("competency"))
    own_kind = targets.filter(organisation_kind=OuterRef("response__person__profile__organisation__kind"))
    everyone = targets.filter(organisation_kind=CompetencyTarget.EVERYONE)
    return Coalesce(Subquery(own_kind.values("level")[:1]), Subquery(everyone.values("level")[:1]),
                    output_field=IntegerField())


def people_below_target(*, competency: Competency, audit_round: AuditRound,
                        organisation_id: int | None = None) -> QuerySet[SelfAssessment]:
    """The answers in the round below the level the person's organisation needs."""
    return (
        SelfAssessment.objects.filter(
            competency=competency, response__audit_round=audit_round,
            response__person__in=participants(organisation_id=organisation_id))
        .annotate(target=target_for_assessment())
        .filter(level__lt=F("target"))
        .select_related("response__person__profile__organisation", "competency")
        .order_by("response__person__first_name", "response__person__last_name", "pk")
    )


@dataclass(frozen=True)
class GapFilter:
    audit_round: AuditRound | None
    organisation: Organisation | None = None
    hub: Hub | None = None
    role: str = ""

    def people(self) -> QuerySet[User]:
        return participants(organisation_id=self.organisation and self.organisation.pk,
                            hub_id=self.hub and self.hub.pk, role=self.role)


@dataclass
class GapRow:
    """One competency in one organisation: how many answered at each level, against the target."""

    competency: Competency
    organisation: Organisation | None
    target: int | None
    levels: dict[int, int]
    below: int
    not_answered: int

    @property
    def answered(self) -> int:
        return sum(self.levels.values())

    @property
    def at_or_above(self) -> int | None:
        return None if self.target is None else self.answered - self.below

    @property
    def target_label(self) -> str:
        if self.target is None:
            return "No target set"
        return "Not needed" if self.target == Level.NONE else self.competency.level_label(self.target)

    @property
    def organisation_name(self) -> str:
        return self.organisation.name if self.organisation else "No organisation recorded"

    def level_counts(self) -> list[int]:
        return [self.levels.get(level, 0) for level in Level]


@dataclass
class CompetencyGap:
    """A competency across the organisations shown: how many answered where their organisation
    needs a level (a target of "not needed" needs none), and how many of them are below it."""

    competency: Competency
    answered_with_target: int = 0
    below: int = 0
    rows: list[GapRow] = field(default_factory=list)


@dataclass
class GapAnalysis:
    audit_round: AuditRound | None
    rows: list[GapRow]
    by_competency: list[CompetencyGap]


LEVEL_COUNTS = {level: Count("pk", filter=Q(level=level)) for level in Level}


def _level_counts(filters: GapFilter) -> dict[tuple[int, int | None], dict]:
    """(competency id, organisation id) -> the level counts and the number below target."""
    rows = (
        SelfAssessment.objects.filter(
            response__audit_round=filters.audit_round, response__person__in=filters.people(),
            competency__active=True)
        .annotate(organisation=F("response__person__profile__organisation"),
                  target=target_for_assessment())
        .values("competency", "organisation", "target")
        .annotate(**{f"level_{level}": count for level, count in LEVEL_COUNTS.items()},
                  below=Count("pk", filter=Q(level__lt=F("target"))))
        .order_by()
    )
    return {(row["competency"], row["organisation"]): row for row in rows}


def _staff_by_organisation(filters: GapFilter) -> dict[int | None, dict]:
    """Organisation id -> how many take part and how many answered the round."""
    rows = (
        filters.people().values("profile__organisation")
        .annotate(total=Count("pk", distinct=True),
                  answered=Count("pk", distinct=True,
                                 filter=Q(skill_responses__audit_round=filters.audit_round)))
        .order_by()
    )
    return {row["profile__organisation"]: row for row in rows}


def _targets(competency: Competency) -> dict[str, int]:
    return {target.organisation_kind: target.level for target in competency.targets.all()}


def _row(competency: Competency, organisation: Organisation | None, counts: dict | None,
         staff: dict) -> GapRow:
    targets = _targets(competency)
    kind = organisation.kind if organisation else None
    target = targets.get(kind, targets.get(CompetencyTarget.EVERYONE))
    counts = counts or {}
    levels = {level: counts.get(f"level_{level}", 0) for level in Level}
    return GapRow(competency=competency, organisation=organisation, target=target, levels=levels,
                  below=counts.get("below", 0), not_answered=staff["total"] - staff["answered"])


def gap_analysis(*, filters: GapFilter) -> GapAnalysis:
    """By competency and organisation, how many are at each level against the level needed."""
    if filters.audit_round is None:
        return GapAnalysis(audit_round=None, rows=[], by_competency=[])
    staff = _staff_by_organisation(filters)
    counts = _level_counts(filters)
    organisations = {o.pk: o for o in Organisation.objects.filter(pk__in=[pk for pk in staff if pk])}
    ordered = sorted(staff, key=lambda pk: (pk is None, organisations[pk].name if pk else ""))
    analysis = GapAnalysis(audit_round=filters.audit_round, rows=[], by_competency=[])
    for competency in competencies_with_targets(active_only=True):
        summary = CompetencyGap(competency=competency)
        for pk in ordered:
            row = _row(competency, organisations.get(pk), counts.get((competency.pk, pk)), staff[pk])
            summary.rows.append(row)
            summary.below += row.below
            summary.answered_with_target += row.answered if row.target else 0
        analysis.rows.extend(summary.rows)
        analysis.by_competency.append(summary)
    return analysis
