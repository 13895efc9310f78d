"""Interventions in the family's chronology: enrolments, sessions, VIG filming and clip deletion,
and licence codes issued. Each source runs a fixed number of queries.

Only people who may see the family's interventions see these events; session notes and what was
said about an ending appear only for those who may read case notes. A clip's file name and a
licence code never appear.
"""

import datetime
from collections.abc import Iterator

from django.utils import timezone

from families.chronology import Event, register
from families.models import Family
from interventions import permissions
from interventions.models import Enrolment, LicenceCode, Session, VideoDeletion, VideoRecording
from team.models import User

CATEGORY = "Interventions"


def _actor(user) -> str:
    return str(user) if user else "The system"


def _on(day: datetime.date, *, end_of_day: bool = False) -> datetime.datetime:
    """A date as a moment: the start of the day, or its end so an ending sorts after that day's
    sessions."""
    moment = datetime.time(23, 59, 59) if end_of_day else datetime.time.min
    return timezone.make_aware(datetime.datetime.combine(day, moment))


def _ending(enrolment: Enrolment, notes: bool) -> Event:
    if enrolment.status == Enrolment.Status.COMPLETED:
        title = f"{enrolment.programme} completed"
    else:
        title = f"{enrolment.programme} ended early: {enrolment.get_end_reason_display().lower()}"
    return Event(_on(enrolment.ended_on, end_of_day=True), CATEGORY, title,
                 enrolment.end_note if notes else "", _actor(enrolment.ended_by))


@register
def enrolment_events(*, family: Family, user: User) -> Iterator[Event]:
    if not permissions.can_see_interventions(user, family):
        return
    notes = permissions.can_read_session_notes(user, family)
    rows = Enrolment.objects.filter(case__family=family).select_related(
        "programme", "practitioner", "enrolled_by", "ended_by").prefetch_related("caregivers")
    for enrolment in rows:
        who = ", ".join(caregiver.full_name for caregiver in enrolment.caregivers.all())
        yield Event(enrolment.enrolled_at, CATEGORY, f"Enrolled in {enrolment.programme}",
                    f"{who}, with {enrolment.practitioner}", _actor(enrolment.enrolled_by))
        if enrolment.starts_on and enrolment.status != Enrolment.Status.WAITING:
            yield Event(_on(enrolment.starts_on), CATEGORY, f"{enrolment.programme} started",
                        actor=str(enrolment.practitioner))
        if enrolment.ended_on:
            yield _ending(enrolment, notes)


def _session_title(session: Session) -> str:
    name = session.kind.name if session.kind else "Session"
    title = f"{session.enrolment.programme}: {name.lower() if session.kind else name}"
    if session.cycle:
        title += f" (cycle {session.cycle})"
    outcome = session.get_attendance_display().lower()
    if session.attended and session.who_attended():
        outcome += f" ({', '.join(who.lower() for who in session.who_attended())})"
    return f"{title}, {outcome}"


@register
def session_events(*, family: Family, user: User) -> Iterator[Event]:
    """Sessions whose attendance is recorded: booked sessions are plans, not events."""
    if not permissions.can_see_interventions(user, family):
        return
    notes = permissions.can_read_session_notes(user, family)
    rows = Session.objects.filter(enrolment__case__family=family).exclude(attendance="").select_related(
        "enrolment__programme", "kind", "attendance_recorded_by")
    for session in rows:
        detail = "\n\n".join(text for text in (session.notes, session.next_steps) if text) if notes else ""
        yield Event(session.starts_at, CATEGORY, _session_title(session), detail,
                    _actor(session.attendance_recorded_by))


@register
def video_events(*, family: Family, user: User) -> Iterator[Event]:
    if not permissions.can_see_interventions(user, family):
        return
    recordings = VideoRecording.objects.filter(enrolment__case__family=family).select_related(
        "enrolment__programme", "recorded_by")
    for recording in recordings:
        yield Event(recording.recorded_at, CATEGORY, f"{recording.enrolment.programme}: filmed on "
                    f"{recording.filmed_on:%-d %B %Y}", actor=_actor(recording.recorded_by))
    deletions = VideoDeletion.objects.filter(recording__enrolment__case__family=family).select_related(
        "recording", "deleted_by")
    for deletion in deletions:
        yield Event(deletion.deleted_at, CATEGORY,
                    f"Video clip filmed on {deletion.recording.filmed_on:%-d %B %Y} deleted",
                    deletion.get_reason_display(), _actor(deletion.deleted_by))


@register
def licence_events(*, family: Family, user: User) -> Iterator[Event]:
    if not permissions.can_see_interventions(user, family):
        return
    codes = LicenceCode.objects.filter(
        enrolment__case__family=family, issued_at__isnull=False,
    ).select_related("programme", "caregiver", "issued_by")
    for licence in codes:
        yield Event(licence.issued_at, CATEGORY, f"{licence.programme} licence code issued to "
                    f"{licence.caregiver.full_name}", actor=_actor(licence.issued_by))
