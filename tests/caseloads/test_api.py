"""The allocation API: the same access as the pages; nothing changes after a refusal."""

import pytest

from caseloads import services
from caseloads.models import Allocation
from families.chronology import family_chronology
from families.models import Case
from team.roles import Role
from tests.caseloads.conftest import assessed_case, practitioner

pytestmark = pytest.mark.django_db


def test_team_lead_allocates_by_api(token_client, team_lead, health_visitor):
    case = assessed_case()
    response = token_client(team_lead).post("/api/v1/allocations/", {
        "case": case.pk, "key_worker": health_visitor.pk, "note": "Local to her"}, format="json")
    assert response.status_code == 201
    assert (response.json()["kind"], response.json()["allocated_by"]) == ("allocated", team_lead.pk)
    assert Case.objects.get(pk=case.pk).key_worker == health_visitor


def test_api_refuses_piew_worker_without_consent_with_the_field_named(token_client, team_lead, piew_worker):
    case = assessed_case()
    response = token_client(team_lead).post("/api/v1/allocations/", {
        "case": case.pk, "key_worker": piew_worker.pk}, format="json")
    assert response.status_code == 400
    assert "multidisciplinary team" in response.json()["key_worker"][0]
    assert not Allocation.objects.exists()


@pytest.mark.parametrize("who, status", [("own_key_worker", 403), ("other_practitioner", 404),
                                         ("admin", 403)])
def test_api_allocation_refused_and_nothing_changes(token_client, health_visitor, who, status):
    case = assessed_case(key_worker=health_visitor)
    users = {"own_key_worker": health_visitor, "other_practitioner": practitioner(Role.PIEW_WORKER, "p2"),
             "admin": practitioner(Role.ADMIN_ASSISTANT, "admin")}
    other = practitioner(Role.HEALTH_VISITOR, "hv2")
    response = token_client(users[who]).post("/api/v1/allocations/", {
        "case": case.pk, "key_worker": other.pk}, format="json")
    assert response.status_code == status
    assert Case.objects.get(pk=case.pk).key_worker == health_visitor and not Allocation.objects.exists()


def test_api_lists_only_allocations_of_families_the_user_sees(token_client, team_lead, health_visitor):
    mine, theirs = assessed_case(), assessed_case()
    other = practitioner(Role.HEALTH_VISITOR, "hv2")
    own = services.case_allocate(case=mine, key_worker=health_visitor, by=team_lead)
    hidden = services.case_allocate(case=theirs, key_worker=other, by=team_lead)
    api = token_client(health_visitor)
    assert [row["id"] for row in api.get("/api/v1/allocations/").json()["results"]] == [own.pk]
    assert api.get(f"/api/v1/allocations/{hidden.pk}/").status_code == 404
    assert token_client(team_lead).get("/api/v1/allocations/").json()["count"] == 2


def test_anonymous_api_refused(client):
    assert client.get("/api/v1/allocations/").status_code in (401, 403)


def test_allocations_appear_in_the_chronology(team_lead, health_visitor):
    case = assessed_case()
    services.case_allocate(case=case, key_worker=health_visitor, by=team_lead, note="Near her hub")
    events = [event for event in family_chronology(family=case.family, user=team_lead)
              if event.category == "Allocation"]
    assert [(event.title, event.detail) for event in events] == [
        (f"Case allocated to {health_visitor}", "Near her hub")]
