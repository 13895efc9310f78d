"""The triage actions through the API: each changes the row; refused ones change nothing."""

from collections.abc import Callable
from dataclasses import dataclass

import pytest

from referrals.models import Referral, Source
from referrals.transitions import Status
from team.roles import Role
from tests.factories import (
    AcceptedReferralFactory,
    OrganisationFactory,
    ProfessionalReferralFactory,
    ReferralFactory,
    UserFactory,
    family_with_people,
)
from tests.referrals.api_support import EVERY_ROLE, TRIAGE, api_for, partner_worker, role_id

pytestmark = pytest.mark.django_db


def url(referral: Referral, action: str) -> str:
    return f"/api/v1/referrals/{referral.pk}/{action}/"


def state(referral: Referral) -> tuple:
    """What a triage action changes."""
    row = Referral.objects.get(pk=referral.pk)
    return (row.status, row.triaged_at, row.triaged_by_id, row.decision_note, row.family_id,
            row.signposted_to_id, row.duplicate_of_id, row.closed_at)


@dataclass(frozen=True)
class Act:
    start: Status
    payload: Callable[[], dict]
    end: Status
    check: Callable[[Referral], bool] = lambda referral: True


ACTIONS = {
    "accept": Act(Status.NEW, lambda: {}, Status.AWAITING_CONTACT,
                  lambda r: r.family.cases.filter(closed_at__isnull=True).count() == 1),
    "request-info": Act(Status.NEW, lambda: {"note": "Which GP practice?"}, Status.MORE_INFO,
                        lambda r: r.decision_note == "Which GP practice?"),
    "info-received": Act(Status.MORE_INFO, lambda: {"note": "GP is Ashby Clinic"}, Status.NEW,
                         lambda r: r.decision_note == "GP is Ashby Clinic"),
    "decline": Act(Status.NEW, lambda: {"note": "Lives outside the area"}, Status.DECLINED,
                   lambda r: r.closed_at is not None and r.decision_note == "Lives outside the area"),
    "signpost": Act(Status.NEW, lambda: {"note": "Severe needs: perinatal mental health team",
                                         "organisation": OrganisationFactory(name="SPMHT").pk},
                    Status.SIGNPOSTED, lambda r: r.signposted_to.name == "SPMHT"),
    "mark-duplicate": Act(Status.NEW, lambda: {"duplicate_of": ReferralFactory(parent_first_name="Dup").pk},
                          Status.DUPLICATE, lambda r: r.duplicate_of.parent_first_name == "Dup"),
}


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("role", sorted(TRIAGE))
def test_each_action_changes_the_referral(role, action):
    act = ACTIONS[action]
    user = UserFactory(role=role)
    referral = ReferralFactory(status=act.start)

    response = api_for(user).post(url(referral, action), act.payload(), format="json")

    assert response.status_code == 200, response.content
    referral.refresh_from_db()
    assert referral.status == act.end
    assert response.json()["status"] == act.end
    assert act.check(referral)
    if action != "info-received":  # the information arriving is not a triage decision
        assert referral.triaged_by == user


def test_accept_links_a_known_family_and_names_who_makes_first_contact():
    health_visitor = UserFactory(role=Role.HEALTH_VISITOR)
    family = family_with_people()
    referral = ReferralFactory()

    response = api_for(UserFactory(role=Role.ADMIN_ASSISTANT)).post(
        url(referral, "accept"), {"family": family.pk, "first_contact_by": health_visitor.pk},
        format="json")

    assert response.status_code == 200, response.content
    referral.refresh_from_db()
    assert referral.family == family
    assert family.cases.get(closed_at__isnull=True).key_worker == health_visitor


def test_a_refused_transition_is_409_and_changes_nothing():
    referral = ProfessionalReferralFactory()
    api = api_for(UserFactory(role=Role.ADMIN_ASSISTANT))
    assert api.post(url(referral, "decline"), {"note": "Out of area"}, format="json").status_code == 200
    before = state(referral)

    response = api.post(url(referral, "accept"), {}, format="json")

    assert response.status_code == 409
    assert response.json()["detail"].startswith("This referral is now “Declined”")
    assert response.json()["detail"].endswith("Nothing was changed.")
    assert state(referral) == before
    assert not Referral.objects.get(pk=referral.pk).family_id


def test_two_administrators_one_after_the_other_only_the_first_wins():
    referral = ReferralFactory()
    first, second = (api_for(UserFactory(role=Role.ADMIN_ASSISTANT, first_name=name, last_name="Admin"))
                     for name in ("Ann", "Bea"))

    accepted = first.post(url(referral, "accept"), {}, format="json")
    signposted = second.post(url(referral, "signpost"), {"note": "To peer support"}, format="json")

    assert accepted.status_code == 200
    assert signposted.status_code == 409
    assert "Accepted: awaiting first contact" in signposted.json()["detail"]
    assert "by Ann Admin" in signposted.json()["detail"]
    referral.refresh_from_db()
    assert (referral.status, referral.triaged_by, referral.signposted_to) == (
        Status.AWAITING_CONTACT, first.user, None)


@pytest.mark.parametrize(("action", "payload", "field"), [
    ("decline", {}, "note"),
    ("decline", {"note": "   "}, "note"),
    ("request-info", {"note": ""}, "note"),
    ("signpost", {"note": ""}, "note"),
    ("signpost", {"note": "Peer support", "organisation": 999999}, "organisation"),
    ("mark-duplicate", {}, "duplicate_of"),
    ("mark-duplicate", {"duplicate_of": 999999}, "duplicate_of"),
    ("accept", {"family": 999999}, "family"),
    ("accept", {"first_contact_by": "someone"}, "first_contact_by"),
])
def test_bad_input_to_an_action_is_a_400_naming_the_field(action, payload, field):
    referral = ReferralFactory()
    before = state(referral)

    response = api_for(UserFactory(role=Role.TEAM_LEAD)).post(url(referral, action), payload,
                                                             format="json")

    assert response.status_code == 400
    assert list(response.json()) == [field]
    assert state(referral) == before


def test_a_referral_cannot_duplicate_itself():
    referral = ReferralFactory()

    response = api_for(UserFactory(role=Role.TEAM_LEAD)).post(
        url(referral, "mark-duplicate"), {"duplicate_of": referral.pk}, format="json")

    assert (response.status_code, response.json()) == (
        400, {"duplicate_of": ["A referral cannot duplicate itself"]})
    assert Referral.objects.get(pk=referral.pk).status == Status.NEW


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("role", [role for role in EVERY_ROLE if role not in TRIAGE], ids=role_id)
def test_roles_that_do_not_triage_are_refused_and_nothing_changes(role, action):
    """403 where the role sees the referral (its family is on their caseload, or the whole service
    is theirs), 404 where it does not; either way nothing changes."""
    user = UserFactory(role=role)
    referral = ReferralFactory(status=ACTIONS[action].start,
                               family=family_with_people(key_worker=user))
    payload = ACTIONS[action].payload()
    before = state(referral)

    response = api_for(user).post(url(referral, action), payload, format="json")

    sees = role in (Role.HEALTH_VISITOR, Role.PIEW_WORKER, Role.CLINICAL_PSYCHOLOGIST)
    assert response.status_code == (403 if sees else 404)
    assert state(referral) == before


@pytest.mark.parametrize("action", ACTIONS)
def test_a_partner_cannot_triage_even_its_own_referral(action):
    organisation = OrganisationFactory()
    user = partner_worker(organisation)
    ours = ProfessionalReferralFactory(source=Source.PARTNER, referrer_partner=organisation,
                                       status=ACTIONS[action].start)
    theirs = ProfessionalReferralFactory(source=Source.PARTNER, referrer_partner=OrganisationFactory(),
                                         status=ACTIONS[action].start)
    before = state(ours), state(theirs)
    api = api_for(user)

    assert api.post(url(ours, action), ACTIONS[action].payload(), format="json").status_code == 403
    assert api.post(url(theirs, action), ACTIONS[action].payload(), format="json").status_code == 404
    assert (state(ours), state(theirs)) == before


def test_an_accepted_referral_read_through_the_api_shows_its_family():
    referral = AcceptedReferralFactory()

    data = api_for(UserFactory(role=Role.TEAM_LEAD)).get(f"/api/v1/referrals/{referral.pk}/").json()

    assert (data["status"], data["family"]) == ("awaiting_contact", referral.family_id)
