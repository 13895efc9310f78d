"""Referring a family on to a partner organisation, which then shares the family."""

import datetime

from django.db import transaction
from django.utils import timezone

from families import services as family_services
from families.models import Caregiver, ConsentRecord, Family
from referrals.models import OnwardReferral, Referral
from team.models import Organisation, User


@transaction.atomic
def onward_referral_create(
    *, family: Family, organisation: Organisation, caregiver: Caregiver, reason: str,
    parent_agreed: bool, by: User, referred_on: datetime.date | None = None,
    referral: Referral | None = None,
) -> OnwardReferral:
    """Refer the family to the partner with the parent's agreement, recorded as their consent
    to share, and share the family with the partner's workers."""
    onward = OnwardReferral(
        family=family, organisation=organisation, reason=reason, parent_agreed=parent_agreed,
        made_by=by, referral=referral,
        referred_on=referred_on or timezone.localdate(),
    )
    onward.full_clean()
    onward.save()
    family_services.consent_record(
        caregiver=caregiver, purpose=ConsentRecord.Purpose.SHARE_WITH_PARTNER,
        decision=ConsentRecord.Decision.GIVEN, method=ConsentRecord.Method.VERBAL,
        recorded_by=by, decided_on=onward.referred_on, organisation=organisation,
        note=f"Agreed to be referred on: {reason}",
    )
    family_services.share_with_organisation(
        family=family, organisation=organisation, reason=reason, shared_by=by
    )
    return onward
