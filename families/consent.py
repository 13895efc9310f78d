"""The current state of a parent's consent: the latest decision recorded for the purpose.

Records are never changed; the current state of each consent is the newest record for its
key (parent or carer, purpose and, for sharing with a partner, the organisation).

Withdrawal hooks
----------------
A higher app that schedules work a consent covers (feedback requests, video kept for
training) registers a callback in its ``AppConfig.ready()``::

    from families.consent import on_withdrawn

    @on_withdrawn(ConsentRecord.Purpose.FEEDBACK_CONTACT)
    def cancel_feedback_requests(*, caregiver, purpose, record):
        ...

The callback runs once, after the transaction that recorded the withdrawal (or refusal)
commits, and never when it rolls back. It takes keyword arguments: the caregiver, the
purpose and the new ConsentRecord. This app never imports the apps that register.
"""

from collections.abc import Callable
from dataclasses import dataclass

from families.models import Caregiver, ConsentRecord, Family

Key = tuple[int, str, int | None]
Hook = Callable[..., None]
_withdrawal_hooks: dict[str, list[Hook]] = {}

# Feedback contact channels, and the parent's detail each needs.
CHANNEL_DETAIL = {"email": "email", "text": "mobile", "sms": "mobile"}
NOT_GIVEN = (ConsentRecord.Decision.WITHDRAWN, ConsentRecord.Decision.REFUSED)


def on_withdrawn(purpose: str) -> Callable[[Hook], Hook]:
    """Register a callback for when a parent withdraws (or refuses) consent for the purpose."""

    def register(callback: Hook) -> Hook:
        hooks = _withdrawal_hooks.setdefault(purpose, [])
        if callback not in hooks:
            hooks.append(callback)
        return callback

    return register


def withdrawal_hooks(purpose: str) -> list[Hook]:
    return list(_withdrawal_hooks.get(purpose, []))


def consent_current(*, caregiver: Caregiver, purpose: str, organisation=None) -> ConsentRecord | None:
    records = ConsentRecord.objects.filter(caregiver=caregiver, purpose=purpose)
    if organisation is not None:
        records = records.filter(organisation=organisation)
    return records.order_by("-recorded_at", "-pk").first()


def consent_is_given(*, caregiver: Caregiver, purpose: str, organisation=None) -> bool:
    latest = consent_current(caregiver=caregiver, purpose=purpose, organisation=organisation)
    return latest is not None and latest.decision == ConsentRecord.Decision.GIVEN


def family_consent_given(*, family, purpose: str) -> bool:
    """True when a parent or carer in the family has this consent given, as their latest say."""
    return any(
        record.decision == ConsentRecord.Decision.GIVEN
        for record in family_consent_state(family=family).values()
        if record.purpose == purpose
    )


def family_consent_state(*, family: Family) -> dict[Key, ConsentRecord]:
    """The latest record for every (caregiver, purpose, organisation) in the family: one query."""
    records = family.consents.select_related("organisation", "recorded_by").order_by(
        "caregiver_id", "purpose", "organisation_id", "-recorded_at", "-pk"
    )
    latest: dict[Key, ConsentRecord] = {}
    for record in records:
        latest.setdefault((record.caregiver_id, record.purpose, record.organisation_id), record)
    return latest


@dataclass(frozen=True)
class ConsentRow:
    """One line of a parent's consent summary: a purpose and where it stands now."""

    label: str
    record: ConsentRecord | None


def _rows_for(caregiver_id: int, state: dict[Key, ConsentRecord]) -> list[ConsentRow]:
    rows = []
    for purpose, label in ConsentRecord.Purpose.choices:
        found = [record for (cid, p, _), record in state.items() if cid == caregiver_id and p == purpose]
        if purpose == ConsentRecord.Purpose.SHARE_WITH_PARTNER and found:
            rows += [ConsentRow(f"{label}: {record.organisation}", record)
                     for record in sorted(found, key=lambda r: str(r.organisation))]
        else:
            rows.append(ConsentRow(label, found[0] if found else None))
    return rows


def family_consent_summary(*, family: Family) -> list[tuple[Caregiver, list[ConsentRow]]]:
    """Each parent or carer with every purpose's current state (None: not asked).

    Caregivers must be prefetched (``family.caregivers.all()``) for this to stay at one query.
    """
    state = family_consent_state(family=family)
    return [(caregiver, _rows_for(caregiver.pk, state)) for caregiver in family.caregivers.all()]


def can_contact(caregiver: Caregiver, channel: str) -> bool:
    """May we contact this parent for feedback on this channel ("email" or "text") right now?

    Senders call this at the moment they act, not when the work was scheduled: the parent's
    latest feedback-contact consent must be given, and the channel's detail recorded.
    """
    if channel not in CHANNEL_DETAIL:
        raise ValueError(f"Unknown contact channel {channel!r}: use 'email' or 'text'")
    if not getattr(caregiver, CHANNEL_DETAIL[channel]):
        return False
    return consent_is_given(caregiver=caregiver, purpose=ConsentRecord.Purpose.FEEDBACK_CONTACT)
