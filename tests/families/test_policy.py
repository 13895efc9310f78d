"""The access policy itself: who may see, change and manage which family."""

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.http import Http404

from families import policy
from team.roles import Role
from tests.factories import CaseFactory, ClosedCaseFactory, FamilyFactory, UserFactory
from tests.families.conftest import OTHER, OWN, ROLES, WHOSE, role_id, sees

pytestmark = pytest.mark.django_db

# role -> (create family, change family, read notes, write notes, manage cases, read history)
ABILITIES = {
    Role.TEAM_LEAD: (True, True, True, True, True, True),
    Role.CLINICAL_PSYCHOLOGIST: (False, True, True, True, False, False),
    Role.ADMIN_ASSISTANT: (True, True, False, False, False, False),
    Role.HEALTH_VISITOR: (False, True, True, True, False, False),
    Role.PIEW_WORKER: (False, True, True, True, False, False),
    Role.PARTNER: (False, False, False, False, False, False),
    Role.VIEWER: (False, False, False, False, False, False),
    None: (False, False, False, False, False, False),
}


def abilities(user, family) -> tuple[bool, ...]:
    return (
        policy.can_create_family(user),
        policy.can_change_family(user, family),
        policy.can_read_case_notes(user, family),
        policy.can_write_case_notes(user, family),
        policy.can_manage_cases(user),
        policy.can_read_record_history(user),
    )


def test_the_ability_table_covers_every_role():
    assert set(ABILITIES) == set(ROLES)


@pytest.mark.parametrize("role", ROLES, ids=role_id)
def test_families_visible_to_follows_the_role(make_world, role):
    world = make_world(role)
    unallocated = FamilyFactory()

    visible = list(policy.families_visible_to(world.user).order_by("pk"))

    expected = [f for f, whose in ((world.own, OWN), (world.other, OTHER), (unallocated, OTHER))
                if sees(role, whose)]
    assert visible == sorted(expected, key=lambda family: family.pk)


@pytest.mark.parametrize("whose", WHOSE)
@pytest.mark.parametrize("role", ROLES, ids=role_id)
def test_family_get_for_user_returns_only_a_visible_family(make_world, role, whose):
    world = make_world(role)
    family = world.family(whose)

    if sees(role, whose):
        assert policy.family_get_for_user(user=world.user, pk=family.pk) == family
    else:
        with pytest.raises(Http404, match="^No family found$"):
            policy.family_get_for_user(user=world.user, pk=family.pk)


@pytest.mark.parametrize("pk", [999_999, "abc", None], ids=["missing", "not-a-number", "none"])
def test_missing_family_is_the_same_404_as_a_forbidden_one(make_user, pk):
    team_lead = make_user(Role.TEAM_LEAD)
    with pytest.raises(Http404, match="^No family found$"):
        policy.family_get_for_user(user=team_lead, pk=pk)


@pytest.mark.parametrize("role", ROLES, ids=role_id)
def test_abilities_on_a_family_the_user_works_with(make_world, role):
    world = make_world(role)
    assert abilities(world.user, world.own) == ABILITIES[role]


@pytest.mark.parametrize("role", ROLES, ids=role_id)
def test_an_inactive_user_sees_nothing_and_may_do_nothing(make_world, role):
    world = make_world(role, is_active=False)

    assert list(policy.families_visible_to(world.user)) == []
    with pytest.raises(Http404):
        policy.family_get_for_user(user=world.user, pk=world.own.pk)
    assert abilities(world.user, world.own) == (False,) * 6


def test_superuser_without_a_role_sees_every_family_and_may_do_everything():
    superuser = UserFactory(is_superuser=True, is_staff=True)
    families = [FamilyFactory(), FamilyFactory()]

    assert set(policy.families_visible_to(superuser)) == set(families)
    assert policy.family_get_for_user(user=superuser, pk=families[0].pk) == families[0]
    assert abilities(superuser, families[0]) == (True,) * 6


def test_inactive_superuser_sees_nothing():
    superuser = UserFactory(is_superuser=True, is_active=False)
    family = FamilyFactory()

    assert list(policy.families_visible_to(superuser)) == []
    assert abilities(superuser, family) == (False,) * 6


def test_anonymous_user_sees_nothing_and_may_do_nothing():
    family = FamilyFactory()
    anonymous = AnonymousUser()

    assert list(policy.families_visible_to(anonymous)) == []
    with pytest.raises(Http404):
        policy.family_get_for_user(user=anonymous, pk=family.pk)
    assert abilities(anonymous, family) == (False,) * 6


def test_practitioner_with_two_cases_for_one_family_sees_it_once(make_user):
    worker = make_user(Role.PIEW_WORKER)
    family = FamilyFactory()
    ClosedCaseFactory(family=family, key_worker=worker)
    CaseFactory(family=family, key_worker=worker)

    assert list(policy.families_visible_to(worker)) == [family]


def test_changing_the_key_worker_moves_the_family_between_caseloads(make_user):
    first, second = make_user(Role.HEALTH_VISITOR), make_user(Role.PIEW_WORKER)
    case = CaseFactory(key_worker=first)

    case.key_worker = second
    case.save()

    assert list(policy.families_visible_to(first)) == []
    assert list(policy.families_visible_to(second)) == [case.family]


def test_a_case_without_a_key_worker_shows_the_family_to_no_practitioner(make_user):
    worker = make_user(Role.HEALTH_VISITOR)
    CaseFactory(key_worker=None)

    assert list(policy.families_visible_to(worker)) == []


def test_a_user_holding_a_role_and_another_group_keeps_the_role(make_user):
    lead = make_user(Role.TEAM_LEAD)
    lead.groups.add(Group.objects.create(name="Book club"))
    family = FamilyFactory()

    assert list(policy.families_visible_to(lead)) == [family]
