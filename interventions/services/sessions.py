"""Booking sessions and recording what happened: attendance, who came, notes, next steps."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from interventions import permissions
from interventions.models import Enrolment, Reminder, Session, SessionKind
from interventions.services.enrolments import start_if_waiting
from piew.services import save_validated
from team.models import Hub, User

WHO = {"mother": "mother_attended", "father": "father_attended", "other_carer": "other_carer_attended"}


def _refuse_unless_recorder(by: User, enrolment: Enrolment) -> None:
    if not permissions.can_record_sessions(by, enrolment):
        raise PermissionDenied("You cannot record sessions for this family")


def _check_notes(by: User, enrolment: Enrolment, fields: dict) -> None:
    writes_notes = bool((fields.get("notes") or "").strip())
    if writes_notes and not permissions.can_read_session_notes(by, enrolment.case.family):
        raise PermissionDenied("Session notes are written by the practitioners who may read case notes")


def _cycle_errors(enrolment: Enrolment, kind: SessionKind | None, cycle: int | None) -> dict[str, str]:
    if not enrolment.programme.uses_cycles:
        return {"cycle": "Only interventions delivered in cycles have a cycle"} if cycle else {}
    errors = {}
    if kind is None:
        errors["kind"] = "Choose the kind of session: filming, micro-analysis or shared review"
    if not cycle:
        errors["cycle"] = "Enter the cycle number"
    elif enrolment.planned_cycles and cycle > enrolment.planned_cycles:
        errors["cycle"] = (f"This enrolment plans {enrolment.planned_cycles} cycles. Change the plan to add "
                           f"cycle {cycle}")
    return errors


@transaction.atomic
def session_book(*, enrolment: Enrolment, by: User, starts_at: datetime.datetime, mode: str,
                 hub: Hub | None = None, kind: SessionKind | None = None, cycle: int | None = None,
                 minutes: int | None = None) -> Session:
    enrolment = Enrolment.objects.select_for_update(of=("self",)).select_related(
        "programme", "case__family").get(pk=enrolment.pk)
    _refuse_unless_recorder(by, enrolment)
    if not enrolment.is_open:
        raise ValidationError(
            f"This enrolment ended on {enrolment.ended_on:%-d %B %Y}: no more sessions can be booked")
    errors = _cycle_errors(enrolment, kind, cycle)
    if errors:
        raise ValidationError(errors)
    return save_validated(Session(enrolment=enrolment, booked_by=by), starts_at=starts_at, mode=mode, hub=hub,
                          kind=kind, cycle=cycle, minutes=minutes)


@transaction.atomic
def session_update(*, session: Session, by: User, **fields) -> Session:
    """Change a session's details, notes or next steps."""
    session = Session.objects.select_for_update(of=("self",)).select_related(
        "enrolment__programme", "enrolment__case__family", "kind").get(pk=session.pk)
    _refuse_unless_recorder(by, session.enrolment)
    _check_notes(by, session.enrolment, fields)
    if "cycle" in fields or "kind" in fields:
        errors = _cycle_errors(session.enrolment, fields.get("kind", session.kind),
                               fields.get("cycle", session.cycle))
        if errors:
            raise ValidationError(errors)
    return save_validated(session, **fields)


def _attendance_fields(session: Session, *, attendance: str, who: Iterable[str], by: User) -> dict:
    who = set(who)
    unknown = who - set(WHO)
    if unknown:
        raise ValidationError({"who": "Choose who attended from mother, father or other carer"})
    if attendance not in Session.Attendance.values:
        raise ValidationError({"attendance": "Choose whether the family attended"})
    if session.starts_at > timezone.now():
        raise ValidationError({"attendance": (
            f"This session is on {timezone.localtime(session.starts_at):%-d %B %Y at %H:%M}: record "
            "attendance once it has happened")})
    attended = attendance == Session.Attendance.ATTENDED
    with_family = session.kind is None or session.kind.with_family
    if attended and with_family and not who:
        raise ValidationError({"who": "Choose who attended: mother, father or other carer"})
    if not attended and who:
        raise ValidationError({"who": "Only choose who attended when the family attended"})
    return {field: name in who for name, field in WHO.items()} | {
        "attendance": attendance, "attendance_recorded_by": by, "attendance_recorded_at": timezone.now()}


def _record(session: Session, *, by: User, attendance: str, who: Iterable[str], **details) -> Session:
    enrolment = session.enrolment
    _refuse_unless_recorder(by, enrolment)
    _check_notes(by, enrolment, details)
    if enrolment.ended_on and timezone.localdate(session.starts_at) > enrolment.ended_on:
        raise ValidationError({"attendance": (
            f"This enrolment ended on {enrolment.ended_on:%-d %B %Y}, before this session")})
    fields = _attendance_fields(session, attendance=attendance, who=who, by=by)
    save_validated(session, **fields, **{name: value for name, value in details.items() if value is not None})
    if session.attended:
        start_if_waiting(enrolment, on=timezone.localdate(session.starts_at))
    Reminder.objects.filter(session=session, resolved_at__isnull=True).update(resolved_at=timezone.now())
    return session


def _locked(session_ids: Iterable[int]) -> dict[int, Session]:
    rows = Session.objects.select_for_update(of=("self",)).select_related(
        "enrolment__programme", "enrolment__case__family", "kind").filter(pk__in=sorted(set(session_ids)))
    return {session.pk: session for session in rows}


@transaction.atomic
def attendance_record(*, session: Session, by: User, attendance: str, who: Iterable[str] = (),
                      minutes: int | None = None, notes: str | None = None,
                      next_steps: str | None = None) -> Session:
    """Record whether the family came, who came and, for those who may, the notes."""
    session = _locked([session.pk])[session.pk]
    return _record(session, by=by, attendance=attendance, who=who, minutes=minutes, notes=notes,
                   next_steps=next_steps)


@dataclass(frozen=True)
class Attendance:
    session: Session
    attendance: str
    who: frozenset[str] = frozenset()


@transaction.atomic
def attendance_record_many(*, entries: Iterable[Attendance], by: User) -> list[Session]:
    """Record several sessions' attendance at once (the diary, a group register): all or none.

    A refusal names the session: errors are keyed ``"<session id>"``.
    """
    entries = list(entries)
    sessions = _locked(entry.session.pk for entry in entries)
    errors: dict[str, list[str]] = {}
    saved = []
    for entry in entries:
        try:
            with transaction.atomic():
                saved.append(_record(sessions[entry.session.pk], by=by, attendance=entry.attendance,
                                     who=entry.who))
        except ValidationError as error:
            errors[str(entry.session.pk)] = error.messages
    if errors:
        transaction.set_rollback(True)
        raise ValidationError(errors)
    return saved
