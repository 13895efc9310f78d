"""Reads for the enrolment, session and diary pages, with the joins each page needs."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from families import policy
from families.models import Family
from interventions import permissions
from interventions.models import Enrolment, Session
from team.models import User
from team.roles import WHOLE_SERVICE_ROLES

ATTENDED_WITH_FAMILY = Q(sessions__attendance=Session.Attendance.ATTENDED) & (
    Q(sessions__kind__isnull=True) | Q(sessions__kind__with_family=True))


def _visible_interventions(user: User, family: Family) -> None:
    """404 unless the user may see the family's interventions, as if it did not exist."""
    policy.family_get_for_user(user=user, pk=family.pk)
    if not permissions.can_see_interventions(user, family):
        raise Http404("No enrolment found")


def family_for_interventions(*, user: User, pk: int) -> Family:
    family = policy.family_get_for_user(user=user, pk=pk)
    if not permissions.can_see_interventions(user, family):
        raise Http404("No family found")
    return family


def enrolments_for_family(*, family: Family) -> QuerySet[Enrolment]:
    """The family's enrolments, newest first, each with ``attended`` (sessions with the family
    that it attended)."""
    return (Enrolment.objects.filter(case__family=family)
            .select_related("programme", "practitioner")
            .annotate(attended=Count("sessions", filter=ATTENDED_WITH_FAMILY, distinct=True)))


def enrolment_get_for_user(*, user: User, pk: int) -> Enrolment:
    enrolment = get_object_or_404(
        Enrolment.objects.select_related("case__family", "programme", "practitioner"), pk=pk)
    _visible_interventions(user, enrolment.case.family)
    return enrolment


def session_get_for_user(*, user: User, pk: int) -> Session:
    session = get_object_or_404(
        Session.objects.select_related("enrolment__case__family", "enrolment__programme",
                                       "enrolment__practitioner", "kind", "hub"), pk=pk)
    _visible_interventions(user, session.enrolment.case.family)
    return session


def sessions_for_enrolment(*, enrolment: Enrolment) -> list[Session]:
    return list(enrolment.sessions.select_related("kind", "hub").order_by("starts_at", "pk"))


@dataclass
class Cycle:
    number: int | None
    sessions: list[Session] = field(default_factory=list)

    @property
    def title(self) -> str:
        return f"Cycle {self.number}" if self.number else "Sessions outside a cycle"


def sessions_by_cycle(sessions: list[Session], planned: int | None) -> list[Cycle]:
    """The planned cycles in order, each with its sessions; sessions outside a cycle last."""
    highest = max([planned or 0, *(session.cycle or 0 for session in sessions)])
    cycles = {number: Cycle(number) for number in range(1, highest + 1)}
    loose = Cycle(None)
    for session in sessions:
        cycles.get(session.cycle, loose).sessions.append(session)
    return [*cycles.values(), *([loose] if loose.sessions else [])]


def week_of(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The Monday and Sunday of the day's week."""
    monday = day - datetime.timedelta(days=day.weekday())
    return monday, monday + datetime.timedelta(days=6)


def diary_sessions(*, viewer: User, practitioner: User, monday: datetime.date) -> list[Session]:
    """The practitioner's sessions from Monday to Sunday (Europe/London), for families the
    viewer may see."""
    start = timezone.make_aware(datetime.datetime.combine(monday, datetime.time.min))
    end = timezone.make_aware(datetime.datetime.combine(monday + datetime.timedelta(days=7),
                                                        datetime.time.min))
    return list(Session.objects.filter(
        enrolment__practitioner=practitioner, starts_at__gte=start, starts_at__lt=end,
        enrolment__case__family__in=policy.families_visible_to(viewer),
    ).select_related("enrolment__case__family", "enrolment__programme", "kind", "hub")
        .order_by("starts_at", "pk"))


def deliverers_for(*, family: Family) -> QuerySet[User]:
    """Who may be an enrolment's practitioner for the family: its key worker, the clinical
    psychologist and the team lead (``permissions.can_deliver_to``, as one query)."""
    whole_service = [role.value for role in WHOLE_SERVICE_ROLES]
    delivery = [role.value for role in permissions.DELIVERY_ROLES]
    return (User.objects.filter(is_active=True, groups__name__in=delivery)
            .filter(Q(groups__name__in=whole_service)
                    | Q(key_worker_cases__family=family, key_worker_cases__closed_at__isnull=True))
            .prefetch_related("groups").distinct().order_by("first_name", "last_name", "pk"))
