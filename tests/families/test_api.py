"""The API's permission matrix: the same access as the pages, for every role and record.

A record of a family the user cannot see is absent from lists and answers
404 (the same answer as a record that does not exist); a change refused is a
change not made.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from families.models import Caregiver, Case, Child, Family
from team.roles import Role
from tests.families.conftest import (
    CREATES_FAMILIES,
    ROLES,
    WHOSE,
    World,
    expected,
    role_id,
    sees,
)

pytestmark = pytest.mark.django_db

EVERYONE_WHO_SEES = frozenset(ROLES)
TEAM_LEAD_ONLY = frozenset({Role.TEAM_LEAD})


@dataclass(frozen=True)
class Resource:
    record: Callable[[Family], Any]
    patch: Callable[[World], dict]
    state: Callable[[Any], Any]
    after: Callable[[World], Any]
    may_change: frozenset


RESOURCES = {
    "families": Resource(
        record=lambda f: f,
        patch=lambda w: {"postcode": "dn20 8aa"},
        state=lambda r: Family.objects.get(pk=r.pk).postcode,
        after=lambda w: "DN20 8AA",
        may_change=EVERYONE_WHO_SEES,
    ),
    "caregivers": Resource(
        record=lambda f: f.caregivers.get(),
        patch=lambda w: {"first_name": "Renamed", "mobile": "+44 7700 900982"},
        state=lambda r: Caregiver.objects.values_list("first_name", "mobile").get(pk=r.pk),
        after=lambda w: ("Renamed", "07700 900982"),
        may_change=EVERYONE_WHO_SEES,
    ),
    "children": Resource(
        record=lambda f: f.children.get(),
        patch=lambda w: {"first_name": "Renamed"},
        state=lambda r: Child.objects.get(pk=r.pk).first_name,
        after=lambda w: "Renamed",
        may_change=EVERYONE_WHO_SEES,
    ),
    "cases": Resource(
        record=lambda f: f.cases.get(),
        patch=lambda w: {"key_worker": w.colleague.pk},
        state=lambda r: Case.objects.get(pk=r.pk).key_worker_id,
        after=lambda w: w.colleague.pk,
        may_change=TEAM_LEAD_ONLY,
    ),
}


def result_ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return sorted(row["id"] for row in response.json()["results"])


@pytest.mark.parametrize("resource", RESOURCES)
@pytest.mark.parametrize("role", ROLES, ids=role_id)
def test_list_holds_only_records_of_visible_families(signed_in_world, role, resource):
    client, world = signed_in_world(role)
    record = RESOURCES[resource].record

    response = client.get(f"/api/v1/{resource}/")

    visible = [record(world.family(whose)).pk for whose in WHOSE if sees(role, whose)]
    assert result_ids(response) == sorted(visible)
    assert response.json()["count"] == len(visible)


@pytest.mark.parametrize("resource", RESOURCES)
@pytest.mark.parametrize("whose", WHOSE)
@pytest.mark.parametrize("role", ROLES, ids=role_id)
def test_retrieve_answers_404_for_an_invisible_family(signed_in_world, role, whose, resource):
    client, world = signed_in_world(role)
    record = RESOURCES[resource].record(world.family(whose))

    response = client.get(f"/api/v1/{resource}/{record.pk}/")

    if sees(role, whose):
        assert response.status_code == 200
        assert response.json()["id"] == record.pk
    else:
        missing = client.get(f"/api/v1/{resource}/999999/")
        assert (response.status_code, response.json()) == (404, missing.json())
        assert missing.status_code == 404


@pytest.mark.parametrize("resource", RESOURCES)
@pytest.mark.parametrize("whose", WHOSE)
@pytest.mark.parametrize("role", ROLES, ids=role_id)
def test_update(signed_in_world, role, whose, resource):
    client, world = signed_in_world(role)
    spec = RESOURCES[resource]
    record = spec.record(world.family(whose))
    before = spec.state(record)

    response = client.patch(f"/api/v1/{resource}/{record.pk}/", spec.patch(world),
                            content_type="application/json")

    status = expected(role, whose, spec.may_change)
    assert response.status_code == status, response.content
    if status == 200:
        assert spec.state(record) == spec.after(world)
    else:
        assert spec.state(record) == before


def _new(resource: str, family: Family, world: World) -> dict:
    return {
        "caregivers": {"family": family.pk, "relationship": "father", "first_name": "Samir",
                       "last_name": "Okafor"},
        "children": {"family": family.pk, "first_name": "Ava", "expected_date": "2031-01-01"},
        "cases": {"family": family.pk, "key_worker": world.colleague.pk},
    }[resource]


def _count(resource: str, family: Family) -> int:
    return {"caregivers": family.caregivers, "children": family.children, "cases": family.cases}[
        resource].count()


@pytest.mark.parametrize("resource", ["caregivers", "children"])
@pytest.mark.parametrize("whose", WHOSE)
@pytest.mark.parametrize("role", ROLES, ids=role_id)
def test_adding_a_person_to_a_family(signed_in_world, role, whose, resource):
    client, world = signed_in_world(role)
    family = world.family(whose)

    response = client.post(f"/api/v1/{resource}/", _new(resource, family, world),
                           content_type="application/json")

    if sees(role, whose):
        assert response.status_code == 201, response.content
        assert response.json()["family"] == family.pk
        assert _count(resource, family) == 2
    else:
        assert response.status_code == 400
        assert response.json() == {"family": [f'Invalid pk "{family.pk}" - object does not exist.']}
        assert _count(resource, family) == 1


@pytest.mark.parametrize("whose", WHOSE)
@pytest.mark.parametrize("role", ROLES, ids=role_id)
def test_opening_a_case(signed_in_world, role, whose):
    client, world = signed_in_world(role)
    family = world.family(whose)
    cases_before = list(Case.objects.order_by("pk").values_list("pk", "family_id", "key_worker_id"))

    response = client.post("/api/v1/cases/", _new("cases", family, world), content_type="application/json")

    if not sees(role, whose):
        body = {"family": [f'Invalid pk "{family.pk}" - object does not exist.']}
    elif role is Role.TEAM_LEAD:
        body = {"family": ["This family already has an open case"]}
    else:
        body = {"detail": "Only the team lead opens cases and chooses key workers"}
    assert (response.status_code, response.json()) == (403 if "detail" in body else 400, body)
    assert list(Case.objects.order_by("pk").values_list("pk", "family_id", "key_worker_id")) == cases_before


@pytest.mark.parametrize("role", ROLES, ids=role_id)
def test_opening_a_case_on_a_family_without_one(signed_in_world, role):
    client, world = signed_in_world(role)
    waiting = Family.objects.create(address_line_1="1 Ancholme Way", postcode="DN15 1AA")

    response = client.post("/api/v1/cases/", _new("cases", waiting, world), content_type="application/json")

    if role is Role.TEAM_LEAD:
        assert response.status_code == 201
        case = waiting.cases.get()
        assert response.json()["id"] == case.pk
        assert (case.key_worker, case.opened_by) == (world.colleague, world.user)
        return
    if sees(role, "other"):
        body = {"detail": "Only the team lead opens cases and chooses key workers"}
        assert (response.status_code, response.json()) == (403, body)
    else:
        body = {"family": [f'Invalid pk "{waiting.pk}" - object does not exist.']}
        assert (response.status_code, response.json()) == (400, body)
    assert not waiting.cases.exists()


@pytest.mark.parametrize("role", ROLES, ids=role_id)
def test_only_the_team_lead_and_administrator_add_families(signed_in_world, role):
    client, world = signed_in_world(role)
    families_before = set(Family.objects.values_list("pk", flat=True))

    response = client.post("/api/v1/families/", {"address_line_1": "3 Quay Street",
                                                 "postcode": "dn20 8aa"},
                           content_type="application/json")

    if role in CREATES_FAMILIES:
        assert response.status_code == 201
        family = Family.objects.get(pk=response.json()["id"])
        assert (family.postcode, family.created_by) == ("DN20 8AA", world.user)
        assert response.json()["reference"] == family.reference
    else:
        assert response.status_code == 403
        assert response.json() == {"detail": "Only the team lead and the administrator add families"}
        assert set(Family.objects.values_list("pk", flat=True)) == families_before


@pytest.mark.parametrize("resource", RESOURCES)
def test_records_about_people_are_never_deleted(signed_in_world, resource):
    client, world = signed_in_world(Role.TEAM_LEAD)
    record = RESOURCES[resource].record(world.own)

    response = client.delete(f"/api/v1/{resource}/{record.pk}/")

    assert response.status_code == 405
    assert response.json() == {"detail": 'Method "DELETE" not allowed.'}
    assert type(record).objects.filter(pk=record.pk).exists()


@pytest.mark.parametrize("resource", ["caregivers", "children"])
def test_a_person_cannot_be_moved_to_an_invisible_family(signed_in_world, resource):
    client, world = signed_in_world(Role.HEALTH_VISITOR)
    record = RESOURCES[resource].record(world.own)

    response = client.patch(f"/api/v1/{resource}/{record.pk}/", {"family": world.other.pk},
                            content_type="application/json")

    refusal = f'Invalid pk "{world.other.pk}" - object does not exist.'
    assert (response.status_code, response.json()) == (400, {"family": [refusal]})
    assert type(record).objects.get(pk=record.pk).family_id == world.own.pk


@pytest.mark.parametrize("resource", ["caregivers", "children"])
def test_a_person_stays_in_their_family_whatever_the_patch_says(signed_in_world, resource):
    client, world = signed_in_world(Role.TEAM_LEAD)
    record = RESOURCES[resource].record(world.own)

    response = client.patch(f"/api/v1/{resource}/{record.pk}/", {"family": world.other.pk},
                            content_type="application/json")

    assert (response.status_code, response.json()["family"]) == (200, world.own.pk)
    assert type(record).objects.get(pk=record.pk).family_id == world.own.pk
