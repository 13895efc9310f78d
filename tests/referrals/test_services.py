"""Triage, first contact and onward referral, as the services carry them out."""

import pytest
from django.core.exceptions import ValidationError

from families.consent import consent_current, consent_is_given
from families.models import Case, ConsentRecord, Family
from families.policy import families_visible_to
from referrals import services
from referrals.models import ContactAttempt, OnwardReferral
from referrals.transitions import Status
from team.roles import Role
from tests.factories import (
    AcceptedReferralFactory,
    OrganisationFactory,
    ReferralFactory,
    StaffProfileFactory,
    family_with_people,
)

pytestmark = pytest.mark.django_db
FAILED, REACHED = ContactAttempt.Outcome.NO_ANSWER, ContactAttempt.Outcome.REACHED


@pytest.fixture
def admin(make_user):
    return make_user(Role.ADMIN_ASSISTANT)


def test_accepting_makes_the_family_from_the_referral_and_opens_its_case(admin, make_user):
    health_visitor = make_user(Role.HEALTH_VISITOR)
    referral = ReferralFactory(parent_first_name="Zofia", parent_last_name="Nowak",
                               parent_nhs_number="9434765919", postcode="dn16 1qa")
    accepted = services.referral_accept(referral_id=referral.pk, by=admin,
                                        first_contact_by=health_visitor)
    assert accepted.status == Status.AWAITING_CONTACT
    assert accepted.triaged_by == admin and accepted.triaged_at is not None
    family = accepted.family
    mother = family.caregivers.get()
    assert (mother.full_name, mother.nhs_number, family.postcode) == ("Zofia Nowak", "9434765919",
                                                                      "DN16 1QA")
    assert family.children.get().expected_date == referral.baby_due_date
    case = family.cases.get()
    assert case.is_open and case.key_worker == health_visitor
    assert family in families_visible_to(health_visitor)


def test_accepting_for_a_known_family_links_it_and_keeps_its_open_case(admin):
    family = family_with_people()
    case = Case.objects.create(family=family)
    accepted = services.referral_accept(referral_id=ReferralFactory().pk, by=admin, family=family)
    assert accepted.family == family
    assert list(family.cases.all()) == [case]
    assert Family.objects.count() == 1


@pytest.mark.parametrize("service", [services.referral_request_info, services.referral_decline,
                                     services.referral_signpost])
def test_a_note_is_required(admin, service):
    referral = ReferralFactory()
    with pytest.raises(ValidationError) as error:
        service(referral_id=referral.pk, by=admin, note="   ")
    assert "note" in error.value.message_dict
    referral.refresh_from_db()
    assert referral.status == Status.NEW


def test_signposting_names_the_service(admin):
    mind = OrganisationFactory(name="MIND", takes_referrals=True)
    referral = services.referral_signpost(
        referral_id=ReferralFactory().pk, by=admin, organisation=mind,
        note="Severe needs: specialist perinatal mental health team")
    assert (referral.status, referral.signposted_to) == (Status.SIGNPOSTED, mind)
    assert referral.closed_at is not None


def test_marking_a_duplicate_links_both_and_loses_nothing(admin):
    first = AcceptedReferralFactory()
    second = ReferralFactory(reason_detail="Second message from the same mum")
    marked = services.referral_mark_duplicate(referral_id=second.pk, by=admin, duplicate_of=first)
    assert marked.status == Status.DUPLICATE
    assert marked.duplicate_of == first and marked.family == first.family
    assert marked.reason_detail == "Second message from the same mum"
    with pytest.raises(ValidationError):
        services.referral_mark_duplicate(referral_id=ReferralFactory().pk, by=admin)


def test_three_failed_attempts_show_unable_to_contact(admin, settings):
    settings.PIEW_FAILED_CONTACT_LIMIT = 3
    referral = AcceptedReferralFactory()
    for _ in range(2):
        services.contact_attempt_record(referral_id=referral.pk, by=admin, method="phone",
                                        outcome=FAILED)
    referral.refresh_from_db()
    assert referral.status == Status.AWAITING_CONTACT
    services.contact_attempt_record(referral_id=referral.pk, by=admin, method="text",
                                    outcome=ContactAttempt.Outcome.MESSAGE_LEFT)
    referral.refresh_from_db()
    assert referral.status == Status.UNABLE_TO_CONTACT
    services.referral_keep_trying(referral_id=referral.pk, by=admin)
    referral.refresh_from_db()
    assert referral.status == Status.AWAITING_CONTACT


def test_closing_unable_to_contact_closes_the_case(admin):
    referral = AcceptedReferralFactory()
    for _ in range(3):
        services.contact_attempt_record(referral_id=referral.pk, by=admin, method="phone",
                                        outcome=FAILED)
    services.referral_close_not_contacted(referral_id=referral.pk, by=admin)
    referral.refresh_from_db()
    assert referral.status == Status.NOT_CONTACTED
    assert referral.family.cases.get().closure_reason == Case.ClosureReason.NOT_ENGAGED


def test_consent_to_take_part_moves_the_family_on_to_assessment(admin):
    referral = AcceptedReferralFactory()
    services.contact_attempt_record(referral_id=referral.pk, by=admin, method="phone", outcome=REACHED)
    mother = referral.family.caregivers.get()
    consent = services.first_contact_consent_record(
        referral_id=referral.pk, by=admin, caregiver=mother, decision="given", method="verbal")
    referral.refresh_from_db()
    assert referral.status == Status.AWAITING_ASSESSMENT
    assert referral.first_contact_at is not None
    assert consent_current(caregiver=mother, purpose="taking_part") == consent
    assert consent.recorded_by == admin


def test_no_consent_no_service(admin):
    referral = AcceptedReferralFactory()
    services.contact_attempt_record(referral_id=referral.pk, by=admin, method="phone", outcome=REACHED)
    mother = referral.family.caregivers.get()
    services.first_contact_consent_record(
        referral_id=referral.pk, by=admin, caregiver=mother, decision="refused", method="verbal")
    referral.refresh_from_db()
    assert referral.status == Status.DECLINED_BY_FAMILY
    case = referral.family.cases.get()
    assert (case.is_open, case.closure_reason) == (False, Case.ClosureReason.DECLINED)
    assert not consent_is_given(caregiver=mother, purpose="taking_part")


def test_consent_waits_until_the_parent_is_reached(admin):
    referral = AcceptedReferralFactory()
    with pytest.raises(ValidationError, match="reached the parent"):
        services.first_contact_consent_record(
            referral_id=referral.pk, by=admin, caregiver=referral.family.caregivers.get(),
            decision="given", method="verbal")
    assert not ConsentRecord.objects.exists()


def test_contact_attempts_are_refused_before_acceptance(admin):
    referral = ReferralFactory()
    with pytest.raises(services.TransitionRefused):
        services.contact_attempt_record(referral_id=referral.pk, by=admin, method="phone",
                                        outcome=REACHED)
    assert not ContactAttempt.objects.exists()


def test_onward_referral_shares_the_family_with_the_partner(admin, make_user):
    partner_org = OrganisationFactory(name="First Steps Forward", takes_referrals=True)
    partner_worker = make_user(Role.PARTNER)
    StaffProfileFactory(user=partner_worker, organisation=partner_org)
    family = family_with_people()
    assert family not in families_visible_to(partner_worker)

    services.onward_referral_create(family=family, organisation=partner_org,
                                    caregiver=family.caregivers.get(), reason="Peer support",
                                    parent_agreed=True, by=admin)

    assert family in families_visible_to(partner_worker)
    assert consent_is_given(caregiver=family.caregivers.get(), purpose="share_with_partner",
                            organisation=partner_org)
    other_partner = make_user(Role.PARTNER)
    StaffProfileFactory(user=other_partner, organisation=OrganisationFactory(name="MIND"))
    assert family not in families_visible_to(other_partner)


def test_onward_referral_needs_the_parents_agreement(admin):
    family = family_with_people()
    with pytest.raises(ValidationError, match="parent has agreed"):
        services.onward_referral_create(family=family, organisation=OrganisationFactory(),
                                        caregiver=family.caregivers.get(), reason="Peer support",
                                        parent_agreed=False, by=admin)
    assert not OnwardReferral.objects.exists()
    assert not family.shares.exists()


def test_the_wait_for_triage_ends_at_the_first_decision(admin):
    referral = ReferralFactory()
    asked = services.referral_request_info(referral_id=referral.pk, by=admin, note="Which hub?")
    services.referral_info_received(referral_id=referral.pk, by=admin, note="Brigg")
    accepted = services.referral_accept(referral_id=referral.pk, by=admin)
    assert accepted.first_triaged_at == asked.triaged_at
    assert accepted.triaged_at > accepted.first_triaged_at
