"""Every write to a family's record: one function per action, in a transaction."""

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from families import consent
from families.models import (
    Alert,
    AlertRecipient,
    Caregiver,
    Case,
    CaseNote,
    Child,
    ConsentRecord,
    Family,
    FamilyAccessLog,
    Share,
)
from piew.services import save_validated
from team.models import User


@transaction.atomic
def family_create(
    *, created_by: User, family: dict[str, Any], caregiver: dict[str, Any],
    child: dict[str, Any] | None = None,
) -> Family:
    """A new family with its first parent or carer and, if known, the baby."""
    new_family = family_add(created_by=created_by, **family)
    save_validated(Caregiver(family=new_family), **caregiver)
    if child:
        save_validated(Child(family=new_family), **child)
    return new_family


@transaction.atomic
def family_add(*, created_by: User, **fields: Any) -> Family:
    """A family known so far only by its address (people are added next)."""
    return save_validated(Family(created_by=created_by), **fields)


@transaction.atomic
def family_update(*, family: Family, **fields: Any) -> Family:
    return save_validated(family, **fields)


@transaction.atomic
def caregiver_add(*, family: Family, **fields: Any) -> Caregiver:
    return save_validated(Caregiver(family=family), **fields)


@transaction.atomic
def caregiver_update(*, caregiver: Caregiver, **fields: Any) -> Caregiver:
    return save_validated(caregiver, **fields)


@transaction.atomic
def child_add(*, family: Family, **fields: Any) -> Child:
    return save_validated(Child(family=family), **fields)


@transaction.atomic
def child_update(*, child: Child, **fields: Any) -> Child:
    return save_validated(child, **fields)


@transaction.atomic
def case_open(*, family: Family, opened_by: User, key_worker: User | None = None) -> Case:
    """Open the family's case. A family has at most one open case (a database constraint)."""
    return save_validated(Case(family=family, opened_by=opened_by, key_worker=key_worker))


@transaction.atomic
def case_update(*, case: Case, **fields: Any) -> Case:
    return save_validated(case, **fields)


@transaction.atomic
def case_close(*, case: Case, reason: str, note: str = "") -> Case:
    return save_validated(case, closed_at=timezone.now(), closure_reason=reason, closure_note=note)


@transaction.atomic
def case_note_add(*, family: Family, author: User, text: str) -> CaseNote:
    open_case = family.cases.filter(closed_at__isnull=True).first()
    return save_validated(CaseNote(family=family, case=open_case, author=author), text=text)


@transaction.atomic
def alert_raise(
    *, family: Family, kind: str, title: str, recipients: list[User],
    detail: str = "", raised_by: User | None = None,
) -> Alert:
    alert = save_validated(Alert(family=family, raised_by=raised_by), kind=kind, title=title, detail=detail)
    for user in {user.pk: user for user in recipients}.values():
        save_validated(AlertRecipient(alert=alert, user=user))
    return alert


@transaction.atomic
def alert_acknowledge(*, alert: Alert, user: User, action_taken: str) -> AlertRecipient:
    """Record that the user has seen the alert and what they did. Only their own row changes."""
    recipient = AlertRecipient.objects.select_for_update().get(alert=alert, user=user)
    if recipient.acknowledged_at:
        return recipient
    return save_validated(recipient, acknowledged_at=timezone.now(), action_taken=action_taken)


def family_access_record(*, family: Family, user: User, page: str) -> FamilyAccessLog:
    """Log that the user opened the family's record on this page."""
    return FamilyAccessLog.objects.create(family=family, user=user, page=page)


def family_access_record_many(*, families: Iterable[Family], user: User, page: str) -> None:
    """Log that the user saw each of these families' records on one page (a register), in one insert."""
    now = timezone.now()
    FamilyAccessLog.objects.bulk_create(
        [FamilyAccessLog(family=family, user=user, page=page, viewed_at=now) for family in families])


@transaction.atomic
def consent_record(
    *, caregiver: Caregiver, purpose: str, decision: str, method: str, recorded_by: User,
    decided_on=None, organisation=None, note: str = "",
) -> ConsentRecord:
    """Add a parent's decision. Earlier decisions stay as they were.

    A withdrawal or refusal takes effect at once: consent to share with a partner that no
    parent or carer in the family still gives ends that partner's share, in this transaction;
    after commit, the hooks registered with ``consent.on_withdrawn`` cancel scheduled work.
    """
    record = save_validated(ConsentRecord(
        family=caregiver.family, caregiver=caregiver, purpose=purpose, decision=decision,
        method=method, recorded_by=recorded_by, decided_on=decided_on or timezone.localdate(),
        organisation=organisation if purpose == ConsentRecord.Purpose.SHARE_WITH_PARTNER else None,
        note=note,
    ))
    if decision in consent.NOT_GIVEN:
        _consent_no_longer_given(record)
    return record


@transaction.atomic
def consent_withdraw(
    *, caregiver: Caregiver, purpose: str, method: str, recorded_by: User,
    decided_on=None, organisation=None, note: str = "",
) -> ConsentRecord:
    """The parent withdraws consent they gave: a new record, the old ones kept."""
    return consent_record(
        caregiver=caregiver, purpose=purpose, decision=ConsentRecord.Decision.WITHDRAWN,
        method=method, recorded_by=recorded_by, decided_on=decided_on, organisation=organisation,
        note=note,
    )


def _consent_no_longer_given(record: ConsentRecord) -> None:
    if record.purpose == ConsentRecord.Purpose.SHARE_WITH_PARTNER:
        if not _partner_consent_given(family=record.family, organisation=record.organisation):
            active = Share.objects.select_for_update().filter(
                family=record.family, organisation=record.organisation, ended_at__isnull=True
            )
            for share in active:  # saved one by one, so the share's history records the end
                save_validated(share, ended_at=timezone.now())
    for hook in consent.withdrawal_hooks(record.purpose):
        transaction.on_commit(
            lambda hook=hook: hook(caregiver=record.caregiver, purpose=record.purpose, record=record),
            robust=True,
        )


def _partner_consent_given(*, family: Family, organisation) -> bool:
    """Whether any parent or carer's latest say on sharing with the partner is "given"."""
    state = consent.family_consent_state(family=family)
    return any(
        record.decision == ConsentRecord.Decision.GIVEN
        for (_, purpose, organisation_id), record in state.items()
        if purpose == ConsentRecord.Purpose.SHARE_WITH_PARTNER and organisation_id == organisation.pk
    )


@transaction.atomic
def share_with_organisation(*, family: Family, organisation, reason: str, shared_by: User) -> Share:
    """Let the partner organisation's workers see the family. One active share per partner.

    Only with a parent's or carer's consent to share with that partner, recorded first.
    """
    if not _partner_consent_given(family=family, organisation=organisation):
        raise ValidationError(
            f"Record a parent's or carer's consent to share with {organisation} first"
        )
    existing = family.shares.filter(organisation=organisation, ended_at__isnull=True).first()
    if existing:
        return existing
    return save_validated(Share(family=family, organisation=organisation, shared_by=shared_by), reason=reason)
