"""The gap analysis and the audit round pages run the same number of queries however many
staff take part."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from team.models import Competency, Organisation
from team.roles import Role
from team.skills import services
from tests.factories import AuditRoundFactory, HubFactory, OrganisationFactory, staff_member
from tests.team.skills.conftest import all_levels

pytestmark = pytest.mark.django_db


def _grow(audit_round, n: int) -> None:
    """n more people in each of n more organisations, all of whom answer."""
    hub = HubFactory()
    for i in range(n):
        organisation = OrganisationFactory(kind=Organisation.Kind.VOLUNTARY)
        for role in (Role.PARTNER, Role.HEALTH_VISITOR):
            person = staff_member(role, organisation, hub)
            if i % 2 == 0:
                services.audit_response_submit(audit_round=audit_round, person=person, levels=all_levels(2))


@pytest.mark.parametrize("path", ["/skills/gaps/", "/skills/gaps/export/csv/", "/skills/gaps/export/xlsx/",
                                  "round", "/skills/audit/", "/skills/", "/skills/competencies/"])
def test_pages_do_not_grow_with_the_staff(client_for, path):
    piew = OrganisationFactory(name="PIEW team", kind=Organisation.Kind.PIEW_TEAM)
    lead = staff_member(Role.TEAM_LEAD, piew, username="lead")
    audit_round = AuditRoundFactory(opened_by=lead)
    services.competency_targets_set(competency=Competency.objects.first(), by=lead,
                                    targets={"": 2, "voluntary": 1})
    services.audit_response_submit(audit_round=audit_round, person=lead, levels=all_levels(3))
    client = client_for(user=lead)
    path = f"/skills/rounds/{audit_round.pk}/" if path == "round" else path

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200
        return len(queries)

    _grow(audit_round, 1)
    small = count()
    _grow(audit_round, 8)
    assert count() == small
