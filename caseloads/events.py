"""Allocations and reassignments in the family's chronology."""

from collections.abc import Iterator

from caseloads.models import Allocation
from families import policy
from families.chronology import Event, register
from families.models import Family
from team.models import User


@register
def allocation_events(*, family: Family, user: User) -> Iterator[Event]:
    if not policy.can_read_team_record(user, family):
        return
    rows = Allocation.objects.filter(case__family=family).select_related(
        "key_worker", "previous_key_worker", "allocated_by")
    for allocation in rows:
        if allocation.kind == Allocation.Kind.REASSIGNED:
            title = f"Case reassigned from {allocation.previous_key_worker} to {allocation.key_worker}"
        else:
            title = f"Case allocated to {allocation.key_worker}"
        yield Event(allocation.allocated_at, "Allocation", title, allocation.note,
                    str(allocation.allocated_by))
