"""First contact and onward referral, through their pages."""

import pytest

from families.models import ConsentRecord
from referrals.models import ContactAttempt, OnwardReferral
from referrals.transitions import Status
from team.roles import Role
from tests.factories import (
    AcceptedReferralFactory,
    CaseFactory,
    OrganisationFactory,
    ReferralFactory,
    family_with_people,
)

pytestmark = pytest.mark.django_db


def attempt(client, referral, outcome="no_answer", method="phone"):
    return client.post(f"/referrals/{referral.pk}/contact/", {"method": method, "outcome": outcome,
                                                               "note": "Tried after lunch"})


def test_the_administrator_records_attempts_until_unable_to_contact(client_for, settings):
    settings.PIEW_FAILED_CONTACT_LIMIT = 3
    client = client_for(Role.ADMIN_ASSISTANT)
    referral = AcceptedReferralFactory()
    for _ in range(3):
        assert attempt(client, referral).status_code == 302
    page = client.get(f"/referrals/{referral.pk}/contact/").content.decode()
    assert "Unable to contact" in page
    assert "3 of 3 failed attempts" in page
    assert ContactAttempt.objects.filter(referral=referral, recorded_by=client.user).count() == 3

    client.post(f"/referrals/{referral.pk}/contact/decision/", {"decision": "keep_trying"})
    referral.refresh_from_db()
    assert referral.status == Status.AWAITING_CONTACT


def test_reaching_the_parent_asks_whether_they_take_part(client_for):
    client = client_for(Role.ADMIN_ASSISTANT)
    referral = AcceptedReferralFactory()
    page = f"/referrals/{referral.pk}/contact/"
    assert "Do they want to take part" not in client.get(page).content.decode()
    attempt(client, referral, outcome="reached")
    assert "Do they want to take part" in client.get(page).content.decode()

    mother = referral.family.caregivers.get()
    response = client.post(f"/referrals/{referral.pk}/contact/taking-part/", {
        "consent-caregiver": mother.pk, "consent-decision": "given", "consent-method": "verbal",
        "consent-note": ""})
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == Status.AWAITING_ASSESSMENT
    consent = ConsentRecord.objects.get(caregiver=mother)
    assert (consent.purpose, consent.decision, consent.recorded_by) == ("taking_part", "given", client.user)


def test_bad_input_is_answered_and_kept(client_for):
    client = client_for(Role.ADMIN_ASSISTANT)
    referral = AcceptedReferralFactory()
    response = client.post(f"/referrals/{referral.pk}/contact/", {"method": "phone", "note": "Kept note"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html and "Select what happened" in html
    assert "Kept note" in html
    assert "<title>Error: First contact" in html
    assert not ContactAttempt.objects.exists()

    attempt(client, referral, outcome="reached")
    response = client.post(f"/referrals/{referral.pk}/contact/taking-part/",
                           {"consent-method": "verbal"})
    html = response.content.decode()
    assert "Select whether they want to take part" in html
    assert "<title>Error: First contact" in html
    assert not ConsentRecord.objects.exists()


def test_attempts_are_refused_before_acceptance_with_a_clear_message(client_for):
    client = client_for(Role.ADMIN_ASSISTANT)
    referral = ReferralFactory()
    html = attempt(client, referral).content.decode()
    assert "contact attempts are recorded only after it is accepted" in html
    assert not ContactAttempt.objects.exists()


@pytest.mark.parametrize("role, status", [
    (Role.TEAM_LEAD, 200), (Role.ADMIN_ASSISTANT, 200), (Role.CLINICAL_PSYCHOLOGIST, 403),
    (Role.HEALTH_VISITOR, 404), (Role.PIEW_WORKER, 404), (Role.PARTNER, 404), (Role.VIEWER, 404),
])
def test_who_may_record_contact(client_for, role, status):
    client = client_for(role)
    referral = AcceptedReferralFactory()
    assert client.get(f"/referrals/{referral.pk}/contact/").status_code == status
    if status != 200:
        assert attempt(client, referral).status_code == status
        assert not ContactAttempt.objects.exists()


def test_the_health_visitor_making_first_contact_may_record_it(client_for):
    client = client_for(Role.HEALTH_VISITOR)
    referral = AcceptedReferralFactory()
    referral.family.cases.update(key_worker=client.user)
    assert attempt(client, referral).status_code == 302


def test_anonymous_is_sent_to_sign_in(client):
    referral = AcceptedReferralFactory()
    assert client.get(f"/referrals/{referral.pk}/contact/")["Location"].startswith("/sign-in/")


def test_onward_referral_page_shares_the_family(client_for):
    client = client_for(Role.ADMIN_ASSISTANT)
    partner = OrganisationFactory(name="First Steps Forward", takes_referrals=True)
    family = family_with_people()
    mother = family.caregivers.get()
    response = client.post(f"/referrals/families/{family.pk}/onward/", {
        "organisation": partner.pk, "caregiver": mother.pk, "reason": "Peer support group",
        "referred_on_0": "2", "referred_on_1": "3", "referred_on_2": "2026", "parent_agreed": "on"})
    assert response.status_code == 302
    onward = OnwardReferral.objects.get()
    assert (onward.organisation, onward.reason, str(onward.referred_on)) == (partner, "Peer support group",
                                                                            "2026-03-02")
    assert family.shares.get().organisation == partner


def test_onward_referral_without_agreement_is_refused_and_keeps_the_answers(client_for):
    client = client_for(Role.ADMIN_ASSISTANT)
    partner = OrganisationFactory(takes_referrals=True)
    family = family_with_people()
    response = client.post(f"/referrals/families/{family.pk}/onward/", {
        "organisation": partner.pk, "caregiver": family.caregivers.get().pk,
        "reason": "Peer support group", "referred_on_0": "2", "referred_on_1": "3",
        "referred_on_2": "2026"})
    html = response.content.decode()
    assert "Only refer the family on if the parent has agreed" in html
    assert "Peer support group" in html
    assert not family.shares.exists()


@pytest.mark.parametrize("role, status", [
    (Role.TEAM_LEAD, 200), (Role.ADMIN_ASSISTANT, 200), (Role.PIEW_WORKER, 404),
    (Role.PARTNER, 404), (Role.VIEWER, 404),
])
def test_who_may_refer_on(client_for, role, status):
    client = client_for(role)
    family = family_with_people()
    assert client.get(f"/referrals/families/{family.pk}/onward/").status_code == status


def test_the_key_worker_may_refer_on(client_for):
    client = client_for(Role.PIEW_WORKER)
    family = family_with_people()
    CaseFactory(family=family, key_worker=client.user)
    assert client.get(f"/referrals/families/{family.pk}/onward/").status_code == 200
