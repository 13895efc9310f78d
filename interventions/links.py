"""The family page's link to the family's interventions, with what it is enrolled in."""

from collections.abc import Iterator

from django.urls import reverse

from families.models import Family
from families.panels import Link, register
from interventions import permissions
from interventions.models import Enrolment
from interventions.selectors.caseload import open_enrolments_for
from team.models import User


def _hint(enrolments: list[Enrolment]) -> str:
    parts = []
    for status, word in ((Enrolment.Status.ACTIVE, "active"), (Enrolment.Status.WAITING, "waiting to start")):
        names = [str(enrolment.programme) for enrolment in enrolments if enrolment.status == status]
        if names:
            parts.append(f"{len(names)} {word}: {', '.join(names)}")
    return "; ".join(parts) or "None open"


@register
def intervention_links(*, family: Family, user: User) -> Iterator[Link]:
    if not permissions.can_see_interventions(user, family):
        return
    url = reverse("interventions:family", args=[family.pk])
    yield Link("Interventions", url, _hint(list(open_enrolments_for(family=family))))
