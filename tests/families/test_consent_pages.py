"""The consent page and the consent section of the family summary: who may read and record,
bad input answered on the page with what was typed kept."""

import datetime

import pytest
from django.utils import timezone

from families import services
from families.models import ConsentRecord
from team.roles import Role
from tests.factories import FatherFactory, OrganisationFactory, family_with_people
from tests.families.conftest import ROLES, SEES_ALL, WHOSE, heading, role_id, sees

pytestmark = pytest.mark.django_db

READS_CONSENT = SEES_ALL | {Role.HEALTH_VISITOR, Role.PIEW_WORKER}
RECORDS_CONSENT = frozenset({Role.TEAM_LEAD, Role.ADMIN_ASSISTANT, Role.HEALTH_VISITOR,
                             Role.PIEW_WORKER})


def expected(role, whose, allowed) -> int:
    if not sees(role, whose):
        return 404
    return 200 if role in allowed else 403


def form_data(family, **changes) -> dict:
    data = {
        "caregiver": family.caregivers.first().pk, "purpose": "feedback_contact",
        "organisation": "", "decision": "given", "decided_on_0": "4", "decided_on_1": "3",
        "decided_on_2": "2026", "method": "written", "note": "Happy to get a text after VIG.",
    }
    return {**data, **changes}


@pytest.mark.parametrize("whose", WHOSE)
@pytest.mark.parametrize("role", ROLES, ids=role_id)
def test_who_may_read_the_consent_page(signed_in_world, role, whose):
    client, world = signed_in_world(role)
    response = client.get(f"/families/{world.family(whose).pk}/consent/")
    assert response.status_code == expected(role, whose, READS_CONSENT)
    if response.status_code == 200:
        assert heading(response) == f"Consent for family {world.family(whose).reference}"
        assert ("Record a decision" in response.content.decode()) == (role in RECORDS_CONSENT)


@pytest.mark.parametrize("whose", WHOSE)
@pytest.mark.parametrize("role", ROLES, ids=role_id)
def test_who_may_record_consent(signed_in_world, role, whose):
    client, world = signed_in_world(role)
    family = world.family(whose)
    response = client.post(f"/families/{family.pk}/consent/", form_data(family))
    if expected(role, whose, RECORDS_CONSENT) == 200:
        assert response.status_code == 302
        saved = ConsentRecord.objects.get()
        assert (saved.family, saved.purpose, saved.decision, saved.method, saved.recorded_by,
                saved.decided_on) == (family, "feedback_contact", "given", "written", world.user,
                                      datetime.date(2026, 3, 4))
    else:
        assert response.status_code == expected(role, whose, RECORDS_CONSENT)
        assert not ConsentRecord.objects.exists()


def test_anonymous_is_sent_to_sign_in(client):
    family = family_with_people()
    for response in (client.get(f"/families/{family.pk}/consent/"),
                     client.post(f"/families/{family.pk}/consent/", form_data(family))):
        assert (response.status_code, response.url.split("?")[0]) == (302, "/sign-in/")
    assert not ConsentRecord.objects.exists()


@pytest.fixture
def lead(client_for):
    return client_for(Role.TEAM_LEAD)


def test_nothing_chosen_is_answered_on_the_page(lead):
    family = family_with_people()
    response = lead.post(f"/families/{family.pk}/consent/", {"note": "Spoke on the phone"})
    page = response.content.decode()
    assert response.status_code == 200
    for message in ("Select the parent or carer", "Select what the consent is for",
                    "Select what they decided", "Enter the date of the decision",
                    "Select how they told you"):
        assert message in page
    assert "There is a problem" in page and "Spoke on the phone" in page
    assert not ConsentRecord.objects.exists()


def test_partner_sharing_needs_the_partner(lead):
    family = family_with_people()
    response = lead.post(f"/families/{family.pk}/consent/",
                         form_data(family, purpose="share_with_partner"))
    page = response.content.decode()
    assert "Choose the partner organisation" in page
    assert "Happy to get a text after VIG." in page
    assert not ConsentRecord.objects.exists()


def test_a_decision_in_the_future_is_refused(lead):
    family = family_with_people()
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = lead.post(f"/families/{family.pk}/consent/", form_data(
        family, decided_on_0=tomorrow.day, decided_on_1=tomorrow.month, decided_on_2=tomorrow.year))
    assert "Date of the decision must be today or in the past" in response.content.decode()
    assert f'value="{tomorrow.year}"' in response.content.decode()
    assert not ConsentRecord.objects.exists()


def test_a_caregiver_from_another_family_is_refused(lead):
    family, stranger = family_with_people(), family_with_people()
    response = lead.post(f"/families/{family.pk}/consent/",
                         form_data(family, caregiver=stranger.caregivers.get().pk))
    assert "Select a valid choice" in response.content.decode()
    assert not ConsentRecord.objects.exists()


def test_partner_consent_recorded_on_the_page_names_the_partner(lead):
    family = family_with_people()
    partner = OrganisationFactory(name="First Steps Forward")
    lead.post(f"/families/{family.pk}/consent/",
              form_data(family, purpose="share_with_partner", organisation=partner.pk))
    assert ConsentRecord.objects.get().organisation == partner


def test_the_organisation_is_dropped_for_other_purposes(lead):
    family = family_with_people()
    partner = OrganisationFactory(name="First Steps Forward")
    lead.post(f"/families/{family.pk}/consent/", form_data(family, organisation=partner.pk))
    assert ConsentRecord.objects.get().organisation is None


def test_history_is_shown_newest_first(lead):
    family = family_with_people()
    mother = family.caregivers.get()
    for decision, note in (("given", "First visit"), ("withdrawn", "Changed her mind")):
        services.consent_record(caregiver=mother, purpose="video_recording", decision=decision,
                                method="verbal", recorded_by=lead.user, note=note)
    page = lead.get(f"/families/{family.pk}/consent/").content.decode()
    assert page.index("Changed her mind") < page.index("First visit")
    assert "Edit" not in page and "Delete" not in page


# The consent section of the family summary ------------------------------------------------


def test_summary_shows_each_purpose_per_parent(lead):
    family = family_with_people()
    mother, father = family.caregivers.get(), FatherFactory(family=family)
    services.consent_record(caregiver=mother, purpose="taking_part", decision="given",
                            method="written", recorded_by=lead.user,
                            decided_on=datetime.date(2026, 3, 4))
    page = lead.get(f"/families/{family.pk}/").content.decode()
    assert f"{mother.full_name}: consent" in page and f"{father.full_name}: consent" in page
    assert "Given on 4 March 2026 (written)" in page
    assert page.count("Not asked") == 2 * 7 - 1
    assert f"/families/{family.pk}/consent/" in page


@pytest.mark.parametrize("role", [Role.CLINICAL_PSYCHOLOGIST, Role.ADMIN_ASSISTANT])
def test_summary_consent_section_for_team_roles(client_for, role):
    client = client_for(role)
    family = family_with_people()
    page = client.get(f"/families/{family.pk}/").content.decode()
    assert ">Consent</h2>" in page
    link = "Record a consent decision" if role == Role.ADMIN_ASSISTANT else "See the consent history"
    assert link in page


def test_summary_has_no_consent_section_for_a_partner(client_for, make_user):
    from tests.factories import StaffProfileFactory

    organisation = OrganisationFactory(name="First Steps Forward")
    client = client_for(Role.PARTNER)
    StaffProfileFactory(user=client.user, organisation=organisation)
    family, lead = family_with_people(), make_user(Role.TEAM_LEAD)
    services.consent_record(caregiver=family.caregivers.get(), purpose="share_with_partner",
                            decision="given", method="verbal", recorded_by=lead,
                            organisation=organisation)
    services.share_with_organisation(family=family, organisation=organisation, reason="Peer",
                                     shared_by=lead)
    page = client.get(f"/families/{family.pk}/").content.decode()
    assert family.caregivers.get().full_name in page
    assert ">Consent</h2>" not in page and "Not asked" not in page
