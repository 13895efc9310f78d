"""Reads of outcome measures, scoped by the access policy, and the outcomes summary."""

from django.db.models import Avg, Count, F, Q, QuerySet, Value
from django.db.models.functions import Coalesce
from django.http import Http404

from assessments.outcome_models import MeasureAdministration
from assessments.outcome_permissions import can_read_measures
from families import policy
from families.models import Caregiver, Family
from interventions.models import Enrolment
from team.models import User
from team.roles import PRACTITIONER_ROLES, WHOLE_SERVICE_ROLES

NOT_IN_AN_INTERVENTION = "Not in an intervention"


def administrations_queryset() -> QuerySet[MeasureAdministration]:
    return MeasureAdministration.objects.select_related(
        "caregiver", "case__family", "enrolment__programme", "administered_by", "baseline"
    )


def family_for_measures(*, user: User, pk) -> Family:
    """The family, if the user may read its measures; otherwise 404."""
    family = policy.family_get_for_user(user=user, pk=pk)
    if not can_read_measures(user, family):
        raise Http404("No family found")
    return family


def administrations_for_family(*, family: Family) -> list[MeasureAdministration]:
    return list(administrations_queryset().filter(case__family=family).order_by("completed_on", "pk"))


def administrations_visible_to(*, user: User) -> QuerySet[MeasureAdministration]:
    """Administrations of the families whose case notes the user may read."""
    if not user.is_authenticated or not user.is_active:
        return MeasureAdministration.objects.none()
    if not (user.is_superuser or user.role in WHOLE_SERVICE_ROLES | PRACTITIONER_ROLES):
        return MeasureAdministration.objects.none()
    families = policy.families_visible_to(user)
    return administrations_queryset().filter(case__family__in=families).order_by("-completed_on", "-pk")


def administration_get_for_user(*, user: User, pk) -> MeasureAdministration:
    try:
        return administrations_visible_to(user=user).get(pk=pk)
    except (MeasureAdministration.DoesNotExist, ValueError, TypeError):
        raise Http404("No measure found") from None


def caregivers_of(*, family: Family) -> QuerySet[Caregiver]:
    return family.caregivers.order_by("pk")


def enrolments_of(*, family: Family) -> QuerySet[Enrolment]:
    return (
        Enrolment.objects.filter(case__family=family)
        .select_related("programme", "case")
        .order_by("-enrolled_at", "-pk")
    )


def outcomes_summary() -> list[dict]:
    """By measure and intervention: completed pairs, mean change and the share reliably improved,
    deteriorated and recovered. Aggregated in the database over the end administrations, which
    hold their pair's stored result."""
    rows = (
        MeasureAdministration.objects.filter(
            time_point=MeasureAdministration.TimePoint.END, baseline__isnull=False
        )
        .annotate(intervention=Coalesce(F("enrolment__programme__name"), Value(NOT_IN_AN_INTERVENTION)))
        .values("instrument", "intervention")
        .annotate(
            pairs=Count("pk"),
            mean_change=Avg("change"),
            judged=Count("pk", filter=~Q(reliable="")),
            improved=Count("pk", filter=Q(reliable=MeasureAdministration.Reliable.IMPROVED)),
            deteriorated=Count("pk", filter=Q(reliable=MeasureAdministration.Reliable.DETERIORATED)),
            significant=Count("pk", filter=Q(clinically_significant=True)),
            recovery_assessed=Count("pk", filter=Q(recovered__isnull=False)),
            recovered_count=Count("pk", filter=Q(recovered=True)),
            reliably_recovered=Count("pk", filter=Q(reliable_recovery=True, recovered__isnull=False)),
        )
        .order_by("instrument", "intervention")
    )
    return [_with_shares(row) for row in rows]


def _share(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def _with_shares(row: dict) -> dict:
    return {
        **row,
        "mean_change": None if row["mean_change"] is None else round(row["mean_change"], 2),
        "improved_share": _share(row["improved"], row["judged"]),
        "deteriorated_share": _share(row["deteriorated"], row["judged"]),
        "recovered_share": _share(row["recovered_count"], row["recovery_assessed"]),
        "reliably_recovered_share": _share(row["reliably_recovered"], row["recovery_assessed"]),
    }
