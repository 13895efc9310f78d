"""Shared by the referrals API tests: clients that sign in with a token, and partner workers."""

from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from team.models import Organisation, User
from team.roles import Role
from tests.factories import OrganisationFactory, StaffProfileFactory, UserFactory

EVERY_ROLE = [*Role, None]
TRIAGE = frozenset({Role.ADMIN_ASSISTANT, Role.TEAM_LEAD})


def role_id(role: Role | None) -> str:
    return role.value if role else "no_role"


def api_for(user: User) -> APIClient:
    """A client that authenticates with the user's API token only, as another system would."""
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    api.user = user
    return api


def partner_worker(organisation: Organisation | None = None, **fields) -> User:
    """A partner organisation's worker (or its system's account), linked to the organisation."""
    user = UserFactory(role=Role.PARTNER, **fields)
    StaffProfileFactory(user=user, organisation=organisation or OrganisationFactory(), job_title="")
    return user


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return sorted(row["id"] for row in response.json()["results"])
