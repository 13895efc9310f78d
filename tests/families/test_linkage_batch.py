"""Possible duplicates for many people at once: the same answers as one at a time, in one query."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from families import linkage
from tests.factories import VALID_NHS_NUMBERS, CaregiverFactory, FamilyFactory

pytestmark = pytest.mark.django_db

BORN = datetime.date(1993, 5, 1)


@pytest.fixture
def known():
    family = FamilyFactory(postcode="DN16 2AB")
    CaregiverFactory(family=family, first_name="Katherine", last_name="Smith", date_of_birth=BORN,
                     nhs_number=VALID_NHS_NUMBERS[1])
    return family


PEOPLE = {
    "nhs": linkage.Person("Kate", "Jones", nhs_number="943 476 5870"),
    "name_and_birth": linkage.Person("Katherine", "Smyth", BORN),
    "name_and_postcode": linkage.Person("Catherine", "Smith", postcode="dn16 2ab"),
    "other_name": linkage.Person("Olivia", "Brown", BORN, "DN16 2AB"),
    "nothing_known": linkage.Person("Katherine", "Smith"),
}
REASONS = {
    "nhs": ["Same NHS number"], "name_and_birth": ["Similar name and same date of birth"],
    "name_and_postcode": ["Similar name at the same postcode"], "other_name": [], "nothing_known": [],
}


def test_many_at_once_give_the_same_answers_as_one_at_a_time(known):
    with CaptureQueriesContext(connection) as queries:
        found = linkage.possible_duplicates_for_many(PEOPLE)

    assert len(queries) == 1
    assert {key: [match.reason for match in matches] for key, matches in found.items()} == REASONS
    for key, person in PEOPLE.items():
        single = linkage.possible_duplicates(
            first_name=person.first_name, last_name=person.last_name, date_of_birth=person.date_of_birth,
            postcode=person.postcode, nhs_number=person.nhs_number)
        assert [(m.family, m.reason) for m in single] == [(m.family, m.reason) for m in found[key]]


def test_a_family_already_linked_is_not_reported(known):
    found = linkage.possible_duplicates_for_many(PEOPLE, exclude_families={"nhs": known.pk})

    assert found["nhs"] == []
    assert found["name_and_birth"][0].family == known


def test_nobody_asks_nothing():
    with CaptureQueriesContext(connection) as queries:
        assert linkage.possible_duplicates_for_many({}) == {}
    assert len(queries) == 0
