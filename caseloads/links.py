"""The family page's links to allocate, reassign or close the family's case."""

from collections.abc import Iterator

from django.urls import reverse

from caseloads.consultation import can_read_consultation_notes
from families import policy
from families.models import Family
from families.panels import Link, register
from team.models import User


@register
def consultation_links(*, family: Family, user: User) -> Iterator[Link]:
    case = family.cases.filter(closed_at__isnull=True).first()
    if case is not None and can_read_consultation_notes(user, case):
        yield Link("Consultation and supervision notes", reverse("caseloads:consultation", args=[case.pk]))


@register
def allocation_links(*, family: Family, user: User) -> Iterator[Link]:
    if not policy.can_manage_cases(user):
        return
    case = family.cases.filter(closed_at__isnull=True).select_related("key_worker").first()
    if case is None:
        return
    if case.key_worker_id:
        yield Link("Change the key worker", reverse("caseloads:allocate", args=[case.pk]),
                   f"Key worker: {case.key_worker}")
    else:
        yield Link("Allocate a key worker", reverse("caseloads:allocate", args=[case.pk]),
                   "Not yet allocated")
    yield Link("Close the case", reverse("caseloads:close", args=[case.pk]))
