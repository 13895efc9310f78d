"""A practitioner's view follows their caseload: open cases they key-work, nothing else."""

import pytest

from families import policy, services
from families.models import FamilyAccessLog
from team.roles import Role
from tests.factories import CaseFactory, family_with_people

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", [Role.HEALTH_VISITOR, Role.PIEW_WORKER])
def test_closing_the_case_takes_the_family_off_the_practitioners_view(client_for, role):
    client = client_for(role)
    family = family_with_people()
    case = CaseFactory(family=family, key_worker=client.user)
    assert client.get(f"/families/{family.pk}/").status_code == 200

    services.case_close(case=case, reason="completed")

    assert client.get(f"/families/{family.pk}/").status_code == 404
    assert client.get(f"/api/v1/families/{family.pk}/").status_code == 404
    assert not policy.families_visible_to(client.user).exists()


def test_reassigning_the_case_moves_the_family_to_the_new_key_worker(make_user):
    first, second = make_user(Role.PIEW_WORKER), make_user(Role.PIEW_WORKER)
    family = family_with_people()
    case = CaseFactory(family=family, key_worker=first)
    services.case_update(case=case, key_worker=second)
    assert list(policy.families_visible_to(second)) == [family]
    assert not policy.families_visible_to(first).exists()


def test_the_helpers_answer_for_the_family_asked_about(make_user):
    worker = make_user(Role.HEALTH_VISITOR)
    own = family_with_people(key_worker=worker)
    other = family_with_people(key_worker=make_user(Role.HEALTH_VISITOR))
    assert policy.can_change_family(worker, own)
    assert policy.can_read_case_notes(worker, own)
    assert not policy.can_change_family(worker, other)
    assert not policy.can_read_case_notes(worker, other)
    assert not policy.can_write_case_notes(worker, other)


def test_opening_an_edit_page_is_logged(client_for):
    client = client_for(Role.ADMIN_ASSISTANT)
    family = family_with_people()
    caregiver = family.caregivers.get()
    client.get(f"/families/{family.pk}/caregivers/{caregiver.pk}/edit/")
    entry = FamilyAccessLog.objects.get(family=family)
    assert entry.user == client.user
    assert entry.page == f"Change {caregiver.full_name}'s details"
