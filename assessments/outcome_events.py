"""Outcome measures in the family's chronology, for those who may read them."""

from collections.abc import Iterator

from assessments.outcome_models import MeasureAdministration
from assessments.outcome_permissions import can_read_measures
from families.chronology import Event, register
from families.models import Family
from team.models import User


@register
def measure_events(*, family: Family, user: User) -> Iterator[Event]:
    if not can_read_measures(user, family):
        return
    rows = MeasureAdministration.objects.filter(case__family=family).select_related(
        "caregiver", "administered_by"
    )
    for row in rows:
        total = "" if row.total is None else f": total {row.total:g} ({row.band})"
        by = str(row.administered_by) if row.administered_by else "Completed online"
        yield Event(
            row.recorded_at,
            "Outcome measures",
            f"{row.instrument} {row.get_time_point_display().lower()} for {row.caregiver.full_name}",
            f"{row.get_method_display()}{total}",
            by,
        )
