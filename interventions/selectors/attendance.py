"""The team lead's attendance rates by intervention and by who attended, counted in SQL."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from families.models import Caregiver
from interventions.models import Enrolment, Programme, Session

A = Session.Attendance
# Sessions with the family (not work without them, such as VIG micro-analysis).
WITH_FAMILY = Q(kind__isnull=True) | Q(kind__with_family=True)
# A session was due when its attendance was recorded and the service did not cancel it.
DUE = ~Q(attendance="") & ~Q(attendance=A.CANCELLED_BY_SERVICE)


@dataclass
class AttendanceRow:
    """One intervention's sessions due in the period and what happened at them."""

    programme: Programme
    due: int = 0
    attended: int = 0
    did_not_attend: int = 0
    cancelled_by_family: int = 0
    with_mother: int = 0
    with_father: int = 0
    with_other_carer: int = 0
    families_with_father: int = 0

    @staticmethod
    def _percent(part: int, whole: int) -> int | None:
        return round(100 * part / whole) if whole else None

    @property
    def rate(self) -> int | None:
        """Attended as a whole-number percentage of the sessions due, or None with none due."""
        return self._percent(self.attended, self.due)

    @property
    def mother_share(self) -> int | None:
        return self._percent(self.with_mother, self.attended)

    @property
    def father_share(self) -> int | None:
        return self._percent(self.with_father, self.attended)

    @property
    def other_carer_share(self) -> int | None:
        return self._percent(self.with_other_carer, self.attended)


COUNTED = ("due", "attended", "did_not_attend", "cancelled_by_family", "with_mother", "with_father",
           "with_other_carer", "families_with_father")


@dataclass
class AttendanceRates:
    starts_on: datetime.date
    ends_on: datetime.date
    rows: list[AttendanceRow]
    total: AttendanceRow = field(init=False)

    def __post_init__(self) -> None:
        self.total = AttendanceRow(programme=None)
        for name in COUNTED:
            setattr(self.total, name, sum(getattr(row, name) for row in self.rows))


def _session_counts(sessions: QuerySet) -> dict[int, dict]:
    attended = Q(attendance=A.ATTENDED)
    rows = sessions.values("enrolment__programme").annotate(
        due=Count("pk"),
        attended=Count("pk", filter=attended),
        did_not_attend=Count("pk", filter=Q(attendance=A.DID_NOT_ATTEND)),
        cancelled_by_family=Count("pk", filter=Q(attendance=A.CANCELLED_BY_FAMILY)),
        with_mother=Count("pk", filter=attended & Q(mother_attended=True)),
        with_father=Count("pk", filter=attended & Q(father_attended=True)),
        with_other_carer=Count("pk", filter=attended & Q(other_carer_attended=True)),
    ).order_by()
    return {row.pop("enrolment__programme"): row for row in rows}


def _families_with_father(enrolments: QuerySet) -> dict[int, int]:
    """Families with a father taking part in an enrolment open during the period, by intervention."""
    rows = enrolments.filter(caregivers__relationship=Caregiver.Relationship.FATHER).values(
        "programme").annotate(families=Count("case__family", distinct=True)).order_by()
    return {row["programme"]: row["families"] for row in rows}


def _period(starts_on: datetime.date, ends_on: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    def midnight(day: datetime.date) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
    return midnight(starts_on), midnight(ends_on + datetime.timedelta(days=1))


def default_period(today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    """The last 12 months, to today."""
    today = today or timezone.localdate()
    try:
        year_ago = today.replace(year=today.year - 1)
    except ValueError:  # 29 February
        year_ago = today.replace(year=today.year - 1, day=28)
    return year_ago + datetime.timedelta(days=1), today


def attendance_rates(*, starts_on: datetime.date | None = None, ends_on: datetime.date | None = None,
                     programme: Programme | None = None) -> AttendanceRates:
    """Sessions due between the dates (inclusive) by intervention: attended, did not attend,
    cancelled by the family and the attendance rate; of the sessions attended, how many the
    mother, the father and another carer were at; and the families with a father taking part.
    Three queries."""
    default_start, default_end = default_period()
    starts_on, ends_on = starts_on or default_start, ends_on or default_end
    since, until = _period(starts_on, ends_on)
    sessions = Session.objects.filter(DUE, WITH_FAMILY, starts_at__gte=since, starts_at__lt=until)
    enrolments = Enrolment.objects.filter(enrolled_at__lt=until).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=starts_on))
    programmes = Programme.objects.order_by("name")
    if programme is not None:
        sessions = sessions.filter(enrolment__programme=programme)
        enrolments = enrolments.filter(programme=programme)
        programmes = programmes.filter(pk=programme.pk)
    counts, fathers = _session_counts(sessions), _families_with_father(enrolments)
    rows = []
    for entry in programmes:
        if entry.pk not in counts and entry.pk not in fathers and not entry.active:
            continue  # withdrawn and nothing in the period: not worth a row
        rows.append(AttendanceRow(programme=entry, **counts.get(entry.pk, {}),
                                  families_with_father=fathers.get(entry.pk, 0)))
    return AttendanceRates(starts_on=starts_on, ends_on=ends_on, rows=rows)
