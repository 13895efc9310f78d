"""The partner gate: a partner sees a family only while it is shared with their organisation
AND a parent's latest say on sharing with that organisation is "given". Enforced by the
access policy, so pages, API and lists agree; a withdrawal takes effect at once."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from families import policy, services
from families.models import ConsentRecord, Share
from team.roles import Role
from tests.factories import OrganisationFactory, StaffProfileFactory, family_with_people

pytestmark = pytest.mark.django_db

Purpose, Decision = ConsentRecord.Purpose, ConsentRecord.Decision


@pytest.fixture
def setting(client_for, make_user):
    """(partner client, family, lead, the partner's organisation)."""
    organisation = OrganisationFactory(name="First Steps Forward")
    client = client_for(Role.PARTNER)
    StaffProfileFactory(user=client.user, organisation=organisation)
    return client, family_with_people(), make_user(Role.TEAM_LEAD), organisation


def consent(family, lead, organisation, decision=Decision.GIVEN):
    return services.consent_record(
        caregiver=family.caregivers.get(), purpose=Purpose.SHARE_WITH_PARTNER, decision=decision,
        method=ConsentRecord.Method.VERBAL, recorded_by=lead, organisation=organisation)


def share(family, lead, organisation):
    return services.share_with_organisation(family=family, organisation=organisation,
                                            reason="Peer support", shared_by=lead)


def seen(client, family) -> tuple[int, int, list[int]]:
    """(summary page status, API family status, ids in the API family list)."""
    page = client.get(f"/families/{family.pk}/").status_code
    api = client.get(f"/api/v1/families/{family.pk}/").status_code
    listed = [row["id"] for row in client.get("/api/v1/families/").json()["results"]]
    return page, api, listed


def test_before_consent_the_partner_sees_nothing(setting):
    client, family, lead, organisation = setting
    assert seen(client, family) == (404, 404, [])


def test_a_share_without_current_consent_shows_nothing(setting):
    """A share left active by hand (not through the services) still shows nothing."""
    client, family, lead, organisation = setting
    Share.objects.create(family=family, organisation=organisation, reason="x", shared_by=lead)
    assert seen(client, family) == (404, 404, [])


def test_consent_and_share_let_the_partner_see_the_family(setting):
    client, family, lead, organisation = setting
    consent(family, lead, organisation)
    share(family, lead, organisation)
    assert seen(client, family) == (200, 200, [family.pk])


def test_consent_alone_without_a_share_shows_nothing(setting):
    client, family, lead, organisation = setting
    consent(family, lead, organisation)
    assert seen(client, family) == (404, 404, [])


def test_withdrawal_removes_the_partners_view_at_once(setting):
    client, family, lead, organisation = setting
    consent(family, lead, organisation)
    active = share(family, lead, organisation)

    consent(family, lead, organisation, Decision.WITHDRAWN)

    assert seen(client, family) == (404, 404, [])
    active.refresh_from_db()
    assert active.ended_at is not None


def test_consent_for_another_organisation_does_not_count(setting):
    client, family, lead, organisation = setting
    consent(family, lead, OrganisationFactory(name="Home-Start"))
    Share.objects.create(family=family, organisation=organisation, reason="x", shared_by=lead)
    assert seen(client, family) == (404, 404, [])


def test_other_consent_purposes_do_not_count(setting):
    client, family, lead, organisation = setting
    services.consent_record(caregiver=family.caregivers.get(), purpose=Purpose.MDT_SHARING,
                            decision=Decision.GIVEN, method="verbal", recorded_by=lead)
    Share.objects.create(family=family, organisation=organisation, reason="x", shared_by=lead)
    assert seen(client, family) == (404, 404, [])


def test_the_partner_list_takes_the_same_queries_for_many_families(setting):
    client, family, lead, organisation = setting
    consent(family, lead, organisation)
    share(family, lead, organisation)
    policy.families_visible_to(client.user)  # loads the partner's profile once
    with CaptureQueriesContext(connection) as one:
        assert len(policy.families_visible_to(client.user)) == 1
    for _ in range(4):
        more = family_with_people()
        consent(more, lead, organisation)
        share(more, lead, organisation)
    with CaptureQueriesContext(connection) as five:
        assert len(policy.families_visible_to(client.user)) == 5
    assert len(five) == len(one) == 1


def test_the_partner_may_not_open_the_consent_page(setting):
    client, family, lead, organisation = setting
    consent(family, lead, organisation)
    share(family, lead, organisation)
    assert client.get(f"/families/{family.pk}/consent/").status_code == 403
    assert client.get("/api/v1/consents/").json()["results"] == []
