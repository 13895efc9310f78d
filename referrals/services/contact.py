"""First contact: attempts to reach the family, and their choice to take part."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from families import services as family_services
from families.models import Caregiver, Case, ConsentRecord
from referrals.models import ContactAttempt, Referral
from referrals.services.state import TransitionRefused, transition
from referrals.transitions import CONTACT_SOURCES, Action, Status
from team.models import User

FAILED = (ContactAttempt.Outcome.NO_ANSWER, ContactAttempt.Outcome.MESSAGE_LEFT,
          ContactAttempt.Outcome.WRONG_NUMBER)


def _locked_for_contact(referral_id: int) -> Referral:
    referral = Referral.objects.select_for_update().get(pk=referral_id)
    if referral.status not in CONTACT_SOURCES:
        raise TransitionRefused(
            f"This referral is “{referral.get_status_display()}”: contact attempts are recorded "
            "only after it is accepted and before the family decides. Nothing was changed."
        )
    return referral


@transaction.atomic
def contact_attempt_record(
    *, referral_id: int, by: User, method: str, outcome: str, note: str = "",
    attempted_at: datetime.datetime | None = None,
) -> ContactAttempt:
    """Log a try at first contact. After the set number of failures the referral shows as
    unable to contact, for a decision."""
    referral = _locked_for_contact(referral_id)
    attempt = ContactAttempt(referral=referral, method=method, outcome=outcome, note=note,
                             recorded_by=by, attempted_at=attempted_at or timezone.now())
    attempt.full_clean()
    attempt.save()
    if outcome == ContactAttempt.Outcome.REACHED and referral.first_contact_at is None:
        referral.first_contact_at = attempt.attempted_at
        referral.save(update_fields=["first_contact_at"])
    failures = referral.contact_attempts.filter(outcome__in=FAILED).count()
    if (referral.status == Status.AWAITING_CONTACT and outcome in FAILED
            and failures >= settings.PIEW_FAILED_CONTACT_LIMIT):
        transition(referral_id=referral.pk, action=Action.CONTACT_FAILED_LIMIT)
    return attempt


@transaction.atomic
def referral_keep_trying(*, referral_id: int, by: User) -> Referral:
    return transition(referral_id=referral_id, action=Action.KEEP_TRYING)


@transaction.atomic
def referral_close_not_contacted(*, referral_id: int, by: User, note: str = "") -> Referral:
    referral = transition(referral_id=referral_id, action=Action.CLOSE_NOT_CONTACTED,
                          decision_note=note.strip())
    _close_case(referral, Case.ClosureReason.NOT_ENGAGED, "Could not be contacted after referral")
    return referral


def _close_case(referral: Referral, reason: str, note: str) -> None:
    if referral.family_id:
        case = referral.family.cases.filter(closed_at__isnull=True).first()
        if case:
            family_services.case_close(case=case, reason=reason, note=note)


@transaction.atomic
def first_contact_consent_record(
    *, referral_id: int, by: User, caregiver: Caregiver, decision: str, method: str,
    decided_on: datetime.date | None = None, note: str = "",
) -> ConsentRecord:
    """The parent's choice to take part, once reached. Opt-in: yes moves the family on to
    assessment; no closes the referral and the case as declined by the family."""
    referral = _locked_for_contact(referral_id)
    if referral.first_contact_at is None:
        raise ValidationError(
            {"decision": "Record the contact attempt when you reached the parent first"}
        )
    if caregiver.family_id != referral.family_id:
        raise ValidationError({"caregiver": "Choose a parent or carer in this family"})
    consent = family_services.consent_record(
        caregiver=caregiver, purpose=ConsentRecord.Purpose.TAKING_PART, decision=decision,
        method=method, recorded_by=by, decided_on=decided_on, note=note,
    )
    if decision == ConsentRecord.Decision.GIVEN:
        transition(referral_id=referral.pk, action=Action.CONSENT_GIVEN)
    else:
        transition(referral_id=referral.pk, action=Action.CONSENT_REFUSED)
        _close_case(referral, Case.ClosureReason.DECLINED, "Declined to take part at first contact")
    return consent
