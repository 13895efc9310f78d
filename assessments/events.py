"""The initial assessment's events in the family's chronology, behind the content gate."""

from collections.abc import Iterator

from django.utils import timezone

from assessments.permissions import can_read_content, can_see_booking
from families.chronology import Event, register
from families.models import Family
from team.models import User


@register
def assessment_events(*, family: Family, user: User) -> Iterator[Event]:
    rows = family.initial_assessments.select_related("assessor", "booked_by", "hub")
    for assessment in rows:
        if not can_see_booking(user, assessment):
            continue
        place = assessment.get_place_display().lower()
        when = f"{timezone.localtime(assessment.booked_for):%-d %B %Y at %H:%M}"
        yield Event(assessment.booked_at, "Initial assessment", "Initial assessment booked",
                    f"With {assessment.assessor}, {place}, on {when}", str(assessment.booked_by))
        if assessment.completed_at:
            yield Event(assessment.completed_at, "Initial assessment", "Initial assessment completed",
                        "", str(assessment.assessor))
        if can_read_content(user, assessment):
            for addendum in assessment.addenda.select_related("author"):
                yield Event(addendum.written_at, "Initial assessment", "Addendum to the initial assessment",
                            addendum.text, str(addendum.author))
