"""The family page's links to its outcome measures."""

from collections.abc import Iterator

from django.urls import reverse

from assessments.outcome_permissions import can_read_measures
from families.models import Family
from families.panels import Link, register
from team.models import User


@register
def outcome_links(*, family: Family, user: User) -> Iterator[Link]:
    if can_read_measures(user, family):
        yield Link(
            "Outcome measures",
            reverse("assessments:family-outcomes", args=[family.pk]),
            "Scores over time and change",
        )
        yield Link("Record an outcome measure", reverse("assessments:measure-start", args=[family.pk]))
