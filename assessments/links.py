"""The family page's links to its initial assessments."""

from collections.abc import Iterator

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.timezone import localtime

from assessments.models import InitialAssessment
from assessments.permissions import can_book, can_see_booking
from families.models import Family
from families.panels import Link, register
from team.models import User


@register
def assessment_links(*, family: Family, user: User) -> Iterator[Link]:
    assessments = InitialAssessment.objects.filter(family=family).select_related("family", "assessor")
    for assessment in assessments:
        if can_see_booking(user, assessment):
            when = date_format(localtime(assessment.booked_for), "j F Y")
            yield Link(f"Initial assessment on {when}", reverse("assessments:detail", args=[assessment.pk]),
                       assessment.get_status_display())
    if can_book(user, family):
        yield Link("Book an initial assessment", reverse("assessments:book", args=[family.pk]))
