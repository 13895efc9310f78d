"""Referral events in the family's chronology."""

from collections.abc import Iterator

from families.chronology import Event, register
from families.models import Family
from families.policy import can_read_team_record
from referrals.models import ContactAttempt, OnwardReferral, Referral
from team.models import User


def _actor(user) -> str:
    return str(user) if user else "The system"


@register
def referral_events(*, family: Family, user: User) -> Iterator[Event]:
    if not can_read_team_record(user, family):
        return
    for referral in Referral.objects.filter(family=family).select_related("triaged_by"):
        yield Event(referral.received_at, "Referral", f"Referral {referral.reference} received",
                    f"{referral.get_source_display()} by {referral.get_channel_display().lower()}")
        if referral.triaged_at:
            yield Event(referral.triaged_at, "Referral",
                        f"Referral {referral.reference}: {referral.get_status_display()}",
                        referral.decision_note, _actor(referral.triaged_by))


@register
def contact_events(*, family: Family, user: User) -> Iterator[Event]:
    if not can_read_team_record(user, family):
        return
    attempts = ContactAttempt.objects.filter(referral__family=family).select_related("recorded_by")
    for attempt in attempts:
        yield Event(attempt.attempted_at, "First contact",
                    f"Contact attempt: {attempt.get_method_display().lower()}, "
                    f"{attempt.get_outcome_display().lower()}", attempt.note, _actor(attempt.recorded_by))


@register
def onward_referral_events(*, family: Family, user: User) -> Iterator[Event]:
    if not can_read_team_record(user, family):
        return
    onward = OnwardReferral.objects.filter(family=family).select_related("organisation", "made_by")
    for item in onward:
        yield Event(item.created_at, "Onward referral", f"Referred on to {item.organisation}",
                    item.reason, _actor(item.made_by))
