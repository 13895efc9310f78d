"""The current state of a parent's consent: the latest decision recorded for the purpose."""

from families.models import Caregiver, ConsentRecord


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
        consent_is_given(caregiver=caregiver, purpose=purpose) for caregiver in family.caregivers.all()
    )
