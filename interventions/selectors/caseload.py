"""Reads about interventions for the caseload pages and the family page: a practitioner's open
reminders, and a family's open enrolments. One query each."""

from django.db.models import QuerySet

from families.models import Family
from interventions.models import Enrolment, Reminder
from team.models import User


def open_reminders_for(*, practitioner: User) -> QuerySet[Reminder]:
    """The practitioner's reminders not yet resolved, oldest first, with what they point at."""
    return Reminder.objects.filter(practitioner=practitioner, resolved_at__isnull=True).select_related(
        "enrolment__programme", "enrolment__case__family", "session").order_by("raised_on", "pk")


def open_enrolments_for(*, family: Family) -> QuerySet[Enrolment]:
    return Enrolment.objects.filter(case__family=family, status__in=Enrolment.OPEN).select_related(
        "programme").order_by("enrolled_at", "pk")
