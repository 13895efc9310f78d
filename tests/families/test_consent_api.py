"""/api/v1/consents/: list, read and add, with the same access as the consent page.
No change or delete: a new decision is a new record."""

import pytest

from families import services
from families.models import ConsentRecord, FamilyAccessLog
from team.roles import Role
from tests.factories import OrganisationFactory, family_with_people
from tests.families.conftest import ROLES, SEES_ALL, WHOSE, role_id, sees

pytestmark = pytest.mark.django_db

JSON = "application/json"
READS_CONSENT = SEES_ALL | {Role.HEALTH_VISITOR, Role.PIEW_WORKER}
RECORDS_CONSENT = frozenset({Role.TEAM_LEAD, Role.ADMIN_ASSISTANT, Role.HEALTH_VISITOR,
                             Role.PIEW_WORKER})


def given(family, by, purpose="taking_part"):
    return services.consent_record(caregiver=family.caregivers.get(), purpose=purpose,
                                   decision="given", method="verbal", recorded_by=by)


def payload(family, **changes) -> dict:
    return {"caregiver": family.caregivers.get().pk, "purpose": "mdt_sharing", "decision": "given",
            "decided_on": "2026-03-04", "method": "written", "note": "At the home visit", **changes}


@pytest.mark.parametrize("role", ROLES, ids=role_id)
def test_list_holds_only_consents_of_families_whose_team_record_the_user_reads(
        signed_in_world, role):
    client, world = signed_in_world(role)
    records = {whose: given(world.family(whose), world.colleague) for whose in WHOSE}
    listed = {row["id"] for row in client.get("/api/v1/consents/").json()["results"]}
    assert listed == {records[whose].pk for whose in WHOSE
                      if sees(role, whose) and role in READS_CONSENT}


@pytest.mark.parametrize("whose", WHOSE)
@pytest.mark.parametrize("role", ROLES, ids=role_id)
def test_retrieve(signed_in_world, role, whose):
    client, world = signed_in_world(role)
    record = given(world.family(whose), world.colleague)
    response = client.get(f"/api/v1/consents/{record.pk}/")
    if sees(role, whose) and role in READS_CONSENT:
        assert response.json()["decision"] == "given"
        assert FamilyAccessLog.objects.filter(user=world.user, page="API: consent").count() == 1
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("whose", WHOSE)
@pytest.mark.parametrize("role", ROLES, ids=role_id)
def test_create(signed_in_world, role, whose):
    client, world = signed_in_world(role)
    family = world.family(whose)
    response = client.post("/api/v1/consents/", payload(family), content_type=JSON)
    if sees(role, whose) and role in RECORDS_CONSENT:
        assert response.status_code == 201
        saved = ConsentRecord.objects.get()
        assert (saved.family, saved.purpose, saved.recorded_by, str(saved.decided_on)) == (
            family, "mdt_sharing", world.user, "2026-03-04")
        assert response.json()["recorded_by"] == world.user.pk
    else:
        # A family the user cannot read is not offered (400 on the field); one they read but
        # may not record consent for is refused.
        assert response.status_code == (403 if sees(role, whose) and role in READS_CONSENT else 400)
        assert not ConsentRecord.objects.exists()


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_history_is_never_overwritten(client_for, method):
    client = client_for(Role.TEAM_LEAD)
    record = given(family_with_people(), client.user)
    response = getattr(client, method)(f"/api/v1/consents/{record.pk}/",
                                       {"decision": "refused"}, content_type=JSON)
    assert response.status_code == 405
    record.refresh_from_db()
    assert record.decision == "given" and ConsentRecord.objects.count() == 1


@pytest.fixture
def lead(client_for):
    return client_for(Role.TEAM_LEAD)


def test_partner_sharing_without_the_partner_is_a_400(lead):
    family = family_with_people()
    response = lead.post("/api/v1/consents/", payload(family, purpose="share_with_partner"),
                         content_type=JSON)
    assert (response.status_code, response.json()) == (
        400, {"organisation": ["Choose the partner organisation"]})
    assert not ConsentRecord.objects.exists()


def test_a_future_date_is_a_400(lead):
    response = lead.post("/api/v1/consents/", payload(family_with_people(), decided_on="2999-01-01"),
                         content_type=JSON)
    assert (response.status_code, response.json()) == (
        400, {"decided_on": ["The date of the decision must be today or in the past"]})


def test_an_unknown_decision_is_a_400(lead):
    response = lead.post("/api/v1/consents/", payload(family_with_people(), decision="maybe"),
                         content_type=JSON)
    assert response.status_code == 400 and "decision" in response.json()


def test_withdrawal_through_the_api_ends_the_share(lead):
    family = family_with_people()
    partner = OrganisationFactory(name="First Steps Forward")
    lead.post("/api/v1/consents/", payload(family, purpose="share_with_partner",
                                           organisation=partner.pk), content_type=JSON)
    share = services.share_with_organisation(family=family, organisation=partner, reason="Peer",
                                             shared_by=lead.user)
    response = lead.post("/api/v1/consents/", payload(
        family, purpose="share_with_partner", organisation=partner.pk, decision="withdrawn"),
        content_type=JSON)
    assert response.status_code == 201
    share.refresh_from_db()
    assert share.ended_at is not None
