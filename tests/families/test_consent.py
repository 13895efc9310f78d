"""Consent records: the current state is the latest decision, history is kept, and a
withdrawal takes effect at once (shares end, registered hooks run after commit)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from families import consent, services
from families.chronology import family_chronology
from families.consent import can_contact, consent_current, family_consent_state, family_consent_summary
from families.models import ConsentRecord, Family, Share
from team.roles import Role
from tests.factories import FatherFactory, OrganisationFactory, family_with_people

pytestmark = pytest.mark.django_db

Purpose, Decision = ConsentRecord.Purpose, ConsentRecord.Decision


@pytest.fixture
def lead(make_user):
    return make_user(Role.TEAM_LEAD, first_name="Sam", last_name="Lead")


@pytest.fixture
def family():
    return family_with_people()


def record(caregiver, by, purpose=Purpose.FEEDBACK_CONTACT, decision=Decision.GIVEN, **fields):
    return services.consent_record(caregiver=caregiver, purpose=purpose, decision=decision,
                                   method=ConsentRecord.Method.VERBAL, recorded_by=by, **fields)


def test_current_state_is_the_latest_decision_and_history_is_kept(family, lead):
    mother = family.caregivers.get()
    first = record(mother, lead)
    withdrawn = services.consent_withdraw(caregiver=mother, purpose=Purpose.FEEDBACK_CONTACT,
                                          method=ConsentRecord.Method.WRITTEN, recorded_by=lead)
    assert consent_current(caregiver=mother, purpose=Purpose.FEEDBACK_CONTACT) == withdrawn
    again = record(mother, lead)

    state = family_consent_state(family=family)
    assert state[(mother.pk, Purpose.FEEDBACK_CONTACT, None)] == again
    assert list(ConsentRecord.objects.filter(caregiver=mother).values_list("decision", flat=True)
                ) == ["given", "withdrawn", "given"]
    first.refresh_from_db()
    assert (first.decision, withdrawn.decision) == ("given", "withdrawn")


def test_a_family_consent_summary_takes_one_query(family, lead):
    mother = family.caregivers.get()
    father = FatherFactory(family=family)
    organisation = OrganisationFactory(name="First Steps Forward")
    record(mother, lead, Purpose.TAKING_PART)
    record(mother, lead, Purpose.SHARE_WITH_PARTNER, organisation=organisation)
    record(father, lead, Purpose.VIDEO_RECORDING, Decision.REFUSED)
    family = Family.objects.prefetch_related("caregivers").get(pk=family.pk)

    with CaptureQueriesContext(connection) as queries:
        summary = family_consent_summary(family=family)
        shown = {(c.first_name, row.label): row.record and row.record.decision
                 for c, rows in summary for row in rows}
        str([row.record.organisation for _, rows in summary for row in rows if row.record])

    assert len(queries) == 1
    assert shown[(mother.first_name, "Taking part in the PIEW service")] == "given"
    assert shown[(mother.first_name, "Sharing with a partner organisation: First Steps Forward")] == "given"
    assert shown[(mother.first_name, "Video recording for VIG")] is None
    assert shown[(father.first_name, "Video recording for VIG")] == "refused"


def test_partner_sharing_names_the_partner(family, lead):
    with pytest.raises(ValidationError) as error:
        record(family.caregivers.get(), lead, Purpose.SHARE_WITH_PARTNER)
    assert error.value.message_dict == {"organisation": ["Choose the partner organisation"]}
    assert not ConsentRecord.objects.exists()


def test_a_decision_cannot_be_dated_in_the_future(family, lead):
    tomorrow = datetime.date.today() + datetime.timedelta(days=2)
    with pytest.raises(ValidationError):
        record(family.caregivers.get(), lead, decided_on=tomorrow)
    assert not ConsentRecord.objects.exists()


# Contact consent: checked by the sender at the moment it acts ---------------------------------


def test_can_contact_needs_consent_and_the_channels_detail(family, lead):
    mother = family.caregivers.get()
    mother.email, mother.mobile = "mum@example.org", ""
    mother.save()
    assert not can_contact(mother, "email")
    record(mother, lead)
    assert can_contact(mother, "email")
    assert not can_contact(mother, "text")  # no mobile number recorded
    services.consent_withdraw(caregiver=mother, purpose=Purpose.FEEDBACK_CONTACT,
                              method=ConsentRecord.Method.VERBAL, recorded_by=lead)
    assert not can_contact(mother, "email")


def test_can_contact_by_text_with_a_mobile(family, lead):
    mother = family.caregivers.get()
    mother.email, mother.mobile = "", "07700900123"
    mother.save()
    record(mother, lead)
    assert can_contact(mother, "text") and not can_contact(mother, "email")
    with pytest.raises(ValueError, match="Unknown contact channel"):
        can_contact(mother, "pigeon")


# Partner sharing: a withdrawal ends the share at once ----------------------------------------


def test_share_needs_consent_first(family, lead):
    organisation = OrganisationFactory(name="First Steps Forward")
    with pytest.raises(ValidationError, match="consent to share with First Steps Forward"):
        services.share_with_organisation(family=family, organisation=organisation, reason="Peer",
                                         shared_by=lead)
    assert not Share.objects.exists()


@pytest.mark.parametrize("decision", [Decision.WITHDRAWN, Decision.REFUSED])
def test_withdrawing_partner_consent_ends_the_share(family, lead, decision):
    mother = family.caregivers.get()
    organisation = OrganisationFactory(name="First Steps Forward")
    other = OrganisationFactory(name="Home-Start")
    for partner in (organisation, other):
        record(mother, lead, Purpose.SHARE_WITH_PARTNER, organisation=partner)
        services.share_with_organisation(family=family, organisation=partner, reason="Peer",
                                         shared_by=lead)

    record(mother, lead, Purpose.SHARE_WITH_PARTNER, decision, organisation=organisation)

    assert Share.objects.get(organisation=organisation).ended_at is not None
    assert Share.objects.get(organisation=other).ended_at is None
    assert Share.history.filter(organisation=organisation, ended_at__isnull=False).count() == 1


def test_share_stays_while_another_parent_still_consents(family, lead):
    mother, father = family.caregivers.get(), FatherFactory(family=family)
    organisation = OrganisationFactory(name="First Steps Forward")
    record(mother, lead, Purpose.SHARE_WITH_PARTNER, organisation=organisation)
    record(father, lead, Purpose.SHARE_WITH_PARTNER, organisation=organisation)
    share = services.share_with_organisation(family=family, organisation=organisation,
                                             reason="Peer", shared_by=lead)
    record(mother, lead, Purpose.SHARE_WITH_PARTNER, Decision.WITHDRAWN, organisation=organisation)
    share.refresh_from_db()
    assert share.ended_at is None
    record(father, lead, Purpose.SHARE_WITH_PARTNER, Decision.WITHDRAWN, organisation=organisation)
    share.refresh_from_db()
    assert share.ended_at is not None


# Withdrawal hooks: higher apps cancel what they scheduled --------------------------------------


@pytest.fixture
def hook_calls():
    calls = []

    def cancel_feedback(**kwargs):
        calls.append(kwargs)

    consent.on_withdrawn(Purpose.FEEDBACK_CONTACT)(cancel_feedback)
    yield calls
    consent._withdrawal_hooks[Purpose.FEEDBACK_CONTACT].remove(cancel_feedback)


def test_withdrawal_hook_runs_once_after_commit(family, lead, hook_calls,
                                                django_capture_on_commit_callbacks):
    mother = family.caregivers.get()
    record(mother, lead)
    with django_capture_on_commit_callbacks(execute=True):
        withdrawn = services.consent_withdraw(
            caregiver=mother, purpose=Purpose.FEEDBACK_CONTACT,
            method=ConsentRecord.Method.VERBAL, recorded_by=lead)
        assert hook_calls == []  # not before the commit
    assert hook_calls == [{"caregiver": mother, "purpose": Purpose.FEEDBACK_CONTACT,
                           "record": withdrawn}]


def test_withdrawal_hook_is_not_run_for_other_purposes_or_consent_given(
        family, lead, hook_calls, django_capture_on_commit_callbacks):
    mother = family.caregivers.get()
    with django_capture_on_commit_callbacks(execute=True):
        record(mother, lead)
        record(mother, lead, Purpose.VIDEO_RECORDING, Decision.WITHDRAWN)
    assert hook_calls == []


def test_withdrawal_hook_is_not_run_when_the_transaction_rolls_back(
        family, lead, hook_calls, django_capture_on_commit_callbacks):
    mother = family.caregivers.get()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            services.consent_withdraw(caregiver=mother, purpose=Purpose.FEEDBACK_CONTACT,
                                      method=ConsentRecord.Method.VERBAL, recorded_by=lead)
            raise RuntimeError("something later failed")
    assert (callbacks, hook_calls) == ([], [])
    assert not ConsentRecord.objects.exists()


def test_registering_a_hook_twice_calls_it_once(hook_calls):
    callback = consent.withdrawal_hooks(Purpose.FEEDBACK_CONTACT)[-1]
    consent.on_withdrawn(Purpose.FEEDBACK_CONTACT)(callback)
    assert consent.withdrawal_hooks(Purpose.FEEDBACK_CONTACT).count(callback) == 1


# Chronology ----------------------------------------------------------------------------------


def test_chronology_reads_well_for_a_withdrawal(family, lead):
    mother = family.caregivers.get()
    organisation = OrganisationFactory(name="First Steps Forward")
    record(mother, lead, Purpose.SHARE_WITH_PARTNER, Decision.WITHDRAWN, organisation=organisation,
           decided_on=datetime.date(2026, 3, 4), note="Does not want peer support now.")
    record(mother, lead, Purpose.TAKING_PART)
    titles = {event.title: event for event in family_chronology(family=family, user=lead)
              if event.category == "Consent"}
    event = titles["Consent withdrawn: sharing with a partner organisation with First Steps Forward"]
    assert event.detail == f"{mother.full_name}, verbal, on 4 March 2026. Does not want peer support now."
    assert event.actor == "Sam Lead"
    assert "Consent given: taking part in the PIEW service" in titles
