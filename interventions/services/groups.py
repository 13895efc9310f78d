"""Group programmes: setting up a run, its sessions, placing families, its waiting list and registers.

Who holds a place. A family is on a run when its enrolment's ``group_run`` is the run. It holds
one of the run's places when it also has register rows on the run (a ``Session`` whose
``group_session`` belongs to the run); a family on the run without register rows is on the run's
waiting list. Places are counted over open enrolments only, so a family whose enrolment ends, or
who is taken off the run, frees its place. Placing keeps the enrolment's status: it stays
"waiting to start" until the family's first attended session starts it, as for one-to-one work.

The waiting list is served in the order the families were enrolled in the programme (earliest
first): whenever a place frees (a family is taken off, an enrolment ends, the run gets more
places) the first on the list are given the free places and register rows for the run's
sessions still to come.

Register rows. A family given a place gets a row for each of the run's sessions that has not yet
started; a session added to the run later gets a row for every family holding a place.

Changes to a run, its places and its waiting list take a row lock on the run first, so two
people acting at once cannot both take the last place.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from families import policy
from interventions import hooks, permissions
from interventions.models import Enrolment, Format, GroupRun, GroupSession, Programme, Session, SessionKind
from interventions.services.sessions import Attendance, attendance_record_many
from piew.services import save_validated
from team.models import Hub, User
from team.roles import PRACTITIONER_ROLES

MOST_SESSIONS = 20
RUN_FIELDS = ("title", "hub", "venue", "capacity")


def _refuse_unless(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _locked_run(run: GroupRun) -> GroupRun:
    return GroupRun.objects.select_for_update(of=("self",)).select_related("programme", "hub").get(pk=run.pk)


def _day(value: datetime.date) -> str:
    return f"{value:%-d %B %Y}"


def _when(value: datetime.datetime) -> str:
    return f"{timezone.localtime(value):%-d %B %Y at %H:%M}"


def group_session_kind(programme: Programme) -> SessionKind | None:
    """The programme's kind of session for group meetings (Triple P Baby: "Group session")."""
    kinds = list(programme.session_kinds.all())
    return next((kind for kind in kinds if "group" in kind.name.lower()), kinds[0] if kinds else None)


def holds_place() -> Exists:
    """For an enrolment queryset: whether the enrolment has register rows on its own run."""
    return Exists(Session.objects.filter(enrolment=OuterRef("pk"), group_session__run=OuterRef("group_run")))


def placed(run: GroupRun) -> QuerySet[Enrolment]:
    """Open enrolments holding one of the run's places."""
    return Enrolment.objects.filter(group_run=run, status__in=Enrolment.OPEN).filter(holds_place())


def waiting_list(run: GroupRun) -> QuerySet[Enrolment]:
    """Open enrolments on the run's waiting list, first to be given a place first."""
    return Enrolment.objects.filter(group_run=run, status__in=Enrolment.OPEN).exclude(
        holds_place()).order_by("enrolled_at", "pk")


# Setting up a run

def _facilitator_errors(facilitators: list[User], by: User) -> list[str]:
    if not facilitators:
        return ["Choose at least one facilitator"]
    unable = [str(person) for person in facilitators
              if not person.is_active or person.role not in permissions.DELIVERY_ROLES]
    if unable:
        return [f"{', '.join(unable)} cannot facilitate a group: choose practitioners, the clinical "
                "psychologist or the team lead"]
    if by.role in PRACTITIONER_ROLES and not by.is_superuser and by not in facilitators:
        return ["Include yourself as a facilitator: you see only the groups you facilitate"]
    return []


def _run_errors(*, hub: Hub | None, venue: str, capacity: int | None, facilitators: list[User] | None,
                by: User) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if hub is None and not venue.strip():
        errors["hub"] = ["Choose the Family Hub where the group meets, or enter another venue"]
    elif hub is not None and not hub.active:
        errors["hub"] = [f"{hub} is no longer in use: choose another Family Hub"]
    if capacity is None or capacity < 1:
        errors["capacity"] = ["Enter the number of places, 1 or more"]
    if facilitators is not None and (problems := _facilitator_errors(facilitators, by)):
        errors["facilitators"] = problems
    return errors


def _schedule_errors(*, first: datetime.datetime | None, count: int | None) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if first is None:
        errors["first_session"] = ["Enter the date and time of the first session"]
    if count is None or not 1 <= count <= MOST_SESSIONS:
        errors["sessions"] = [f"Enter the number of weekly sessions, from 1 to {MOST_SESSIONS}"]
    return errors


@transaction.atomic
def run_create(*, programme: Programme, title: str, hub: Hub | None, capacity: int | None,
               facilitators: Iterable[User], first_session: datetime.datetime | None, sessions: int | None,
               by: User, minutes: int | None = None, venue: str = "") -> GroupRun:
    """Set up a run of a group programme, at a Family Hub or another venue, with its weekly
    sessions from the first one."""
    _refuse_unless(permissions.can_manage_groups(by), "You cannot set up group programmes")
    facilitators = list(facilitators)
    errors = _run_errors(hub=hub, venue=venue, capacity=capacity, facilitators=facilitators, by=by)
    errors |= _schedule_errors(first=first_session, count=sessions)
    if Format.GROUP not in programme.formats:
        errors["programme"] = [f"{programme} is not delivered in groups"]
    elif not programme.active:
        errors["programme"] = [f"{programme} is no longer offered"]
    if not title.strip():
        errors["title"] = ["Enter a name for the run, for example “Triple P Baby, spring, Ashby”"]
    if errors:
        raise ValidationError(errors)
    day = timezone.localdate(first_session)
    run = save_validated(GroupRun(programme=programme, created_by=by), title=title.strip(), hub=hub,
                         venue="" if hub else venue.strip(), capacity=capacity, starts_on=day, ends_on=day)
    run.facilitators.set(facilitators)
    _add_sessions(run, first=first_session, count=sessions, minutes=minutes, by=by)
    return run


@transaction.atomic
def run_update(*, run: GroupRun, by: User, facilitators: Iterable[User] | None = None, **fields) -> GroupRun:
    """Change the run's name, Family Hub or venue, places or facilitators. More places promote families
    from the waiting list; fewer than the families holding places are refused."""
    run = _locked_run(run)
    _refuse_unless(permissions.can_manage_groups(by) and permissions.can_keep_register(by, run),
                   "You cannot change this group")
    unknown = set(fields) - set(RUN_FIELDS)
    if unknown:
        raise TypeError(f"run_update() cannot change {', '.join(sorted(unknown))}")
    if run.cancelled_at:
        raise ValidationError(f"{run} was cancelled on {_day(timezone.localdate(run.cancelled_at))}: "
                              "nothing was changed")
    facilitators = list(facilitators) if facilitators is not None else None
    merged = {name: fields.get(name, getattr(run, name)) for name in RUN_FIELDS}
    merged["venue"] = "" if merged["hub"] else str(merged["venue"]).strip()
    errors = _run_errors(hub=merged["hub"], venue=merged["venue"], capacity=merged["capacity"],
                         facilitators=facilitators, by=by)
    taken = placed(run).count()
    if "capacity" not in errors and merged["capacity"] < taken:
        errors["capacity"] = [f"{taken} families hold places on this run: take families off it before "
                              f"reducing the places below {taken}"]
    if not str(merged["title"]).strip():
        errors["title"] = ["Enter a name for the run"]
    if errors:
        raise ValidationError(errors)
    save_validated(run, **merged)
    if facilitators is not None:
        run.facilitators.set(facilitators)
    _promote(run, by=by)
    return run


@transaction.atomic
def group_sessions_add(*, run: GroupRun, first_session: datetime.datetime | None, sessions: int | None,
                       by: User, minutes: int | None = None) -> list[GroupSession]:
    """Add weekly sessions after the run's last one; each families holding a place is booked in."""
    run = _locked_run(run)
    _refuse_unless(permissions.can_manage_groups(by) and permissions.can_keep_register(by, run),
                   "You cannot change this group")
    errors = _schedule_errors(first=first_session, count=sessions)
    last = run.sessions.order_by("-number").first()
    if first_session and last and first_session <= last.starts_at:
        errors["first_session"] = [f"Session {last.number} is on {_when(last.starts_at)}: the first new "
                                   "session must be after it"]
    if run.cancelled_at:
        errors["first_session"] = ["This run was cancelled"]
    if errors:
        raise ValidationError(errors)
    return _add_sessions(run, first=first_session, count=sessions, minutes=minutes, by=by)


def _add_sessions(run: GroupRun, *, first: datetime.datetime, count: int, minutes: int | None,
                  by: User) -> list[GroupSession]:
    kind = group_session_kind(run.programme)
    start = run.sessions.order_by("-number").values_list("number", flat=True).first() or 0
    local_first = timezone.localtime(first)
    added = []
    for week in range(count):
        # Weekly at the same local time, across a change of the clocks too.
        day = local_first.date() + datetime.timedelta(weeks=week)
        starts_at = timezone.make_aware(datetime.datetime.combine(day, local_first.time()))
        added.append(save_validated(GroupSession(run=run, number=start + week + 1, kind=kind),
                                    starts_at=starts_at, minutes=minutes))
    families = list(placed(run).select_related("case__family"))
    _book_rows(families, added, by=by)
    _sync_dates(run)
    return added


def _sync_dates(run: GroupRun) -> None:
    times = run.sessions.order_by("starts_at").values_list("starts_at", flat=True)
    if times:
        save_validated(run, starts_on=timezone.localdate(times[0]),
                       ends_on=timezone.localdate(list(times)[-1]))


def _book_rows(enrolments: list[Enrolment], sessions: list[GroupSession], *, by: User) -> None:
    for enrolment in enrolments:
        for group_session in sessions:
            save_validated(Session(enrolment=enrolment, group_session=group_session, booked_by=by),
                           kind=group_session.kind, starts_at=group_session.starts_at,
                           mode=Session.Mode.HUB if group_session.run.hub_id else Session.Mode.VENUE,
                           hub_id=group_session.run.hub_id,
                           minutes=group_session.minutes)


def _future_sessions(run: GroupRun) -> list[GroupSession]:
    return list(run.sessions.filter(starts_at__gt=timezone.now()).select_related("run"))


def _promote(run: GroupRun, *, by: User) -> list[Enrolment]:
    """Give free places to the first families on the waiting list. The run is locked."""
    free = run.capacity - placed(run).count()
    future = _future_sessions(run)
    if free <= 0 or not future:
        return []
    promoted = list(waiting_list(run).select_related("case__family")[:free])
    _book_rows(promoted, future, by=by)
    return promoted


# Placing families

def _placing_errors(run: GroupRun, enrolment: Enrolment) -> list[str]:
    reference = enrolment.case.family.reference
    if run.cancelled_at:
        return ["This run was cancelled"]
    if not enrolment.is_open:
        return [f"{reference}'s enrolment in {enrolment.programme} has ended"]
    if enrolment.programme_id != run.programme_id:
        return [f"{reference} is enrolled in {enrolment.programme}, not {run.programme}"]
    if enrolment.format != Format.GROUP:
        return [f"{reference} is enrolled in {enrolment.programme} {enrolment.get_format_display().lower()}, "
                "not in a group: change the enrolment first"]
    if enrolment.group_run_id == run.pk:
        return [f"{reference} is already on this run"]
    if enrolment.group_run_id:
        return [f"{reference} is already on {enrolment.group_run}: take them off it first"]
    if not run.sessions.filter(starts_at__gt=timezone.now()).exists():
        return ["All this run's sessions have started: add more sessions or choose another run"]
    return []


@transaction.atomic
def group_place(*, run: GroupRun, enrolment: Enrolment, by: User) -> bool:
    """Put the family on the run: given a place if one is free, otherwise on the run's waiting
    list. Returns whether the family was given a place.

    Only an open group-format enrolment in the run's programme that is on no other run can be
    placed, and only while some of the run's sessions are still to come.
    """
    run = _locked_run(run)
    _refuse_unless(permissions.can_manage_groups(by) and permissions.can_keep_register(by, run),
                   "You cannot change this group")
    enrolment = Enrolment.objects.select_for_update(of=("self",)).select_related(
        "case__family", "programme", "group_run").get(pk=enrolment.pk)
    _refuse_unless(policy.families_visible_to(by).filter(pk=enrolment.case.family_id).exists(),
                   "You cannot place this family")
    errors = _placing_errors(run, enrolment)
    if errors:
        raise ValidationError({"enrolment": errors})
    save_validated(enrolment, group_run=run)
    if placed(run).count() >= run.capacity:
        return False
    _book_rows([enrolment], _future_sessions(run), by=by)
    return True


@transaction.atomic
def group_remove(*, run: GroupRun, enrolment: Enrolment, by: User) -> Enrolment:
    """Take the family off the run (its place or the waiting list). Its rows for sessions still to
    come are cancelled (deleted, kept in their history); attendance already recorded stays. The
    enrolment stays open, waiting for a group place. A freed place goes to the waiting list."""
    run = _locked_run(run)
    _refuse_unless(permissions.can_manage_groups(by) and permissions.can_keep_register(by, run),
                   "You cannot change this group")
    enrolment = Enrolment.objects.select_for_update(of=("self",)).select_related("case__family").get(
        pk=enrolment.pk)
    if enrolment.group_run_id != run.pk:
        raise ValidationError({"enrolment": [f"{enrolment.case.family.reference} is not on this run"]})
    upcoming = Session.objects.filter(enrolment=enrolment, group_session__run=run, attendance="",
                                      starts_at__gt=timezone.now())
    for row in upcoming:
        row.delete()
    save_validated(enrolment, group_run=None)
    _promote(run, by=by)
    return enrolment


@transaction.atomic
def run_cancel(*, run: GroupRun, by: User) -> GroupRun:
    """Cancel the run. Every family on it, holding a place or waiting, leaves it as if taken off:
    their sessions still to come are cancelled, attendance already recorded stays, and their
    enrolments stay open, waiting for a group place on another run."""
    run = _locked_run(run)
    _refuse_unless(permissions.can_manage_groups(by) and permissions.can_keep_register(by, run),
                   "You cannot change this group")
    if run.cancelled_at:
        raise ValidationError(f"{run} was already cancelled on {_day(timezone.localdate(run.cancelled_at))}")
    enrolments = Enrolment.objects.select_for_update(of=("self",)).filter(group_run=run)
    for row in Session.objects.filter(enrolment__in=enrolments, group_session__run=run, attendance="",
                                      starts_at__gt=timezone.now()):
        row.delete()
    for enrolment in enrolments:
        save_validated(enrolment, group_run=None)
    return save_validated(run, cancelled_at=timezone.now())


@hooks.on_enrolment_ended
def promote_after_enrolment_ended(*, enrolment_id: int) -> None:
    """An ended enrolment frees its place on its run for the first family waiting."""
    enrolment = Enrolment.objects.select_related("group_run").filter(pk=enrolment_id).first()
    if enrolment is None or enrolment.group_run_id is None or enrolment.is_open:
        return
    with transaction.atomic():
        run = _locked_run(enrolment.group_run)
        _promote(run, by=enrolment.ended_by or run.created_by)


# Registers

@dataclass(frozen=True)
class RegisterEntry:
    """One family's attendance at a group session: their register row, what happened, who came."""

    session_id: int
    attendance: str
    who: frozenset[str] = frozenset()


@transaction.atomic
def register_record(*, group_session: GroupSession, entries: Iterable[RegisterEntry],
                    by: User) -> list[Session]:
    """Record the register of a group session: all the families at once, or none.

    An entry with no attendance is left as it was. Errors are keyed by the register row's id.
    """
    run = group_session.run
    _refuse_unless(permissions.can_keep_register(by, run), "You cannot keep this group's register")
    rows = {row.pk: row for row in group_session.register.all()}
    entries = [entry for entry in entries if entry.attendance]
    strangers = [entry.session_id for entry in entries if entry.session_id not in rows]
    if strangers:
        raise ValidationError({str(pk): ["This family is not on this session's register"]
                               for pk in strangers})
    if not entries:
        raise ValidationError("Record the attendance of at least one family")
    return attendance_record_many(
        entries=[Attendance(session=rows[entry.session_id], attendance=entry.attendance,
                            who=frozenset(entry.who)) for entry in entries], by=by)
