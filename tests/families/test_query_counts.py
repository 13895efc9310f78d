"""A family's pages run the same number of queries however much the record holds."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from team.roles import Role
from tests.factories import (
    AlertRecipientFactory,
    CaregiverFactory,
    CaseNoteFactory,
    ChildFactory,
    family_with_people,
)

pytestmark = pytest.mark.django_db


def _grow(family, lead, n):
    for _ in range(n):
        CaregiverFactory(family=family)
        ChildFactory(family=family)
        CaseNoteFactory(family=family, author=lead)
        AlertRecipientFactory(alert__family=family, user=lead)


@pytest.mark.parametrize("page", ["", "chronology/", "audit/"])
def test_family_pages_do_not_grow_with_the_record(client_for, page):
    client = client_for(Role.TEAM_LEAD)
    small = family_with_people(key_worker=client.user)
    large = family_with_people(key_worker=client.user)
    _grow(small, client.user, 1)
    _grow(large, client.user, 12)

    def count(family):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/families/{family.pk}/{page}").status_code == 200
        return len(queries)

    count(small)
    assert count(large) == count(small)
