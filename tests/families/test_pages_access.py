"""The permission matrix of the family pages: every role, own family and someone else's.

A page the user may open shows its heading; a family they cannot see is
"Page not found" exactly as a missing one, and never names the family; a
family they can see but may not act on is "You cannot do this". After every
refused post the record is as it was.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from families.models import Case, Family
from team.roles import Role
from tests.factories import CaregiverFactory, FamilyFactory
from tests.families.conftest import (
    READS_NOTES,
    ROLES,
    SEES_ALL,
    WHOSE,
    World,
    expected,
    heading,
    role_id,
)

pytestmark = pytest.mark.django_db

EVERYONE_WHO_SEES = frozenset(ROLES)
TEAM_LEAD_ONLY = frozenset({Role.TEAM_LEAD})


def _caregiver(family: Family):
    return family.caregivers.order_by("pk").first()


def _child(family: Family):
    return family.children.order_by("pk").first()


# page -> (path, the heading a permitted user sees, who may open it among those who see the family)
PAGES: dict[str, tuple[Callable[[Family], str], Callable[[Family], str], frozenset]] = {
    "detail": (lambda f: f"/families/{f.pk}/", lambda f: f"Family {f.reference}", EVERYONE_WHO_SEES),
    "chronology": (lambda f: f"/families/{f.pk}/chronology/", lambda f: "Chronology", EVERYONE_WHO_SEES),
    "audit": (lambda f: f"/families/{f.pk}/audit/", lambda f: "Audit", TEAM_LEAD_ONLY),
    "edit": (lambda f: f"/families/{f.pk}/edit/", lambda f: "Change address", EVERYONE_WHO_SEES),
    "caregiver-add": (lambda f: f"/families/{f.pk}/caregivers/add/",
                      lambda f: "Add a parent or carer", EVERYONE_WHO_SEES),
    "caregiver-edit": (lambda f: f"/families/{f.pk}/caregivers/{_caregiver(f).pk}/edit/",
                       lambda f: f"Change {_caregiver(f).full_name}'s details", EVERYONE_WHO_SEES),
    "child-add": (lambda f: f"/families/{f.pk}/children/add/", lambda f: "Add a baby", EVERYONE_WHO_SEES),
    "child-edit": (lambda f: f"/families/{f.pk}/children/{_child(f).pk}/edit/",
                   lambda f: "Change the baby's details", EVERYONE_WHO_SEES),
    "case-open": (lambda f: f"/families/{f.pk}/case/open/", lambda f: "Open a case", TEAM_LEAD_ONLY),
    "case-close": (lambda f: f"/families/{f.pk}/case/close/", lambda f: "Close the case", TEAM_LEAD_ONLY),
}


def assert_refused(response, status: int, family: Family) -> None:
    assert response.status_code == status
    assert heading(response) == {403: "You cannot do this", 404: "Page not found"}[status]
    if status == 404:
        assert family.reference not in response.content.decode()


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("whose", WHOSE)
@pytest.mark.parametrize("role", ROLES, ids=role_id)
def test_opening_a_family_page(signed_in_world, role, whose, page):
    client, world = signed_in_world(role)
    family = world.family(whose)
    path, title, allowed = PAGES[page]

    response = client.get(path(family))

    status = expected(role, whose, allowed)
    if status == 200:
        assert response.status_code == 200
        assert heading(response) == title(family)
    else:
        assert_refused(response, status, family)


@dataclass(frozen=True)
class Action:
    """A post that changes the record, and the part of the record it changes."""

    path: Callable[[Family], str]
    data: Callable[[Family], dict]
    state: Callable[[World, Family], Any]
    after: Callable[[World], Any]
    allowed: frozenset


def _date(prefix: str, day) -> dict:
    return {f"{prefix}_0": day.day, f"{prefix}_1": day.month, f"{prefix}_2": day.year}


def _caregiver_data(first_name: str, relationship: str = "mother") -> dict:
    return {"relationship": relationship, "first_name": first_name, "last_name": "Okafor",
            "preferred_language": "English", "ethnic_category": "99", "first_time_parent": ""}


NOTE = "Discussed sleep and feeding; next visit in two weeks."

ACTIONS = {
    "edit": Action(
        path=PAGES["edit"][0],
        data=lambda f: {"address_line_1": "1 Market Street", "town": "Brigg", "postcode": "dn20 8aa"},
        state=lambda w, f: Family.objects.get(pk=f.pk).postcode,
        after=lambda w: "DN20 8AA",
        allowed=EVERYONE_WHO_SEES,
    ),
    "caregiver-add": Action(
        path=PAGES["caregiver-add"][0],
        data=lambda f: _caregiver_data("Samir", "father"),
        state=lambda w, f: list(f.caregivers.filter(first_name="Samir").values_list("relationship")),
        after=lambda w: [("father",)],
        allowed=EVERYONE_WHO_SEES,
    ),
    "caregiver-edit": Action(
        path=PAGES["caregiver-edit"][0],
        data=lambda f: _caregiver_data("Renamed"),
        state=lambda w, f: (_caregiver(f).first_name, _caregiver(f).last_name),
        after=lambda w: ("Renamed", "Okafor"),
        allowed=EVERYONE_WHO_SEES,
    ),
    "child-add": Action(
        path=PAGES["child-add"][0],
        data=lambda f: {"first_name": "Ava", **_date("date_of_birth", _child(f).date_of_birth)},
        state=lambda w, f: f.children.filter(first_name="Ava").count(),
        after=lambda w: 1,
        allowed=EVERYONE_WHO_SEES,
    ),
    "child-edit": Action(
        path=PAGES["child-edit"][0],
        data=lambda f: {"first_name": "Renamed", **_date("date_of_birth", _child(f).date_of_birth)},
        state=lambda w, f: _child(f).first_name,
        after=lambda w: "Renamed",
        allowed=EVERYONE_WHO_SEES,
    ),
    "note-add": Action(
        path=lambda f: f"/families/{f.pk}/notes/",
        data=lambda f: {"text": NOTE},
        state=lambda w, f: list(f.notes.filter(text=NOTE).values_list("author_id", flat=True)),
        after=lambda w: [w.user.pk],
        allowed=READS_NOTES,
    ),
    "case-close": Action(
        path=PAGES["case-close"][0],
        data=lambda f: {"reason": "completed", "note": "Finished Solihull sessions"},
        state=lambda w, f: list(f.cases.values_list("closure_reason", "closure_note")),
        after=lambda w: [("completed", "Finished Solihull sessions")],
        allowed=TEAM_LEAD_ONLY,
    ),
}


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("whose", WHOSE)
@pytest.mark.parametrize("role", ROLES, ids=role_id)
def test_changing_a_family_record(signed_in_world, role, whose, action):
    client, world = signed_in_world(role)
    family = world.family(whose)
    act = ACTIONS[action]
    before = act.state(world, family)

    response = client.post(act.path(family), act.data(family))

    status = expected(role, whose, act.allowed, ok=302)
    if status == 302:
        assert response.status_code == 302, response.content.decode()[:2000]
        assert response.url == f"/families/{family.pk}/"
        assert act.state(world, family) == act.after(world)
    else:
        assert_refused(response, status, family)
        assert act.state(world, family) == before


def _cases() -> list:
    return list(Case.objects.order_by("pk").values_list("pk", "family_id", "key_worker_id", "closed_at"))


@pytest.mark.parametrize("whose", WHOSE)
@pytest.mark.parametrize("role", [role for role in ROLES if role is not Role.TEAM_LEAD], ids=role_id)
def test_opening_a_case_is_refused_to_all_but_the_team_lead(signed_in_world, role, whose):
    client, world = signed_in_world(role)
    family = world.family(whose)
    before = _cases()

    response = client.post(f"/families/{family.pk}/case/open/", {"key_worker": world.colleague.pk})

    assert_refused(response, expected(role, whose, TEAM_LEAD_ONLY), family)
    assert _cases() == before


@pytest.mark.parametrize("role", sorted(SEES_ALL - TEAM_LEAD_ONLY), ids=role_id)
def test_opening_a_case_on_a_family_without_one_is_refused(client_for, make_user, role):
    client = client_for(role)
    family = CaregiverFactory().family
    worker = make_user(Role.PIEW_WORKER)

    response = client.post(f"/families/{family.pk}/case/open/", {"key_worker": worker.pk})

    assert_refused(response, 403, family)
    assert family.cases.count() == 0


def test_team_lead_opens_a_case_with_a_key_worker(client_for, make_user):
    client = client_for(Role.TEAM_LEAD)
    worker = make_user(Role.PIEW_WORKER)
    family = CaregiverFactory().family

    response = client.post(f"/families/{family.pk}/case/open/", {"key_worker": worker.pk}, follow=True)

    case = family.cases.get()
    assert (case.key_worker, case.opened_by, case.closed_at) == (worker, client.user, None)
    assert "Open a case: saved" in response.content.decode()


def test_team_lead_cannot_open_a_second_case(client_for):
    client = client_for(Role.TEAM_LEAD)
    family = FamilyFactory()
    open_case = Case.objects.create(family=family)

    response = client.post(f"/families/{family.pk}/case/open/", {"key_worker": ""})

    assert response.status_code == 200
    assert "This family already has an open case" in response.content.decode()
    assert list(family.cases.all()) == [open_case]


def test_closing_when_no_case_is_open_is_not_found(client_for):
    client = client_for(Role.TEAM_LEAD)
    family = FamilyFactory()

    assert client.get(f"/families/{family.pk}/case/close/").status_code == 404


@pytest.mark.parametrize("page", PAGES)
def test_anonymous_is_sent_to_sign_in(client, make_world, page):
    world = make_world(Role.TEAM_LEAD)
    path = PAGES[page][0](world.own)

    response = client.get(path)

    assert (response.status_code, response.url) == (302, f"/sign-in/?next={path}")


@pytest.mark.parametrize("action", ACTIONS)
def test_anonymous_changes_nothing(client, make_world, action):
    world = make_world(Role.TEAM_LEAD)
    act = ACTIONS[action]
    path = act.path(world.own)
    before = act.state(world, world.own)

    response = client.post(path, act.data(world.own))

    assert (response.status_code, response.url) == (302, f"/sign-in/?next={path}")
    assert act.state(world, world.own) == before


def test_case_notes_are_added_by_post_only(client_for):
    client = client_for(Role.TEAM_LEAD)
    family = FamilyFactory()

    assert client.get(f"/families/{family.pk}/notes/").status_code == 405
    assert family.notes.count() == 0


@pytest.mark.parametrize("page", ["caregiver-edit", "child-edit"])
def test_a_person_from_another_family_is_not_found(client_for, make_world, page):
    """The caregiver or child id must belong to the family in the address."""
    world = make_world(Role.HEALTH_VISITOR)
    client = client_for(user=world.user)
    others = PAGES[page][0](world.other).split("/")
    path = f"/families/{world.own.pk}/{others[3]}/{others[4]}/edit/"

    assert client.get(path).status_code == 404
    assert client.post(path, {"first_name": "Renamed"}).status_code == 404
    assert _caregiver(world.other).first_name != "Renamed"
    assert _child(world.other).first_name != "Renamed"
