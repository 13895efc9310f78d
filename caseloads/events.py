"""Allocations and reassignments in the family's chronology."""

from collections.abc import Iterator

from caseloads.consultation import can_read_consultation_notes
from caseloads.models import Allocation, ConsultationNote
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


@register
def consultation_events(*, family: Family, user: User) -> Iterator[Event]:
    notes = ConsultationNote.objects.filter(case__family=family).select_related("author", "case")
    for note in notes:
        if can_read_consultation_notes(user, note.case):
            yield Event(note.written_at, "Consultation", f"{note.get_kind_display()} note", note.text,
                        str(note.author))
