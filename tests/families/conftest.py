"""The access matrix the families tests share: who sees which family, and a world to test it in.

Every role gets the same world: one family whose open case the user key-works
("own") and one key-worked by another health visitor ("other"). The user is
made key worker whatever their role, so the matrix also shows that being named
key worker gives a partner or viewer nothing.
"""

from dataclasses import dataclass

import pytest

from families.models import Family
from team.models import User
from team.roles import PRACTITIONER_ROLES, Role
from tests.conftest import sign_in
from tests.factories import CaseNoteFactory, family_with_people
from tests.pages import heading  # noqa: F401 - shared with the tests that import it from here

# Every role, plus a signed-in user who holds none.
ROLES = [*Role, None]
OWN, OTHER = "own", "other"
WHOSE = [OWN, OTHER]

SEES_ALL = frozenset({Role.TEAM_LEAD, Role.CLINICAL_PSYCHOLOGIST, Role.ADMIN_ASSISTANT})
READS_NOTES = frozenset({Role.TEAM_LEAD, Role.CLINICAL_PSYCHOLOGIST, *PRACTITIONER_ROLES})
CREATES_FAMILIES = frozenset({Role.TEAM_LEAD, Role.ADMIN_ASSISTANT})

NOTE_TEXT = "Mum low in mood this week; EPDS repeated and discussed with GP."


def role_id(role: Role | None) -> str:
    return role.value if role else "no_role"


def sees(role: Role | None, whose: str) -> bool:
    """The issue's rule: whole service and administrator see all; practitioners their own."""
    return role in SEES_ALL or (role in PRACTITIONER_ROLES and whose == OWN)


def expected(role: Role | None, whose: str, allowed: frozenset, ok: int = 200) -> int:
    """``ok`` for an allowed role that sees the family; 403 if it sees it but may not; else 404."""
    if not sees(role, whose):
        return 404
    return ok if role in allowed else 403


@dataclass
class World:
    user: User
    own: Family
    other: Family
    colleague: User

    def family(self, whose: str) -> Family:
        return self.own if whose == OWN else self.other


@pytest.fixture
def make_world(make_user):
    """make_world(role) -> a user with the role, their own family and a colleague's family."""

    def make(role: Role | None, **user_fields) -> World:
        user = make_user(role, **user_fields)
        colleague = make_user(Role.HEALTH_VISITOR)
        own = family_with_people(key_worker=user)
        other = family_with_people(key_worker=colleague)
        for family in (own, other):
            CaseNoteFactory(family=family, author=colleague, text=f"{NOTE_TEXT} ({family.reference})")
        return World(user=user, own=own, other=other, colleague=colleague)

    return make


@pytest.fixture
def signed_in_world(client, make_world):
    """signed_in_world(role) -> (client signed in with both factors as the role, its world)."""

    def make(role: Role | None) -> tuple:
        world = make_world(role)
        return sign_in(client, world.user), world

    return make
