"""Reads for the group pages and API: runs a person may see, who is on them, and registers.

Seeing a run is keeping its register: its facilitators, the administrator, the team lead and the
clinical psychologist. Anyone else is answered 404, as if the run did not exist.
"""

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404

from families import policy
from families.models import Caregiver
from interventions import permissions
from interventions.models import Enrolment, Format, GroupRun, GroupSession, Session
from interventions.services.groups import holds_place
from team.models import User
from team.roles import PRACTITIONER_ROLES

TAKING_PART = Prefetch("caregivers", queryset=Caregiver.objects.order_by("pk"))


def _count(queryset: QuerySet) -> Coalesce:
    counted = queryset.order_by().values("group_run").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def runs_visible_to(*, user: User) -> QuerySet[GroupRun]:
    """The runs the user may open, with the places taken and the families waiting."""
    if not permissions.can_manage_groups(user):
        return GroupRun.objects.none()
    runs = GroupRun.objects.all()
    if user.role in PRACTITIONER_ROLES and not user.is_superuser:
        runs = runs.filter(facilitators=user)
    on_run = Enrolment.objects.filter(group_run=OuterRef("pk"), status__in=Enrolment.OPEN)
    return runs.select_related("programme", "hub").annotate(
        taken=_count(on_run.filter(holds_place())), waiting=_count(on_run.exclude(holds_place())))


def run_get_for_user(*, user: User, pk: int) -> GroupRun:
    try:
        return runs_visible_to(user=user).get(pk=pk)
    except (GroupRun.DoesNotExist, ValueError, TypeError):
        raise Http404("No group found") from None


def group_session_get_for_user(*, user: User, pk: int) -> GroupSession:
    runs = runs_visible_to(user=user)
    try:
        return GroupSession.objects.select_related("run__programme", "run__hub", "kind").get(
            pk=pk, run__in=runs.values("pk"))
    except (GroupSession.DoesNotExist, ValueError, TypeError):
        raise Http404("No group session found") from None


def _with_family(enrolments: QuerySet[Enrolment]) -> QuerySet[Enrolment]:
    return enrolments.select_related("case__family", "practitioner").prefetch_related(TAKING_PART)


def families_placed(*, run: GroupRun) -> QuerySet[Enrolment]:
    """Families holding places, with their attendance at the run's sessions so far."""
    on_run = Q(sessions__group_session__run=run)
    return _with_family(Enrolment.objects.filter(group_run=run, status__in=Enrolment.OPEN).filter(
        holds_place())).annotate(
        attended=Count("sessions", filter=on_run & Q(sessions__attendance=Session.Attendance.ATTENDED)),
        recorded=Count("sessions", filter=on_run & ~Q(sessions__attendance=""))).order_by("enrolled_at", "pk")


def families_waiting_on(*, run: GroupRun) -> QuerySet[Enrolment]:
    """The run's waiting list, first to be given a place first."""
    return _with_family(Enrolment.objects.filter(group_run=run, status__in=Enrolment.OPEN).exclude(
        holds_place())).order_by("enrolled_at", "pk")


def families_waiting_for_a_group(*, run: GroupRun, user: User) -> QuerySet[Enrolment]:
    """Open group enrolments in the run's programme on no run yet, of families the user may see."""
    return _with_family(Enrolment.objects.filter(
        programme_id=run.programme_id, format=Format.GROUP, group_run__isnull=True,
        status__in=Enrolment.OPEN, case__family__in=policy.families_visible_to(user).values("pk"),
    )).order_by("enrolled_at", "pk")


def run_sessions(*, run: GroupRun) -> QuerySet[GroupSession]:
    """The run's sessions, with how many families' attendance is recorded and how many came."""
    return run.sessions.select_related("kind").annotate(
        families=Count("register"),
        recorded=Count("register", filter=~Q(register__attendance="")),
        attended=Count("register", filter=Q(register__attendance=Session.Attendance.ATTENDED)),
    ).order_by("number")


def register_rows(*, group_session: GroupSession) -> QuerySet[Session]:
    """One row per family on the session's register, in the order the families were enrolled."""
    return Session.objects.filter(group_session=group_session).select_related(
        "enrolment__case__family").prefetch_related(
        Prefetch("enrolment__caregivers", queryset=Caregiver.objects.order_by("pk"))).order_by(
        "enrolment__enrolled_at", "enrolment__pk")
