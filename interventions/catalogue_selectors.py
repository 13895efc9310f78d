"""Reads for the catalogue pages: the interventions, who on the staff may deliver each, and the
team lead's decisions to let someone deliver one they are not qualified for."""

import datetime
from collections import defaultdict

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from interventions.models import DeliveryOverride, DeliveryRequirement, Programme
from interventions.permissions import DELIVERY_ROLES
from team.models import Level, SelfAssessment, TrainingRecord, User


def programmes() -> QuerySet[Programme]:
    """The catalogue, with each intervention's kinds of session and delivery requirements."""
    return Programme.objects.prefetch_related(
        "session_kinds",
        Prefetch("delivery_requirements", queryset=DeliveryRequirement.objects.select_related("competency")),
    )


def delivering_staff() -> list[User]:
    """Current staff whose role delivers interventions."""
    return list(User.objects.filter(is_active=True, groups__name__in=[role.value for role in DELIVERY_ROLES])
                .distinct().order_by("first_name", "last_name", "pk"))


def staff_levels(*, people: list[User], today: datetime.date | None = None) -> dict[int, dict[int, int]]:
    """For each person, the level they are recorded at in each competency: their latest
    self-assessment, raised to "skilled" by a current training record. The same rule as
    ``interventions.qualification.qualified_levels``, for many people in two queries."""
    today = today or timezone.localdate()
    ids = [person.pk for person in people]
    levels: dict[int, dict[int, int]] = defaultdict(dict)
    assessed = SelfAssessment.objects.filter(response__person_id__in=ids).order_by(
        "response__person_id", "competency_id", "-response__submitted_at", "-pk").values_list(
        "response__person_id", "competency_id", "level")
    for person_id, competency_id, level in assessed:
        levels[person_id].setdefault(competency_id, level)
    trained = TrainingRecord.objects.filter(person_id__in=ids, competency__isnull=False).filter(
        Q(expires_on__isnull=True) | Q(expires_on__gte=today)).values_list("person_id", "competency_id")
    for person_id, competency_id in trained:
        current = levels[person_id].get(competency_id, Level.NONE)
        levels[person_id][competency_id] = max(current, Level.SKILLED)
    return levels


def qualified_staff(*, catalogue: list[Programme],
                    today: datetime.date | None = None) -> dict[int, list[User]]:
    """For each intervention with delivery requirements, the current staff who meet one of them.
    Interventions anyone on the team may deliver are left out. The programmes' requirements
    must be prefetched (``programmes()``)."""
    people = delivering_staff()
    levels = staff_levels(people=people, today=today)
    qualified: dict[int, list[User]] = {}
    for programme in catalogue:
        requirements = list(programme.delivery_requirements.all())
        if not requirements:
            continue
        qualified[programme.pk] = [
            person for person in people
            if any(levels[person.pk].get(req.competency_id, Level.NONE) >= req.minimum_level
                   for req in requirements)]
    return qualified


def delivery_overrides(*, programme: Programme | None = None) -> QuerySet[DeliveryOverride]:
    """The team lead's logged decisions, newest first."""
    overrides = DeliveryOverride.objects.select_related(
        "programme", "practitioner", "decided_by", "enrolment__case__family").order_by("-decided_at", "-pk")
    return overrides.filter(programme=programme) if programme is not None else overrides
