"""The referrals API: lists, reads and new referrals, with exactly the pages' access."""

from dataclasses import dataclass

import pytest
from django.utils import timezone

from referrals.models import Channel, Referral, Source
from referrals.transitions import Status
from team.models import Organisation, User
from team.roles import Role
from tests.factories import (
    HubFactory,
    OrganisationFactory,
    ProfessionalReferralFactory,
    ReferralFactory,
    UserFactory,
    family_with_people,
)
from tests.referrals.api_support import EVERY_ROLE, api_for, ids, partner_worker, role_id

pytestmark = pytest.mark.django_db

LIST = "/api/v1/referrals/"
SEES_EVERY_REFERRAL = frozenset({Role.ADMIN_ASSISTANT, Role.TEAM_LEAD, Role.CLINICAL_PSYCHOLOGIST})
KEY_WORKERS = frozenset({Role.HEALTH_VISITOR, Role.PIEW_WORKER})


@dataclass
class World:
    user: User
    organisation: Organisation
    referrals: dict[str, Referral]

    def visible_to(self, role: Role | None) -> list[str]:
        if role in SEES_EVERY_REFERRAL:
            return list(self.referrals)
        if role in KEY_WORKERS:
            return ["own_family"]
        if role == Role.PARTNER:
            return ["our_partner"]
        return []


@pytest.fixture
def world():
    """world(role): the user (key worker of one family; a partner's worker at one organisation),
    and a referral of each kind."""

    def make(role: Role | None) -> World:
        organisation = OrganisationFactory(name="First Steps Forward")
        user = partner_worker(organisation) if role == Role.PARTNER else UserFactory(role=role)
        colleague = UserFactory(role=Role.HEALTH_VISITOR)
        referrals = {
            "own_family": ReferralFactory(family=family_with_people(key_worker=user)),
            "other_family": ReferralFactory(family=family_with_people(key_worker=colleague)),
            "not_linked": ReferralFactory(),
            "our_partner": ProfessionalReferralFactory(source=Source.PARTNER, referrer_partner=organisation),
            "other_partner": ProfessionalReferralFactory(source=Source.PARTNER,
                                                         referrer_partner=OrganisationFactory()),
        }
        return World(user=user, organisation=organisation, referrals=referrals)

    return make


@pytest.mark.parametrize("role", EVERY_ROLE, ids=role_id)
def test_the_list_holds_exactly_the_referrals_the_role_may_see(world, role):
    w = world(role)

    response = api_for(w.user).get(LIST)

    assert ids(response) == sorted(w.referrals[name].pk for name in w.visible_to(role))


@pytest.mark.parametrize("role", EVERY_ROLE, ids=role_id)
def test_a_referral_the_role_may_not_see_answers_404_like_one_that_does_not_exist(world, role):
    w = world(role)
    api = api_for(w.user)
    missing = api.get(f"{LIST}999999/")
    assert missing.status_code == 404

    for name, referral in w.referrals.items():
        response = api.get(f"{LIST}{referral.pk}/")
        if name in w.visible_to(role):
            assert (response.status_code, response.json()["id"]) == (200, referral.pk)
        else:
            assert (response.status_code, response.json()) == (404, missing.json()), name


def test_anonymous_gets_nothing():
    referral = ReferralFactory()
    from rest_framework.test import APIClient

    assert APIClient().get(LIST).status_code in (401, 403)
    assert APIClient().get(f"{LIST}{referral.pk}/").status_code in (401, 403)


def test_a_partner_without_an_organisation_sees_no_referrals():
    user = UserFactory(role=Role.PARTNER)
    ProfessionalReferralFactory(source=Source.PARTNER, referrer_partner=OrganisationFactory())

    assert ids(api_for(user).get(LIST)) == []


def test_a_referral_reads_back_with_its_reasons_and_reference():
    referral = ReferralFactory(parent_first_name="Amira", status=Status.NEW)
    referral.reasons.create(reason="anxiety")
    referral.reasons.create(reason="bonding")

    data = api_for(UserFactory(role=Role.ADMIN_ASSISTANT)).get(f"{LIST}{referral.pk}/").json()

    assert (data["reference"], data["parent_first_name"], data["status"]) == (
        referral.reference, "Amira", "new")
    assert sorted(data["reasons"]) == ["anxiety", "bonding"]


# Filters.

@pytest.fixture
def filtered():
    north, south = HubFactory(name="North"), HubFactory(name="South")
    day = timezone.make_aware(timezone.datetime(2026, 3, 10, 23, 30))  # London: late on 10 March
    return {
        "a": ReferralFactory(hub=north, channel=Channel.PHONE, received_at=day),
        "b": ProfessionalReferralFactory(hub=south, channel=Channel.EMAIL,
                                         received_at=day + timezone.timedelta(hours=1)),
        "c": ProfessionalReferralFactory(hub=north, channel=Channel.EMAIL, status=Status.MORE_INFO,
                                         received_at=day + timezone.timedelta(days=5)),
        "d": ReferralFactory(hub=None, channel=Channel.ONLINE_FORM, status=Status.DECLINED,
                             closed_at=day, received_at=day - timezone.timedelta(days=30)),
        "north": north, "south": south,
    }


@pytest.mark.parametrize(("query", "expected"), [
    ({}, "abcd"),
    ({"status": "new"}, "ab"),
    ({"status": "more_info"}, "c"),
    ({"source": "professional"}, "bc"),
    ({"source": "self"}, "ad"),
    ({"channel": "email"}, "bc"),
    ({"hub": "north"}, "ac"),
    ({"received_after": "2026-03-11"}, "bc"),  # b: 00:30 on 11 March in London
    ({"received_before": "2026-03-10"}, "ad"),
    ({"received_after": "2026-03-10", "received_before": "2026-03-11"}, "ab"),
    ({"source": "professional", "hub": "north"}, "c"),
])
def test_list_filters_return_exactly_the_matching_referrals(filtered, query, expected):
    query = {key: filtered[value].pk if key == "hub" else value for key, value in query.items()}

    response = api_for(UserFactory(role=Role.TEAM_LEAD)).get(LIST, query)

    assert ids(response) == sorted(filtered[name].pk for name in expected)


@pytest.mark.parametrize("query", [{"status": "lost"}, {"received_after": "next tuesday"}, {"hub": "999"}])
def test_a_bad_filter_is_a_400_naming_it(query):
    response = api_for(UserFactory(role=Role.TEAM_LEAD)).get(LIST, query)

    assert response.status_code == 400
    assert list(response.json()) == list(query)


# Creating referrals.

NEW_REFERRAL = {
    "source": "professional", "channel": "email", "referrer_name": "Jo Midwife",
    "referrer_role": "midwife", "family_agreed": True, "reasons": ["low_mood", "anxiety"],
    "parent_first_name": "Amira", "parent_last_name": "Khan", "postcode": "dn15 7ab",
    "parent_mobile": "+44 7700 900982", "baby_due_date": "2026-12-01",
}


@pytest.mark.parametrize("role", sorted(SEES_EVERY_REFERRAL - {Role.CLINICAL_PSYCHOLOGIST}))
def test_the_triage_roles_record_a_referral(role):
    user = UserFactory(role=role)

    response = api_for(user).post(LIST, NEW_REFERRAL, format="json")

    assert response.status_code == 201, response.content
    referral = Referral.objects.get(pk=response.json()["id"])
    assert (referral.source, referral.channel, referral.created_by, referral.status) == (
        "professional", "email", user, "new")
    assert (referral.postcode, referral.parent_mobile) == ("DN15 7AB", "07700 900982")
    assert sorted(referral.reasons.values_list("reason", flat=True)) == ["anxiety", "low_mood"]
    assert sorted(response.json()["reasons"]) == ["anxiety", "low_mood"]


@pytest.mark.parametrize("role", [Role.HEALTH_VISITOR, Role.PIEW_WORKER, Role.CLINICAL_PSYCHOLOGIST,
                                  Role.VIEWER, None], ids=role_id)
def test_other_roles_may_not_record_referrals(role):
    response = api_for(UserFactory(role=role)).post(LIST, NEW_REFERRAL, format="json")

    assert response.status_code == 403
    assert not Referral.objects.exists()


@pytest.mark.parametrize(("change", "field"), [
    ({"reasons": ["low_mood", "homesick"]}, "reasons"),
    ({"source": "carrier_pigeon"}, "source"),
    ({"source": None}, "source"),
    ({"family_agreed": False}, "family_agreed"),
    ({"referrer_name": ""}, "referrer_name"),
    ({"postcode": "NOT A POSTCODE"}, "postcode"),
    ({"parent_first_name": ""}, "parent_first_name"),
])
def test_bad_input_is_a_400_naming_the_field_without_repeating_it(change, field):
    payload = {key: value for key, value in {**NEW_REFERRAL, **change}.items() if value is not None}

    response = api_for(UserFactory(role=Role.ADMIN_ASSISTANT)).post(LIST, payload, format="json")

    assert response.status_code == 400
    assert list(response.json()) == [field]
    for typed in ("homesick", "carrier_pigeon", "NOT A POSTCODE"):
        assert typed not in response.content.decode()
    assert not Referral.objects.exists()


def test_a_partner_system_sends_a_referral_from_its_own_organisation():
    organisation = OrganisationFactory(name="First Steps Forward")
    user = partner_worker(organisation, first_name="Sam", last_name="Peer")
    payload = {**NEW_REFERRAL, "source": "self", "referrer_partner": OrganisationFactory().pk,
               "referrer_name": "", "referrer_role": ""}

    response = api_for(user).post(LIST, payload, format="json")

    assert response.status_code == 201, response.content
    referral = Referral.objects.get()
    assert (referral.source, referral.referrer_partner, referral.created_by) == (
        Source.PARTNER, organisation, user)
    assert (referral.referrer_name, referral.referrer_role, referral.referrer_organisation) == (
        "Sam Peer", "vcs_worker", "First Steps Forward")
    assert response.json()["referrer_partner"] == organisation.pk
    # ...and reads it back.
    assert api_for(user).get(f"{LIST}{referral.pk}/").status_code == 200


def test_a_partner_systems_channel_is_other_unless_given():
    user = partner_worker()
    payload = {key: value for key, value in NEW_REFERRAL.items() if key not in ("source", "channel")}

    assert api_for(user).post(LIST, payload, format="json").status_code == 201

    assert Referral.objects.get().channel == Channel.OTHER


def test_a_partner_referral_needs_the_familys_agreement():
    response = api_for(partner_worker()).post(LIST, {**NEW_REFERRAL, "family_agreed": False},
                                              format="json")

    assert response.status_code == 400
    assert response.json() == {
        "family_agreed": ["A referral can only be taken if the family agreed to it"]}
    assert not Referral.objects.exists()


def test_a_partner_without_an_organisation_cannot_send_referrals():
    response = api_for(UserFactory(role=Role.PARTNER)).post(LIST, NEW_REFERRAL, format="json")

    assert response.status_code == 400
    assert list(response.json()) == ["referrer_partner"]
    assert not Referral.objects.exists()


def test_the_schema_documents_the_referrals_api():
    response = api_for(UserFactory(role=Role.TEAM_LEAD)).get("/api/schema/")

    assert response.status_code == 200
    schema = response.content.decode()
    for path in ("/api/v1/referrals/:", "/api/v1/referrals/{id}/:", "/api/v1/referrals/{id}/accept/:",
                 "/api/v1/referrals/{id}/request-info/:", "/api/v1/referrals/{id}/info-received/:",
                 "/api/v1/referrals/{id}/decline/:", "/api/v1/referrals/{id}/signpost/:",
                 "/api/v1/referrals/{id}/mark-duplicate/:"):
        assert path in schema


def test_reading_a_linked_referral_through_the_api_is_logged(client_for):
    from families.models import FamilyAccessLog
    from tests.factories import AcceptedReferralFactory

    client = client_for(Role.TEAM_LEAD)
    referral = AcceptedReferralFactory()
    assert client.get(f"/api/v1/referrals/{referral.pk}/").status_code == 200
    entry = FamilyAccessLog.objects.get(family=referral.family)
    assert (entry.user, entry.page) == (client.user, "API: referral")
