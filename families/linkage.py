"""Finding records that may be the same family: at intake and when a family is added."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Q
from rapidfuzz import fuzz

from families.models import Caregiver, Family
from families.validators import normalise_nhs_number, normalise_postcode

# Names at least this similar (0-100, token sort ratio) count as a likely match.
NAME_SIMILARITY = 85
MAX_CANDIDATES = 200


@dataclass(frozen=True)
class PossibleDuplicate:
    family: Family
    caregiver: Caregiver
    reason: str


def _name_score(first: str, last: str, caregiver: Caregiver) -> float:
    return fuzz.token_sort_ratio(f"{first} {last}".lower(), caregiver.full_name.lower())


def _match_reason(
    caregiver: Caregiver, *, nhs_number: str, first_name: str, last_name: str,
    date_of_birth: date | None, postcode: str,
) -> str | None:
    if nhs_number and caregiver.nhs_number == nhs_number:
        return "Same NHS number"
    similar = _name_score(first_name, last_name, caregiver) >= NAME_SIMILARITY
    if similar and date_of_birth and caregiver.date_of_birth == date_of_birth:
        return "Similar name and same date of birth"
    if similar and postcode and caregiver.family.postcode == postcode:
        return "Similar name at the same postcode"
    return None


def possible_duplicates(
    *, first_name: str = "", last_name: str = "", date_of_birth: date | None = None,
    postcode: str = "", nhs_number: str = "", exclude_family: Family | None = None,
) -> list[PossibleDuplicate]:
    """Families with a parent or carer who may be this person (NHS number, or a
    similar name with the same date of birth or postcode)."""
    nhs_number = normalise_nhs_number(nhs_number)
    postcode = normalise_postcode(postcode) if postcode else ""
    blocking = Q(pk__in=[])
    if nhs_number:
        blocking |= Q(nhs_number=nhs_number)
    if date_of_birth:
        blocking |= Q(date_of_birth=date_of_birth)
    if postcode:
        blocking |= Q(family__postcode=postcode)
    candidates = Caregiver.objects.filter(blocking).select_related("family")
    if exclude_family:
        candidates = candidates.exclude(family=exclude_family)
    found: dict[int, PossibleDuplicate] = {}
    for caregiver in candidates[:MAX_CANDIDATES]:
        reason = _match_reason(
            caregiver, nhs_number=nhs_number, first_name=first_name, last_name=last_name,
            date_of_birth=date_of_birth, postcode=postcode,
        )
        if reason and caregiver.family_id not in found:
            found[caregiver.family_id] = PossibleDuplicate(caregiver.family, caregiver, reason)
    return list(found.values())
