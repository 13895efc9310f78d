"""Each triage decision through its page: what changed, the messages a person sees, a decision
the referral's state no longer allows (nothing changes), and who may decide."""

import datetime

import pytest
from django.utils import timezone

from families.models import Case, Family
from referrals.models import Referral
from referrals.transitions import Status
from team.models import Organisation
from team.roles import Role
from tests.factories import (
    VALID_NHS_NUMBERS,
    AcceptedReferralFactory,
    CaregiverFactory,
    FamilyFactory,
    OrganisationFactory,
    ReferralFactory,
)
from tests.referrals.triage_support import (
    ROLES,
    TRIAGE_ROLES,
    error_summary,
    field_error,
    heading,
    role_id,
    snapshot,
    text,
)

pytestmark = pytest.mark.django_db

NOTE = "Spoke to the midwife: severe symptoms, needs the specialist team."


def _referral(**fields) -> Referral:
    return ReferralFactory(
        parent_first_name="Amira", parent_last_name="Khan", parent_nhs_number=VALID_NHS_NUMBERS[0],
        parent_date_of_birth=datetime.date(1996, 4, 2), parent_email="amira@example.com",
        address_line_1="12 Oswald Road", postcode="DN15 7AB", preferred_language="Urdu", **fields,
    )


def test_accept_makes_the_family_from_the_referral_and_opens_its_case(client_for, make_user):
    referral = _referral()
    health_visitor = make_user(Role.HEALTH_VISITOR, first_name="Hana", last_name="Visitor")
    client = client_for(Role.ADMIN_ASSISTANT)

    page = client.get(f"/referrals/{referral.pk}/accept/")
    response = client.post(f"/referrals/{referral.pk}/accept/",
                           {"family": "", "first_contact_by": health_visitor.pk})

    assert heading(page) == "Accept the referral"
    assert f'<option value="{health_visitor.pk}">Hana Visitor</option>' in page.content.decode()
    referral.refresh_from_db()
    assert (referral.status, referral.triaged_by) == (Status.AWAITING_CONTACT, client.user)
    family = referral.family
    assert (family.address_line_1, family.postcode, family.created_by) == (
        "12 Oswald Road", "DN15 7AB", client.user)
    parent = family.caregivers.get()
    assert (parent.full_name, parent.nhs_number, parent.date_of_birth, parent.email,
            parent.preferred_language) == ("Amira Khan", VALID_NHS_NUMBERS[0], datetime.date(1996, 4, 2),
                                           "amira@example.com", "Urdu")
    assert family.children.get().expected_date == referral.baby_due_date
    case = family.cases.get()
    assert (case.closed_at, case.key_worker, case.opened_by) == (None, health_visitor, client.user)
    assert response.url == f"/referrals/{referral.pk}/"
    shown = text(client.get(response.url))
    assert (f"Referral {referral.reference} accepted. Family {family.reference} is awaiting first contact"
            in shown)


def test_accept_can_link_a_family_the_team_already_knows(client_for):
    known = FamilyFactory(postcode="DN15 7AB")
    CaregiverFactory(family=known, first_name="Amira", last_name="Khan", nhs_number=VALID_NHS_NUMBERS[0])
    referral = _referral()
    client = client_for(Role.TEAM_LEAD)

    page = client.get(f"/referrals/{referral.pk}/accept/")
    client.post(f"/referrals/{referral.pk}/accept/", {"family": known.pk})

    assert f"Make a new family record from this referral Link to family {known.reference}: Amira Khan, " \
           "DN15 7AB (same NHS number)" in text(page)
    referral.refresh_from_db()
    assert referral.family == known
    assert Family.objects.count() == 1
    assert known.cases.get().closed_at is None


def test_accept_links_only_a_family_offered_as_a_possible_duplicate(client_for):
    other = FamilyFactory()
    referral = _referral()
    client = client_for(Role.ADMIN_ASSISTANT)
    before = snapshot(referral)

    response = client.post(f"/referrals/{referral.pk}/accept/", {"family": other.pk})

    assert response.status_code == 200
    assert error_summary(response) == ["Select one of the families listed, or make a new family record"]
    assert snapshot(referral) == before


def test_accept_says_what_is_missing_to_make_a_family(client_for):
    referral = _referral()
    Referral.objects.filter(pk=referral.pk).update(address_line_1="", postcode="")
    client = client_for(Role.ADMIN_ASSISTANT)
    before = snapshot(referral)

    response = client.post(f"/referrals/{referral.pk}/accept/", {})

    assert error_summary(response) == [
        "A new family record needs the first line of the address and the postcode, and this referral "
        "does not give them. Link the referral to an existing family, or ask for more information."]
    assert snapshot(referral) == before


@pytest.mark.parametrize("page, data, message", [
    ("request-info", {}, "Enter what information is needed, and from whom"),
    ("decline", {"note": "   "}, "Enter why the referral is declined"),
    ("signpost", {}, "Enter where the family was signposted to, and why"),
])
def test_a_note_is_required(client_for, page, data, message):
    referral = _referral()
    client = client_for(Role.ADMIN_ASSISTANT)
    before = snapshot(referral)

    response = client.post(f"/referrals/{referral.pk}/{page}/", data)

    assert response.status_code == 200
    assert error_summary(response) == [message]
    assert field_error(response, "note") == message
    assert snapshot(referral) == before


def test_ask_for_more_information_then_record_it(client_for):
    referral = _referral()
    client = client_for(Role.ADMIN_ASSISTANT)

    client.post(f"/referrals/{referral.pk}/request-info/", {"note": "Ask the GP for the EPDS score"})
    referral.refresh_from_db()
    assert (referral.status, referral.decision_note, referral.closed_at) == (
        Status.MORE_INFO, "Ask the GP for the EPDS score", None)

    missing = client.post(f"/referrals/{referral.pk}/info-received/", {"note": ""})
    assert error_summary(missing) == ["Enter the information received"]

    response = client.post(f"/referrals/{referral.pk}/info-received/", {"note": "EPDS 14 on 2 March"})
    referral.refresh_from_db()
    assert (referral.status, referral.decision_note) == (Status.NEW, "EPDS 14 on 2 March")
    assert f"Referral {referral.reference} is back in the queue as new" in text(client.get(response.url))


def test_decline_closes_the_referral_with_its_reason(client_for):
    referral = _referral()
    client = client_for(Role.ADMIN_ASSISTANT)

    client.post(f"/referrals/{referral.pk}/decline/", {"note": "Lives outside North Lincolnshire"})

    referral.refresh_from_db()
    assert (referral.status, referral.decision_note, referral.triaged_by) == (
        Status.DECLINED, "Lives outside North Lincolnshire", client.user)
    assert referral.closed_at is not None and referral.family is None


def test_signpost_to_a_partner_or_another_service(client_for):
    partner = OrganisationFactory(name="MIND", takes_referrals=True, kind=Organisation.Kind.VOLUNTARY)
    OrganisationFactory(name="Closed partner", takes_referrals=True, active=False)
    referral, other = _referral(), _referral()
    client = client_for(Role.TEAM_LEAD)

    page = client.get(f"/referrals/{referral.pk}/signpost/").content.decode()
    client.post(f"/referrals/{referral.pk}/signpost/", {"organisation": partner.pk, "note": "Peer support"})
    client.post(f"/referrals/{other.pk}/signpost/", {"note": NOTE})

    assert "MIND" in page and "Closed partner" not in page
    referral.refresh_from_db()
    other.refresh_from_db()
    assert (referral.status, referral.signposted_to, referral.decision_note) == (
        Status.SIGNPOSTED, partner, "Peer support")
    assert (other.status, other.signposted_to, other.decision_note) == (Status.SIGNPOSTED, None, NOTE)


def test_mark_as_a_duplicate_of_another_referral(client_for):
    first = AcceptedReferralFactory()
    again = _referral()
    client = client_for(Role.ADMIN_ASSISTANT)

    response = client.post(f"/referrals/{again.pk}/duplicate/",
                           {"reference": f"r-{first.pk}", "note": "Same"})

    again.refresh_from_db()
    assert (again.status, again.duplicate_of, again.family, again.decision_note) == (
        Status.DUPLICATE, first, first.family, "Same")
    assert f"Referral {again.reference} marked as a duplicate of {first.reference}" in text(
        client.get(response.url))
    assert Referral.objects.get(pk=first.pk).status == Status.AWAITING_CONTACT  # nothing lost


def test_mark_as_a_duplicate_of_a_family(client_for):
    family = FamilyFactory()
    referral = _referral()
    client = client_for(Role.ADMIN_ASSISTANT)

    client.post(f"/referrals/{referral.pk}/duplicate/", {"reference": family.reference})

    referral.refresh_from_db()
    assert (referral.status, referral.family, referral.duplicate_of) == (Status.DUPLICATE, family, None)


@pytest.mark.parametrize("reference, message", [
    ("", "Enter the reference of the referral or family it duplicates"),
    ("banana", "Enter a reference like R-000123 or PIEW-000045"),
    ("R-999999", "There is no referral R-999999. Check the reference"),
    ("PIEW-999999", "There is no family PIEW-999999. Check the reference"),
    ("SELF", "A referral cannot duplicate itself"),
])
def test_mark_as_a_duplicate_needs_a_real_other_record(client_for, reference, message):
    referral = _referral()
    client = client_for(Role.ADMIN_ASSISTANT)
    before = snapshot(referral)

    response = client.post(f"/referrals/{referral.pk}/duplicate/",
                           {"reference": reference.replace("SELF", referral.reference)})

    assert field_error(response, "reference") == message
    assert snapshot(referral) == before


REFUSED = [  # (page, data, the state the referral is in, the action's name in the message)
    ("decline", {"note": NOTE}, "accepted", "Decline"),
    ("accept", {}, "declined", "Accept"),
    ("request-info", {"note": NOTE}, "more_info", "Ask for more information"),
    ("info-received", {"note": NOTE}, "new", "Information received"),
    ("signpost", {"note": NOTE}, "duplicate", "Signpost"),
    ("duplicate", {"reference": "R-OTHER"}, "signposted", "Mark as a duplicate"),
]


def _in_state(state: str, by) -> Referral:
    referral = _referral()
    if state == "accepted":
        return AcceptedReferralFactory()
    updates = {"new": {}, "more_info": {"status": Status.MORE_INFO}}.get(state)
    if updates is None:  # a closed state, decided by a colleague
        updates = {"status": state, "closed_at": timezone.now(), "triaged_at": timezone.now(),
                   "triaged_by": by}
    Referral.objects.filter(pk=referral.pk).update(**updates)
    return referral


@pytest.mark.parametrize("page, data, state, action", REFUSED)
def test_a_decision_the_state_no_longer_allows_is_refused_and_changes_nothing(
    client_for, make_user, page, data, state, action,
):
    colleague = make_user(Role.TEAM_LEAD, first_name="Tess", last_name="Lead")
    referral = _in_state(state, colleague)
    data = {key: value.replace("OTHER", str(_referral().pk)) for key, value in data.items()}
    client = client_for(Role.ADMIN_ASSISTANT)
    before = snapshot(referral)

    response = client.post(f"/referrals/{referral.pk}/{page}/", data)

    assert response.status_code == 200
    [message] = error_summary(response)
    status = Referral.objects.get(pk=referral.pk).get_status_display()
    assert message.startswith(f"This referral is now “{status}”")
    assert message.endswith(f"so it cannot be changed with “{action}”. Nothing was changed.")
    if state not in ("new", "more_info", "accepted"):
        assert "by Tess Lead on " in message
    assert snapshot(referral) == before


def test_a_colleague_who_decided_first_wins(client_for, make_user):
    referral = _referral()
    colleague = client_for(Role.TEAM_LEAD, first_name="Tess", last_name="Lead")
    colleague.post(f"/referrals/{referral.pk}/decline/", {"note": "Out of area"})
    after_first = snapshot(referral)
    client = client_for(Role.ADMIN_ASSISTANT)

    response = client.post(f"/referrals/{referral.pk}/accept/", {})

    assert error_summary(response)[0].startswith("This referral is now “Declined” by Tess Lead on ")
    assert snapshot(referral) == after_first
    assert Case.objects.count() == 0


def test_a_page_the_state_does_not_allow_says_so_without_a_form(client_for):
    referral = AcceptedReferralFactory()
    client = client_for(Role.ADMIN_ASSISTANT)

    response = client.get(f"/referrals/{referral.pk}/decline/")

    assert heading(response) == "Decline the referral"
    assert ("This referral is “Accepted: awaiting first contact”, so it cannot be changed with “Decline”."
            in text(response))
    assert "<textarea" not in response.content.decode()


PAGES = {
    "accept": {},
    "request-info": {"note": NOTE},
    "decline": {"note": NOTE},
    "signpost": {"note": NOTE},
    "duplicate": {"reference": "PIEW-OTHER"},
}
# Those who may see a referral not yet linked to a family, but may not triage it.
SEES_WITHOUT_TRIAGE = frozenset({Role.CLINICAL_PSYCHOLOGIST})


@pytest.mark.parametrize("page", [*PAGES, "info-received"])
@pytest.mark.parametrize("role", ROLES, ids=role_id)
def test_who_may_triage(client_for, role, page):
    referral = _referral(status=Status.MORE_INFO if page == "info-received" else Status.NEW)
    other = FamilyFactory()
    data = {key: value.replace("OTHER", f"{other.pk:06d}") for key, value in
            PAGES.get(page, {"note": NOTE}).items()}
    client = client_for(role)
    before = snapshot(referral)

    opened = client.get(f"/referrals/{referral.pk}/{page}/")
    posted = client.post(f"/referrals/{referral.pk}/{page}/", data)

    if role in TRIAGE_ROLES:
        assert opened.status_code == 200 and posted.status_code == 302
        assert snapshot(referral) != before
        return
    status = 403 if role in SEES_WITHOUT_TRIAGE else 404
    assert (opened.status_code, posted.status_code) == (status, status)
    assert heading(posted) == {403: "You cannot do this", 404: "Page not found"}[status]
    assert snapshot(referral) == before


@pytest.mark.parametrize("page", [*PAGES, "info-received"])
def test_anonymous_may_not_triage(client, page):
    referral = _referral()
    before = snapshot(referral)

    response = client.post(f"/referrals/{referral.pk}/{page}/", {"note": NOTE})

    assert response.url.startswith("/sign-in/")
    assert snapshot(referral) == before
