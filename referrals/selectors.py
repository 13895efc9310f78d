"""Reads of referrals for the triage queue and the referral page, always through the access rules
in referrals.permissions."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import DateField, Func, IntegerField, QuerySet, Value
from django.db.models.functions import Coalesce, TruncDate
from django.http import Http404
from django.utils import timezone

from families import linkage
from referrals.models import Referral
from referrals.permissions import referrals_visible_to
from referrals.transitions import OPEN_STATUSES, Status
from team.models import User

# The status filter's value that shows referrals in every state.
ANY_STATUS = "any"


class DaysBetween(Func):
    """Whole calendar days from the first date to the second, as an integer, in SQL."""

    arity = 2
    output_field = IntegerField()
    arg_joiner = " - "
    template = "(%(expressions)s)"  # PostgreSQL: date - date is a whole number of days

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, template="CAST(julianday(%(expressions)s) AS INTEGER)",
                           arg_joiner=") - julianday(", **extra_context)

    def __init__(self, start, end, **extra):
        # Written end - start, so the expressions go in that order.
        super().__init__(end, start, **extra)


def _local_day(field: str) -> TruncDate:
    return TruncDate(field, tzinfo=ZoneInfo(settings.TIME_ZONE))


def _with_days_waiting(referrals: QuerySet[Referral]) -> QuerySet[Referral]:
    """``days_waiting``: days from the day it was received to the day it closed, or to today."""
    today = Value(timezone.localdate(), output_field=DateField())
    return referrals.annotate(
        days_waiting=DaysBetween(_local_day("received_at"), Coalesce(_local_day("closed_at"), today)),
    )


def referral_queue(*, user: User, filters: dict[str, Any]) -> QuerySet[Referral]:
    """The referrals the user may see, oldest first: open ones unless a status is chosen.

    ``filters`` may hold ``status`` (a status, or ``"any"``), ``source``, ``channel`` and ``hub``.
    """
    referrals = referrals_visible_to(user)
    status = filters.get("status")
    if not status:
        referrals = referrals.filter(status__in=OPEN_STATUSES)
    elif status != ANY_STATUS:
        referrals = referrals.filter(status=status)
    for name in ("source", "channel", "hub"):
        if filters.get(name):
            referrals = referrals.filter(**{name: filters[name]})
    return _with_days_waiting(referrals).select_related("hub").order_by("received_at", "pk")


def new_referral_count() -> int:
    return Referral.objects.filter(status=Status.NEW).count()


@dataclass(frozen=True)
class PossibleMatch:
    """A family or another open referral that may be the same parent."""

    kind: str  # "family" or "referral"
    pk: int
    reference: str
    name: str
    postcode: str
    reason: str


def _person(referral: Referral) -> linkage.Person:
    return linkage.Person(referral.parent_first_name, referral.parent_last_name,
                          referral.parent_date_of_birth, referral.postcode, referral.parent_nhs_number)


def _family_matches(referrals: list[Referral]) -> dict[int, list[PossibleMatch]]:
    people = {referral.pk: _person(referral) for referral in referrals}
    linked = {referral.pk: referral.family_id for referral in referrals}
    found = linkage.possible_duplicates_for_many(people, exclude_families=linked)
    return {
        pk: [PossibleMatch("family", match.family.pk, match.family.reference, match.caregiver.full_name,
                           match.family.postcode, match.reason) for match in matches]
        for pk, matches in found.items()
    }


def _referral_matches(referrals: list[Referral]) -> dict[int, list[PossibleMatch]]:
    """Other open referrals that may be for the same parent, for all the referrals in one query."""
    people = {referral.pk: _person(referral).normalised() for referral in referrals}
    index = linkage.BlockingIndex(people)
    condition = linkage.blocking(people.values(), nhs_number="parent_nhs_number",
                                 date_of_birth="parent_date_of_birth", postcode="postcode")
    candidates = Referral.objects.filter(condition, status__in=OPEN_STATUSES).order_by("received_at", "pk")
    found: dict[int, list[PossibleMatch]] = {pk: [] for pk in people}
    for candidate in candidates[:linkage.MAX_CANDIDATES * len(people)]:
        other = _person(candidate).normalised()
        for pk in index.keys_for(other) - {candidate.pk}:
            reason = linkage.match_reason(people[pk], other)
            if reason:
                found[pk].append(PossibleMatch("referral", candidate.pk, candidate.reference,
                                               candidate.parent_name, candidate.postcode, reason))
    return found


def possible_duplicates(referrals: Iterable[Referral]) -> dict[int, list[PossibleMatch]]:
    """For each referral (by pk): open referrals, then families, that may be the same parent.

    Two queries for any number of referrals."""
    referrals = list(referrals)
    if not referrals:
        return {}
    by_referral = _referral_matches(referrals)
    for pk, matches in _family_matches(referrals).items():
        by_referral[pk].extend(matches)
    return by_referral


def referral_detail(*, user: User, pk: int) -> Referral:
    """The referral with everything its page shows, or 404 if the user may not see it."""
    try:
        return (
            referrals_visible_to(user).filter(pk=pk)
            .select_related("hub", "referrer_partner", "family", "triaged_by", "created_by",
                            "signposted_to", "duplicate_of")
            .prefetch_related("reasons", "duplicates")
            .get()
        )
    except (Referral.DoesNotExist, ValueError, TypeError):
        raise Http404("No referral found") from None


@dataclass(frozen=True)
class TimelineEvent:
    when: datetime
    title: str
    actor: str = ""
    detail: str = ""
    days_after_received: int | None = None  # None for the referral's arrival itself


@dataclass(frozen=True)
class Wait:
    """How long after the referral arrived a step happened (``days`` None: not yet)."""

    step: str
    when: datetime | None
    days: int | None


@dataclass(frozen=True)
class ReferralTimeline:
    events: list[TimelineEvent]  # newest first, as the MOJ timeline shows them
    waits: list[Wait]
    days_open: int | None  # days since it arrived, while it is open


# What a move into each state is called on the timeline.
EVENT_TITLES = {
    Status.NEW: "Information received",
    Status.MORE_INFO: "More information requested",
    Status.AWAITING_CONTACT: "Accepted: awaiting first contact",
    Status.UNABLE_TO_CONTACT: "Unable to contact",
    Status.AWAITING_ASSESSMENT: "Family agreed to take part: awaiting assessment",
    Status.DECLINED_BY_FAMILY: "Family declined the service: closed",
    Status.NOT_CONTACTED: "Closed: could not contact",
    Status.DECLINED: "Declined: closed",
    Status.SIGNPOSTED: "Signposted: closed",
    Status.DUPLICATE: "Marked as a duplicate: closed",
}


def _days_between(start: datetime, end: datetime) -> int:
    return (timezone.localdate(end) - timezone.localdate(start)).days


def _actor(record, previous) -> str:
    """Who made the change: the person a triage decision names, or whoever was signed in."""
    if record.triaged_at != previous.triaged_at and record.triaged_by:
        return str(record.triaged_by)
    return str(record.history_user or "")


def _status_events(referral: Referral) -> list[TimelineEvent]:
    """Each change of state, from the referral's history: when, by whom and the note given."""
    events, previous = [], None
    history = referral.history.select_related("history_user", "triaged_by").order_by("history_id")
    for record in history:
        if previous is not None and record.status != previous.status:
            title = EVENT_TITLES.get(record.status, record.get_status_display())
            if previous.status == Status.UNABLE_TO_CONTACT and record.status == Status.AWAITING_CONTACT:
                title = "Trying to contact the family again"
            note = record.decision_note if record.decision_note != previous.decision_note else ""
            events.append(TimelineEvent(record.history_date, title, _actor(record, previous), note,
                                        _days_between(referral.received_at, record.history_date)))
        previous = record
    return events


def _contact_events(referral: Referral) -> list[TimelineEvent]:
    events = []
    for attempt in referral.contact_attempts.select_related("recorded_by"):
        first = attempt.attempted_at == referral.first_contact_at
        title = "First contact" if first else "Contact attempt"
        events.append(TimelineEvent(
            attempt.attempted_at,
            f"{title}: {attempt.get_method_display().lower()}, {attempt.get_outcome_display().lower()}",
            str(attempt.recorded_by), attempt.note,
            _days_between(referral.received_at, attempt.attempted_at),
        ))
    return events


def _received_event(referral: Referral) -> TimelineEvent:
    how = f"{referral.get_source_display()} by {referral.get_channel_display().lower()}"
    return TimelineEvent(referral.received_at, "Referral received", str(referral.created_by or ""), how)


def referral_timeline(referral: Referral) -> ReferralTimeline:
    """The referral's steps (received, triaged, contacted, closed) and the days each took."""
    events = [_received_event(referral), *_status_events(referral), *_contact_events(referral)]
    events.sort(key=lambda event: event.when, reverse=True)
    received = referral.received_at
    waits = [
        Wait(step, when, _days_between(received, when) if when else None)
        for step, when in (("Triaged", referral.triaged_at), ("First contact", referral.first_contact_at),
                           ("Closed", referral.closed_at))
    ]
    days_open = None if referral.closed_at else _days_between(received, timezone.now())
    return ReferralTimeline(events, waits, days_open)
