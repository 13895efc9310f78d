"""What the skills audit tests share: certificates kept in a temporary folder, a small workforce,
and helpers to read pages as a person does."""

from dataclasses import dataclass

import pytest

from team.models import Competency, Organisation, User
from team.roles import Role
from tests.factories import HubFactory, OrganisationFactory, staff_member
from tests.pages import heading, title  # noqa: F401 - shared with the tests that import them from here

# Every role, plus a signed-in user who holds none.
ROLES = [*Role, None]
PARTICIPANTS = frozenset(Role) - {Role.VIEWER}


def role_id(role: Role | None) -> str:
    return role.value if role else "no_role"


@pytest.fixture(autouse=True)
def private_files(settings, tmp_path):
    """Certificates go to a folder of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "private-files"
    return settings.MEDIA_ROOT


@dataclass
class Workforce:
    piew_team: Organisation
    partner: Organisation
    lead: User
    worker: User
    partner_worker: User


@pytest.fixture
def workforce(db) -> Workforce:
    """The team lead and a PIEW worker in the PIEW team, and a partner organisation's worker."""
    piew_team = OrganisationFactory(name="PIEW team", kind=Organisation.Kind.PIEW_TEAM)
    partner = OrganisationFactory(name="First Steps Forward", kind=Organisation.Kind.VOLUNTARY)
    hub = HubFactory(name="Brigg Family Hub")
    return Workforce(
        piew_team=piew_team, partner=partner,
        lead=staff_member(Role.TEAM_LEAD, piew_team, hub, username="helen", first_name="Helen",
                          last_name="Marsh"),
        worker=staff_member(Role.PIEW_WORKER, piew_team, hub, username="amy", first_name="Amy",
                            last_name="Fletcher"),
        partner_worker=staff_member(Role.PARTNER, partner, hub, username="mark", first_name="Mark",
                                    last_name="Ellis"),
    )


def all_levels(level: int = 1, **overrides) -> dict[int, int]:
    """An answer for every active competency (the seeded ones and any a test adds)."""
    levels = dict.fromkeys(Competency.objects.filter(active=True).values_list("pk", flat=True), level)
    return levels | {int(pk): value for pk, value in overrides.items()}


def audit_post(levels: dict[int, int], wishes: str = "") -> dict:
    return {**{f"competency_{pk}": str(level) for pk, level in levels.items()}, "learning_wishes": wishes}



