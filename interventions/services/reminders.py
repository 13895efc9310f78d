"""Reminders on a practitioner's task list, raised every morning: sessions whose attendance
was not recorded two days after they were due, and active enrolments with no session for
21 days. Each practitioner gets one email a day with counts only: nothing about any family.
"""

import datetime
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Exists, F, Max, OuterRef, Q, QuerySet
from django.db.models.functions import TruncDate
from django.urls import reverse
from django.utils import timezone

from interventions.models import Enrolment, Reminder, Session
from interventions.models.reminders import ATTENDANCE_GRACE_DAYS, QUIET_DAYS
from team.models import User

logger = logging.getLogger(__name__)

CANCELLED = (Session.Attendance.CANCELLED_BY_FAMILY, Session.Attendance.CANCELLED_BY_SERVICE)


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def sessions_missing_attendance(today: datetime.date) -> QuerySet[Session]:
    """Sessions due at least the grace days before today with no attendance recorded, of
    enrolments that had not ended before the session."""
    cutoff = _start_of(today - datetime.timedelta(days=ATTENDANCE_GRACE_DAYS - 1))
    not_ended = Q(enrolment__ended_on__isnull=True) | Q(enrolment__ended_on__gte=F("day"))
    return Session.objects.filter(attendance="", starts_at__lt=cutoff).annotate(
        day=TruncDate("starts_at")).filter(not_ended)


def _raise_attendance(today: datetime.date) -> int:
    sessions = sessions_missing_attendance(today).exclude(
        reminders__kind=Reminder.Kind.ATTENDANCE_MISSING).select_related("enrolment")
    raised = [Reminder(kind=Reminder.Kind.ATTENDANCE_MISSING, session=session, raised_on=today,
                       practitioner_id=session.enrolment.practitioner_id, enrolment_id=session.enrolment_id)
              for session in sessions]
    return len(Reminder.objects.bulk_create(raised, ignore_conflicts=True))


def _quiet_since(enrolment: Enrolment) -> datetime.date:
    """The day the gap is counted from: the last session booked or held, else the start."""
    if enrolment.last_session:
        return timezone.localdate(enrolment.last_session)
    return enrolment.starts_on or timezone.localdate(enrolment.enrolled_at)


def _raise_quiet(today: datetime.date) -> int:
    active = Enrolment.objects.filter(status=Enrolment.Status.ACTIVE).annotate(
        last_session=Max("sessions__starts_at", filter=~Q(sessions__attendance__in=CANCELLED)))
    quiet_from = today - datetime.timedelta(days=QUIET_DAYS)
    raised = [Reminder(kind=Reminder.Kind.NO_RECENT_SESSION, practitioner_id=enrolment.practitioner_id,
                       enrolment=enrolment, quiet_since=since, raised_on=today)
              for enrolment in active if (since := _quiet_since(enrolment)) <= quiet_from]
    known = set(Reminder.objects.filter(
        kind=Reminder.Kind.NO_RECENT_SESSION, enrolment_id__in=[reminder.enrolment_id for reminder in raised],
    ).values_list("enrolment_id", "quiet_since"))
    fresh = [reminder for reminder in raised if (reminder.enrolment_id, reminder.quiet_since) not in known]
    return len(Reminder.objects.bulk_create(fresh, ignore_conflicts=True))


def _session_since_quiet() -> Exists:
    """For a quiet reminder: a session booked or held after the day its gap is counted from."""
    return Exists(Session.objects.filter(enrolment=OuterRef("enrolment")).exclude(attendance__in=CANCELLED)
                  .annotate(day=TruncDate("starts_at")).filter(day__gt=OuterRef("quiet_since")))


def _no_longer_apply() -> Q:
    return (Q(kind=Reminder.Kind.ATTENDANCE_MISSING) & ~Q(session__attendance="")) | (
        Q(kind=Reminder.Kind.NO_RECENT_SESSION)
        & (Q(session_since=True) | ~Q(enrolment__status=Enrolment.Status.ACTIVE)))


def open_reminders() -> QuerySet[Reminder]:
    """Reminders not resolved and still true: no attendance since, no session since."""
    return Reminder.objects.filter(resolved_at__isnull=True).annotate(
        session_since=_session_since_quiet()).exclude(_no_longer_apply())


def reminders_resolve_stale() -> int:
    """Close reminders that no longer apply: attendance since recorded, a session since booked."""
    stale = Reminder.objects.filter(resolved_at__isnull=True).annotate(
        session_since=_session_since_quiet()).filter(_no_longer_apply())
    return Reminder.objects.filter(pk__in=list(stale.values_list("pk", flat=True))).update(
        resolved_at=timezone.now())


def reminders_raise(*, today: datetime.date) -> int:
    """Raise today's reminders. Each session, and each gap in an enrolment, is reminded once:
    the unique constraints make a second run, or two at once, add nothing."""
    reminders_resolve_stale()
    return _raise_attendance(today) + _raise_quiet(today)


def tasks_for(*, practitioner: User) -> QuerySet[Reminder]:
    """The practitioner's open reminders, for the enrolments they deliver now."""
    return open_reminders().filter(enrolment__practitioner=practitioner).select_related(
        "enrolment__case__family", "enrolment__programme", "session").order_by("raised_on", "pk")


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def _digest(attendance: int, quiet: int) -> str:
    parts = []
    if attendance:
        parts.append(f"{_plural(attendance, 'session needs', 'sessions need')} attendance recording")
    if quiet:
        parts.append(f"{_plural(quiet, 'family has', 'families have')} had no session for {QUIET_DAYS} days")
    link = settings.SITE_URL + reverse("interventions:tasks")
    return f"{'; '.join(parts)}.\n\nSign in to see your task list: {link}\n"


def _claim_for(practitioner: User) -> tuple[datetime.datetime, int, int]:
    """Mark the practitioner's open, unemailed reminders as emailed now. The conditional
    update means a reminder is claimed by one run only; the time stamps this run's claim."""
    stamp = timezone.now()
    waiting = tasks_for(practitioner=practitioner).filter(emailed_at__isnull=True)
    ids = list(waiting.values_list("pk", flat=True))
    Reminder.objects.filter(pk__in=ids, emailed_at__isnull=True, resolved_at__isnull=True).update(
        emailed_at=stamp)
    claimed = Reminder.objects.filter(pk__in=ids, emailed_at=stamp)
    attendance = claimed.filter(kind=Reminder.Kind.ATTENDANCE_MISSING).count()
    return stamp, attendance, claimed.count() - attendance


def _send_digest(practitioner: User) -> bool:
    stamp, attendance, quiet = _claim_for(practitioner)
    if not attendance and not quiet:
        return False
    try:
        send_mail(subject="Your PIEW task list",
                  message=f"Hello {practitioner.first_name or practitioner},\n\n{_digest(attendance, quiet)}",
                  from_email=settings.DEFAULT_FROM_EMAIL, recipient_list=[practitioner.email])
    except OSError:
        Reminder.objects.filter(enrolment__practitioner=practitioner, emailed_at=stamp).update(
            emailed_at=None)
        raise
    return True


def reminder_digest_send(*, today: datetime.date) -> int:
    """One email to each practitioner with new reminders, giving only how many. Each reminder
    is emailed once; reminders that no longer apply are not sent."""
    waiting = open_reminders().filter(emailed_at__isnull=True).values("enrolment__practitioner")
    practitioners = User.objects.filter(pk__in=waiting, is_active=True).exclude(email="")
    sent = sum(_send_digest(practitioner) for practitioner in practitioners)
    logger.info("Reminder emails sent to %s practitioners on %s", sent, today)
    return sent
