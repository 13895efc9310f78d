"""The referrals dashboard's figures: referrals by month, source and channel, triage outcomes,
waiting times and the triage queue. Reads only.

Every figure is computed by the database: counts with ``values().annotate(Count(...))``,
months with ``TruncMonth`` in the service's time zone, and waiting times as percentiles.

Percentiles (the median is the 50th) are the continuous, linearly interpolated kind: sort the
n waits x[0] <= ... <= x[n-1], take the position h = p * (n - 1), and answer
x[floor(h)] + (h - floor(h)) * (x[floor(h) + 1] - x[floor(h)]). It is PostgreSQL's
``percentile_cont``, Excel's ``PERCENTILE.INC`` and numpy's default, so the median of an even
number of waits is the mean of the middle two. PostgreSQL computes it with ``percentile_cont``;
other databases (SQLite, for ``make test``) with a window-function query that numbers the sorted
waits and interpolates between the two either side of h. Both give the same answer.
"""

import datetime
from dataclasses import dataclass, field

from django import forms
from django.core.exceptions import ValidationError
from django.db import connections
from django.db.models import (
    Aggregate,
    Case,
    Count,
    DateField,
    F,
    FloatField,
    Func,
    Max,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
    Window,
)
from django.db.models.functions import Floor, RowNumber, TruncMonth
from django.utils import timezone
from django.utils.formats import date_format

from piew.forms import GovDateField, GovForm
from referrals.models import Channel, Referral, Source
from referrals.transitions import TRIAGE_SOURCES, Status
from team.models import Hub

MONTHS_SHOWN = 12
PERCENTILES = {"median": 0.5, "p90": 0.9}


class Outcome:
    """A triage outcome, read from where the referral is now."""

    ACCEPTED, MORE_INFO, DECLINED = "accepted", "more_info", "declined"
    SIGNPOSTED, DUPLICATE, NOT_TRIAGED = "signposted", "duplicate", "not_triaged"
    LABELS = {
        ACCEPTED: "Accepted", MORE_INFO: "More information requested", DECLINED: "Declined",
        SIGNPOSTED: "Signposted", DUPLICATE: "Duplicate", NOT_TRIAGED: "Not triaged yet",
    }
    # Every status a referral can reach once accepted.
    STATUSES = {
        ACCEPTED: (Status.AWAITING_CONTACT, Status.UNABLE_TO_CONTACT, Status.AWAITING_ASSESSMENT,
                   Status.DECLINED_BY_FAMILY, Status.NOT_CONTACTED),
        MORE_INFO: (Status.MORE_INFO,),
        DECLINED: (Status.DECLINED,),
        SIGNPOSTED: (Status.SIGNPOSTED,),
        DUPLICATE: (Status.DUPLICATE,),
        NOT_TRIAGED: (Status.NEW,),
    }


def _start_of(day: datetime.date) -> datetime.datetime:
    """Midnight at the start of the day, in the service's time zone."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _add_months(month: datetime.date, count: int) -> datetime.date:
    index = month.year * 12 + month.month - 1 + count
    return datetime.date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True)
class ReportFilter:
    """Which referrals the figures count: received between two dates (both included), at a hub."""

    received_from: datetime.date | None = None
    received_to: datetime.date | None = None
    hub: Hub | None = None

    def referrals(self) -> QuerySet[Referral]:
        referrals = Referral.objects.order_by()
        if self.received_from:
            referrals = referrals.filter(received_at__gte=_start_of(self.received_from))
        if self.received_to:
            referrals = referrals.filter(
                received_at__lt=_start_of(self.received_to + datetime.timedelta(days=1)))
        if self.hub:
            referrals = referrals.filter(hub=self.hub)
        return referrals

    def months(self, today: datetime.date) -> list[datetime.date]:
        """The first day of each month shown: the last 12 of the range, up to its end or today."""
        end = (self.received_to or max(today, self.received_from or today)).replace(day=1)
        start = _add_months(end, 1 - MONTHS_SHOWN)
        if self.received_from and self.received_from.replace(day=1) > start:
            start = self.received_from.replace(day=1)
        return [_add_months(start, n) for n in range(MONTHS_SHOWN) if _add_months(start, n) <= end]


class DaysBetween(Func):
    """The time from ``start`` to ``end`` in days, fractional."""

    arity = 2
    output_field = FloatField()

    def __init__(self, end, start, **extra):
        super().__init__(end, start, **extra)

    def as_sql(self, compiler, connection, **extra_context):  # PostgreSQL
        return super().as_sql(
            compiler, connection, arg_joiner=" - ",
            template="(CAST(EXTRACT(EPOCH FROM (%(expressions)s)) AS double precision) / 86400.0)",
            **extra_context)

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, arg_joiner=") - julianday(",
                              template="(julianday(%(expressions)s))", **extra_context)


class PercentileCont(Aggregate):
    """PostgreSQL's ``percentile_cont(fraction) WITHIN GROUP (ORDER BY expression)``."""

    function = "PERCENTILE_CONT"
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()

    def __init__(self, expression, *, fraction: float, **extra):
        super().__init__(expression, fraction=repr(float(fraction)), **extra)


def _percentiles_native(waits: QuerySet, name: str) -> dict:
    return waits.aggregate(
        count=Count("pk"),
        **{key: PercentileCont(name, fraction=p) for key, p in PERCENTILES.items()},
    )


def _interpolated(name: str, fraction: float) -> Sum:
    """Over rows numbered 1..n in order of ``name``: the two rows either side of h, weighted."""
    position = Value(fraction) * (F("_n") - 1)
    below = Floor(position)
    weight = position - below
    return Sum(
        Case(
            When(Q(_row=below + 1), then=F(name) * (1 - weight)),
            When(Q(_row=below + 2), then=F(name) * weight),
            default=Value(0.0),
            output_field=FloatField(),
        ),
        output_field=FloatField(),
    )


def _percentiles_windowed(waits: QuerySet, name: str) -> dict:
    ranked = waits.annotate(_row=Window(RowNumber(), order_by=[F(name).asc(), F("pk").asc()]),
                            _n=Window(Count("pk")))
    result = ranked.aggregate(
        count=Max("_n"), **{key: _interpolated(name, p) for key, p in PERCENTILES.items()})
    return {**result, "count": result["count"] or 0}


def percentiles(waits: QuerySet, name: str, *, native: bool | None = None) -> dict:
    """{"count", "median", "p90"} of the annotation ``name``; None for each with no rows.

    ``native`` chooses PostgreSQL's own aggregate; by default, wherever it is available.
    """
    if native is None:
        native = connections[waits.db].vendor == "postgresql"
    return _percentiles_native(waits, name) if native else _percentiles_windowed(waits, name)


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    count: int


@dataclass(frozen=True)
class MonthRow:
    month: datetime.date
    count: int


@dataclass(frozen=True)
class Wait:
    label: str
    count: int
    median: float | None
    p90: float | None


@dataclass(frozen=True)
class Queue:
    count: int
    oldest: Referral | None = None
    oldest_days: float | None = None


def referrals_by_month(filters: ReportFilter, *, today: datetime.date) -> list[MonthRow]:
    months = filters.months(today)
    if not months:
        return []
    counts = dict(
        filters.referrals()
        .filter(received_at__gte=_start_of(months[0]), received_at__lt=_start_of(_add_months(months[-1], 1)))
        .annotate(month=TruncMonth("received_at", output_field=DateField()))
        .values("month").annotate(count=Count("pk")).values_list("month", "count")
    )
    return [MonthRow(month=month, count=counts.get(month, 0)) for month in months]


def _counted_by(filters: ReportFilter, name: str, choices) -> list[Row]:
    counts = dict(filters.referrals().values(name).annotate(count=Count("pk")).values_list(name, "count"))
    return [Row(key=key, label=label, count=counts.get(key, 0)) for key, label in choices]


def referrals_by_source(filters: ReportFilter) -> list[Row]:
    return _counted_by(filters, "source", Source.choices)


def referrals_by_channel(filters: ReportFilter) -> list[Row]:
    return _counted_by(filters, "channel", Channel.choices)


def triage_outcomes(filters: ReportFilter) -> list[Row]:
    outcome = Case(
        *(When(status__in=statuses, then=Value(key)) for key, statuses in Outcome.STATUSES.items()),
        default=Value(Outcome.NOT_TRIAGED),
    )
    referrals = filters.referrals().annotate(outcome=outcome)
    return _counted_by_annotation(referrals, "outcome", Outcome.LABELS.items())


def _counted_by_annotation(referrals: QuerySet, name: str, choices) -> list[Row]:
    counts = dict(referrals.values(name).annotate(count=Count("pk")).values_list(name, "count"))
    return [Row(key=key, label=label, count=counts.get(key, 0)) for key, label in choices]


WAITS = (
    ("Received to first triage decision", "first_triaged_at"),
    ("Received to first contact", "first_contact_at"),
)


def waiting_times(filters: ReportFilter) -> list[Wait]:
    """Median and 90th percentile days, each over the referrals that reached that step.

    The wait for triage ends at the first decision (asking for more information counts), so a
    referral triaged again later keeps the wait the family first had.
    """
    waits = []
    for label, step in WAITS:
        reached = filters.referrals().filter(**{f"{step}__isnull": False}).annotate(
            days=DaysBetween(F(step), F("received_at")))
        figures = percentiles(reached, "days")
        waits.append(Wait(label=label, count=figures["count"], median=figures["median"],
                          p90=figures["p90"]))
    return waits


def triage_queue(filters: ReportFilter, *, now: datetime.datetime) -> Queue:
    """Referrals waiting for triage (new, or more information asked for) and the oldest of them."""
    waiting = filters.referrals().filter(status__in=TRIAGE_SOURCES)
    oldest = (waiting.annotate(days=DaysBetween(Value(now), F("received_at")))
              .order_by("received_at", "pk").only("pk", "received_at").first())
    if oldest is None:
        return Queue(count=0)
    return Queue(count=waiting.count(), oldest=oldest, oldest_days=oldest.days)


@dataclass(frozen=True)
class Dashboard:
    filters: ReportFilter
    by_month: list[MonthRow]
    by_source: list[Row]
    by_channel: list[Row]
    outcomes: list[Row]
    waits: list[Wait]
    queue: Queue
    total: int = field(init=False)

    def __post_init__(self):
        object.__setattr__(self, "total", sum(row.count for row in self.by_source))


def referrals_dashboard(*, filters: ReportFilter, now: datetime.datetime | None = None) -> Dashboard:
    now = now or timezone.now()
    return Dashboard(
        filters=filters,
        by_month=referrals_by_month(filters, today=timezone.localdate(now)),
        by_source=referrals_by_source(filters),
        by_channel=referrals_by_channel(filters),
        outcomes=triage_outcomes(filters),
        waits=waiting_times(filters),
        queue=triage_queue(filters, now=now),
    )


class DashboardFilterForm(GovForm):
    """The dashboard's filters, as GOV.UK date inputs and a choice of hub."""

    submit_label = "Show figures"

    received_from = GovDateField(label="Received from", required=False,
                                 help_text="For example, 1 4 2025")
    received_to = GovDateField(label="Received to", required=False,
                               help_text="For example, 31 3 2026")
    hub = forms.ModelChoiceField(label="Family Hub", queryset=Hub.objects.all(), required=False,
                                 empty_label="All Family Hubs")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.form_method = "get"
        self.helper.disable_csrf = True

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("received_from"), cleaned.get("received_to")
        if start and end and end < start:
            raise ValidationError({"received_to": (
                f"Received to must be the same as or after {date_format(start, 'j F Y')}")})
        return cleaned

    def filters(self) -> ReportFilter:
        """The filters chosen; call after ``is_valid()``."""
        data = self.cleaned_data
        return ReportFilter(received_from=data.get("received_from"),
                            received_to=data.get("received_to"), hub=data.get("hub"))
