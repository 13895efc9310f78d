"""A partner organisation's worker sees a shared family's names and contact details, not the
team's working record."""

import pytest

from families import services
from families.chronology import family_chronology
from team.roles import Role
from tests.factories import (
    AlertRecipientFactory,
    CaseNoteFactory,
    OrganisationFactory,
    StaffProfileFactory,
    family_with_people,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared(client_for, make_user):
    organisation = OrganisationFactory(name="First Steps Forward")
    client = client_for(Role.PARTNER)
    StaffProfileFactory(user=client.user, organisation=organisation)
    family = family_with_people()
    lead = make_user(Role.TEAM_LEAD)
    AlertRecipientFactory(alert__family=family, alert__title="Safeguarding concern at visit", user=lead)
    CaseNoteFactory(family=family, author=lead, text="Low mood discussed")
    services.consent_record(caregiver=family.caregivers.get(), purpose="share_with_partner",
                            decision="given", method="verbal", recorded_by=lead,
                            organisation=organisation)
    services.share_with_organisation(family=family, organisation=organisation, reason="Peer support",
                                     shared_by=lead)
    return client, family


def test_partner_sees_names_and_contact_details(shared):
    client, family = shared
    page = client.get(f"/families/{family.pk}/").content.decode()
    assert family.caregivers.get().full_name in page
    assert "Safeguarding concern at visit" not in page
    assert "Low mood discussed" not in page


def test_partner_chronology_leaves_out_the_teams_working_record(shared):
    client, family = shared
    events = family_chronology(family=family, user=client.user)
    titles = " ".join(event.title for event in events)
    assert "Alert" not in titles and "Case note" not in titles and "Consent" not in titles
    assert any(event.category == "Record change" for event in events)
    page = client.get(f"/families/{family.pk}/chronology/").content.decode()
    assert "Safeguarding concern at visit" not in page


def test_the_team_still_sees_the_alert(client_for, shared):
    _, family = shared
    page = client_for(Role.TEAM_LEAD).get(f"/families/{family.pk}/chronology/").content.decode()
    assert "Safeguarding concern at visit" in page
