import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from families.selectors import family_detail
from team.roles import Role
from tests.factories import CaregiverFactory, ChildFactory, FamilyFactory, UnbornChildFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "born, baby, expected",
    [
        (datetime.date(2007, 3, 4), datetime.date(2026, 3, 3), True),   # 18 at the birth
        (datetime.date(2006, 3, 3), datetime.date(2026, 3, 2), True),   # a day short of 20
        (datetime.date(2006, 3, 3), datetime.date(2026, 3, 3), False),  # 20 on the day
        (None, datetime.date(2026, 3, 3), None),
    ],
)
def test_young_parent_is_judged_at_the_babys_birth(born, baby, expected):
    family = FamilyFactory()
    caregiver = CaregiverFactory(family=family, date_of_birth=born)
    ChildFactory(family=family, date_of_birth=baby)
    assert caregiver.young_parent is expected


def test_young_parent_uses_the_expected_date_of_an_unborn_baby():
    family = FamilyFactory()
    caregiver = CaregiverFactory(family=family, date_of_birth=datetime.date(2008, 1, 1))
    UnbornChildFactory(family=family, expected_date=datetime.date(2027, 6, 1))
    assert caregiver.young_parent is True


def test_no_baby_means_not_known():
    assert CaregiverFactory().young_parent is None


def test_family_page_judges_young_parents_without_a_query_each(make_user):
    family = FamilyFactory()
    for _ in range(4):
        CaregiverFactory(family=family)
    ChildFactory(family=family)
    loaded = family_detail(user=make_user(Role.TEAM_LEAD), pk=family.pk)
    with CaptureQueriesContext(connection) as queries:
        [caregiver.young_parent for caregiver in loaded.caregivers.all()]
    assert len(queries) == 0
