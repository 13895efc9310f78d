"""Allocation, its consent gate, reassignment (all or nothing), closure and next actions."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from caseloads import services
from caseloads.models import Allocation, CasePlan
from families import policy
from families.models import Case
from team.roles import Role
from tests.caseloads.conftest import assessed_case, give_mdt_consent, practitioner
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_piew_worker_refused_before_mdt_consent_then_allowed_after(team_lead, piew_worker):
    case = assessed_case()
    with pytest.raises(ValidationError) as refused:
        services.case_allocate(case=case, key_worker=piew_worker, by=team_lead)
    assert refused.value.message_dict["key_worker"] == [
        f"{case.family.reference} has not given consent to share with the multidisciplinary team, so "
        "their case cannot be allocated to a PIEW worker yet. Record the consent first, or allocate a "
        "health visitor"]
    case.refresh_from_db()
    assert case.key_worker is None and not Allocation.objects.exists()

    give_mdt_consent(case.family, team_lead)
    allocation = services.case_allocate(case=case, key_worker=piew_worker, by=team_lead, note="VIG")
    case.refresh_from_db()
    assert case.key_worker == piew_worker
    assert (allocation.kind, allocation.allocated_by, allocation.note) == ("allocated", team_lead, "VIG")


def test_health_visitor_allocated_without_mdt_consent(team_lead, health_visitor):
    case = assessed_case()
    services.case_allocate(case=case, key_worker=health_visitor, by=team_lead)
    case.refresh_from_db()
    assert case.key_worker == health_visitor


def test_the_allocated_practitioner_then_sees_the_family(team_lead, health_visitor):
    case = assessed_case()
    assert not policy.families_visible_to(health_visitor).filter(pk=case.family_id).exists()
    services.case_allocate(case=case, key_worker=health_visitor, by=team_lead)
    assert policy.family_get_for_user(user=health_visitor, pk=case.family_id) == case.family


@pytest.mark.parametrize("role", [Role.TEAM_LEAD, Role.ADMIN_ASSISTANT, Role.CLINICAL_PSYCHOLOGIST, None])
def test_only_a_practitioner_may_be_key_worker(team_lead, role):
    case = assessed_case()
    other = practitioner(role, "someone") if role else UserFactory()
    with pytest.raises(ValidationError) as refused:
        services.case_allocate(case=case, key_worker=other, by=team_lead)
    assert refused.value.message_dict["key_worker"] == [services.NOT_PRACTITIONER]
    assert Case.objects.get(pk=case.pk).key_worker is None


def test_an_inactive_practitioner_is_refused(team_lead):
    leaver = practitioner(Role.HEALTH_VISITOR, "leaver")
    leaver.profile.active = False
    leaver.profile.save()
    with pytest.raises(ValidationError):
        services.case_allocate(case=assessed_case(), key_worker=leaver, by=team_lead)


def test_only_the_team_lead_allocates(health_visitor, piew_worker):
    case = assessed_case()
    with pytest.raises(PermissionDenied):
        services.case_allocate(case=case, key_worker=health_visitor, by=piew_worker)
    assert Case.objects.get(pk=case.pk).key_worker is None


def test_bulk_reassignment_moves_every_case_and_keeps_history(team_lead, health_visitor):
    leaving = practitioner(Role.HEALTH_VISITOR, "leaving")
    cases = [assessed_case(key_worker=leaving) for _ in range(3)]
    moved = services.cases_reassign(cases=cases, to=health_visitor, by=team_lead, reason="Maternity leave")
    assert len(moved) == 3
    assert set(Case.objects.filter(key_worker=health_visitor).values_list("pk", flat=True)) == {
        case.pk for case in cases}
    for allocation in moved:
        assert (allocation.kind, allocation.previous_key_worker, allocation.note) == (
            "reassigned", leaving, "Maternity leave")
    history = cases[0].history.order_by("history_date")
    assert [row.key_worker_id for row in history] == [leaving.pk, health_visitor.pk]
    assert Allocation.history.filter(case_id=cases[0].pk, history_type="+").count() == 1


def test_bulk_reassignment_is_all_or_nothing(team_lead, piew_worker):
    leaving = practitioner(Role.HEALTH_VISITOR, "leaving")
    consented = [assessed_case(key_worker=leaving) for _ in range(2)]
    for case in consented:
        give_mdt_consent(case.family, team_lead)
    no_consent = assessed_case(key_worker=leaving)
    with pytest.raises(ValidationError) as refused:
        services.cases_reassign(cases=[*consented, no_consent], to=piew_worker, by=team_lead,
                                reason="Moving to VIG")
    assert refused.value.message_dict["cases"] == [services.NO_CONSENT.format(
        family=no_consent.family.reference)]
    assert Case.objects.filter(key_worker=leaving).count() == 3
    assert not Allocation.objects.exists()
    assert Allocation.history.count() == 0


def test_reassignment_needs_a_reason(team_lead, health_visitor):
    case = assessed_case(key_worker=practitioner(Role.HEALTH_VISITOR, "leaving"))
    with pytest.raises(ValidationError) as refused:
        services.cases_reassign(cases=[case], to=health_visitor, by=team_lead, reason="  ")
    assert refused.value.message_dict == {"reason": ["Enter the reason for the reassignment"]}


def test_close_a_case_with_a_reason(team_lead, health_visitor):
    case = assessed_case(key_worker=health_visitor)
    services.case_close(case=case, by=team_lead, reason="moved_away", note="Moved to Leeds")
    case.refresh_from_db()
    assert (case.closure_reason, case.closure_note, case.closed_at is not None) == (
        "moved_away", "Moved to Leeds", True)
    assert not policy.families_visible_to(health_visitor).filter(pk=case.family_id).exists()
    with pytest.raises(ValidationError):
        services.case_close(case=case, by=team_lead, reason="completed")


def test_next_action_set_by_the_key_worker_only(health_visitor, piew_worker):
    case = assessed_case(key_worker=health_visitor)
    due = timezone.localdate() + datetime.timedelta(days=7)
    plan = services.next_action_set(case=case, by=health_visitor, next_action="Book VIG session", due=due)
    assert (plan.next_action, plan.next_action_due) == ("Book VIG session", due)
    with pytest.raises(PermissionDenied):
        services.next_action_set(case=case, by=piew_worker, next_action="Other", due=due)
    assert CasePlan.objects.get(case=case).next_action == "Book VIG session"
