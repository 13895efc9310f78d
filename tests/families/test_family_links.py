"""The family page links to the family's referrals and assessments, and to what the user may do."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from team.roles import Role
from tests.factories import AcceptedReferralFactory

pytestmark = pytest.mark.django_db


def test_team_lead_sees_the_referral_and_what_to_do_next(client_for):
    client = client_for(Role.TEAM_LEAD)
    referral = AcceptedReferralFactory()
    page = client.get(f"/families/{referral.family_id}/").content.decode()
    assert f'href="/referrals/{referral.pk}/">Referral {referral.reference}</a>' in page
    assert f'href="/assessments/families/{referral.family_id}/book/">Book an initial assessment' in page
    assert f'href="/referrals/families/{referral.family_id}/onward/">Refer the family on' in page


def test_the_administrator_is_not_offered_an_assessment(client_for):
    client = client_for(Role.ADMIN_ASSISTANT)
    referral = AcceptedReferralFactory()
    page = client.get(f"/families/{referral.family_id}/").content.decode()
    assert "Book an initial assessment" not in page
    assert f"Referral {referral.reference}" in page


def test_the_links_cost_the_same_queries_however_many_referrals(client_for):
    client = client_for(Role.TEAM_LEAD)
    one = AcceptedReferralFactory()
    many = AcceptedReferralFactory()
    for _ in range(5):
        AcceptedReferralFactory(family=many.family)

    def count(family_id):
        with CaptureQueriesContext(connection) as queries:
            client.get(f"/families/{family_id}/")
        return len(queries)

    count(one.family_id)
    assert count(many.family_id) == count(one.family_id)
