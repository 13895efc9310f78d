"""Finding records that may be the same family: at intake and when a family is added."""

from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import TypeVar

from django.db.models import Q
from rapidfuzz import fuzz

from families.models import Caregiver, Family
from families.validators import normalise_nhs_number, normalise_postcode

# Names at least this similar (0-100, token sort ratio) count as a likely match.
NAME_SIMILARITY = 85
MAX_CANDIDATES = 200

Key = TypeVar("Key", bound=Hashable)


@dataclass(frozen=True)
class Person:
    """What a record says about a parent or carer, as far as matching goes."""

    first_name: str = ""
    last_name: str = ""
    date_of_birth: date | None = None
    postcode: str = ""
    nhs_number: str = ""

    def normalised(self) -> "Person":
        return replace(
            self, nhs_number=normalise_nhs_number(self.nhs_number),
            postcode=normalise_postcode(self.postcode) if self.postcode else "",
        )

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip().lower()

    @classmethod
    def of_caregiver(cls, caregiver: Caregiver) -> "Person":
        return cls(caregiver.first_name, caregiver.last_name, caregiver.date_of_birth,
                   caregiver.family.postcode, caregiver.nhs_number)


@dataclass(frozen=True)
class PossibleDuplicate:
    family: Family
    caregiver: Caregiver
    reason: str


def match_reason(person: Person, other: Person) -> str | None:
    """Why ``other`` may be the same person (both normalised), or None.

    The same NHS number; or a similar name with the same date of birth or at the same postcode.
    """
    if person.nhs_number and other.nhs_number == person.nhs_number:
        return "Same NHS number"
    similar = fuzz.token_sort_ratio(person.full_name, other.full_name) >= NAME_SIMILARITY
    if similar and person.date_of_birth and other.date_of_birth == person.date_of_birth:
        return "Similar name and same date of birth"
    if similar and person.postcode and other.postcode == person.postcode:
        return "Similar name at the same postcode"
    return None


def blocking(people: Iterable[Person], *, nhs_number: str, date_of_birth: str, postcode: str) -> Q:
    """Rows sharing an NHS number, a date of birth or a postcode with any of the people: the only
    rows that can match, fetched in one query. The arguments name the model's fields."""
    people = list(people)
    numbers = {person.nhs_number for person in people if person.nhs_number}
    births = {person.date_of_birth for person in people if person.date_of_birth}
    postcodes = {person.postcode for person in people if person.postcode}
    condition = Q(pk__in=[])
    if numbers:
        condition |= Q(**{f"{nhs_number}__in": numbers})
    if births:
        condition |= Q(**{f"{date_of_birth}__in": births})
    if postcodes:
        condition |= Q(**{f"{postcode}__in": postcodes})
    return condition


class BlockingIndex:
    """Which of many people share a blocking value with a candidate, so each candidate is
    compared only with those."""

    def __init__(self, people: Mapping[Key, Person]):
        self.index: dict[tuple[str, object], set] = defaultdict(set)
        for key, person in people.items():
            for value in (("nhs", person.nhs_number), ("dob", person.date_of_birth),
                          ("postcode", person.postcode)):
                if value[1]:
                    self.index[value].add(key)

    def keys_for(self, other: Person) -> set:
        return (self.index.get(("nhs", other.nhs_number), set())
                | self.index.get(("dob", other.date_of_birth), set())
                | self.index.get(("postcode", other.postcode), set()))


def possible_duplicates_for_many(
    people: Mapping[Key, Person], *, exclude_families: Mapping[Key, int | None] | None = None,
) -> dict[Key, list[PossibleDuplicate]]:
    """For each person, the families with a parent or carer who may be them: one query for all.

    ``exclude_families`` names, per person, a family not to report (the one already linked)."""
    people = {key: person.normalised() for key, person in people.items()}
    exclude_families = exclude_families or {}
    found: dict[Key, dict[int, PossibleDuplicate]] = {key: {} for key in people}
    if not people:
        return {}
    index = BlockingIndex(people)
    condition = blocking(people.values(), nhs_number="nhs_number", date_of_birth="date_of_birth",
                         postcode="family__postcode")
    candidates = Caregiver.objects.filter(condition).select_related("family").order_by("pk")
    for caregiver in candidates[:MAX_CANDIDATES * len(people)]:
        other = Person.of_caregiver(caregiver)
        for key in index.keys_for(other):
            if caregiver.family_id == exclude_families.get(key) or caregiver.family_id in found[key]:
                continue
            reason = match_reason(people[key], other)
            if reason:
                found[key][caregiver.family_id] = PossibleDuplicate(caregiver.family, caregiver, reason)
    return {key: list(matches.values()) for key, matches in found.items()}


def possible_duplicates(
    *, first_name: str = "", last_name: str = "", date_of_birth: date | None = None,
    postcode: str = "", nhs_number: str = "", exclude_family: Family | None = None,
) -> list[PossibleDuplicate]:
    """Families with a parent or carer who may be this person (NHS number, or a
    similar name with the same date of birth or postcode)."""
    person = Person(first_name, last_name, date_of_birth, postcode, nhs_number)
    exclude = {0: exclude_family.pk} if exclude_family else None
    return possible_duplicates_for_many({0: person}, exclude_families=exclude)[0]
