"""Every write about allocation and caseloads: one function per action, in a transaction."""

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from caseloads.models import Allocation, CasePlan
from families import policy
from families import services as family_services
from families.consent import family_consent_given
from families.models import Case, ConsentRecord
from piew.services import save_validated
from team.models import User
from team.roles import PRACTITIONER_ROLES, Role

NO_CONSENT = ("{family} has not given consent to share with the multidisciplinary team, so their "
              "case cannot be allocated to a PIEW worker yet. Record the consent first, or allocate "
              "a health visitor")
NOT_PRACTITIONER = "Choose an active health visitor or PIEW worker as the key worker"


def _require_team_lead(user: User) -> None:
    if not policy.can_manage_cases(user):
        raise PermissionDenied("Only the team lead allocates, reassigns and closes cases")


def key_worker_refusal(*, key_worker: User, case: Case) -> str | None:
    """Why the person cannot be the case's key worker, or None if they can."""
    profile = getattr(key_worker, "profile", None)
    if not key_worker.is_active or key_worker.role not in PRACTITIONER_ROLES or (
            profile is not None and not profile.active):
        return NOT_PRACTITIONER
    if key_worker.role == Role.PIEW_WORKER and not family_consent_given(
            family=case.family, purpose=ConsentRecord.Purpose.MDT_SHARING):
        return NO_CONSENT.format(family=case.family.reference)
    return None


def _allocate_locked(*, case_id: int, key_worker: User, by: User, note: str) -> Allocation:
    case = Case.objects.select_for_update().select_related("family").get(pk=case_id)
    if case.closed_at is not None:
        raise ValidationError({"case": f"The case for {case.family.reference} is closed"})
    refusal = key_worker_refusal(key_worker=key_worker, case=case)
    if refusal:
        raise ValidationError({"key_worker": refusal})
    previous = case.key_worker
    family_services.case_update(case=case, key_worker=key_worker)
    kind = Allocation.Kind.REASSIGNED if previous else Allocation.Kind.ALLOCATED
    return save_validated(Allocation(
        case=case, key_worker=key_worker, previous_key_worker=previous, kind=kind, allocated_by=by,
    ), note=note)


@transaction.atomic
def case_allocate(*, case: Case, key_worker: User, by: User, note: str = "") -> Allocation:
    """Put the case on the key worker's caseload. The family then follows the access policy."""
    _require_team_lead(by)
    return _allocate_locked(case_id=case.pk, key_worker=key_worker, by=by, note=note)


@transaction.atomic
def cases_reassign(*, cases: Iterable[Case], to: User, by: User, reason: str) -> list[Allocation]:
    """Move every case to one key worker, or none of them: one refusal undoes the rest."""
    _require_team_lead(by)
    if not reason.strip():
        raise ValidationError({"reason": "Enter the reason for the reassignment"})
    case_ids = sorted({case.pk for case in cases})
    if not case_ids:
        raise ValidationError({"cases": "Select at least one case to reassign"})
    allocations, refusals = [], []
    for case_id in case_ids:  # locked in id order, so two reassignments cannot deadlock
        try:
            allocations.append(_allocate_locked(case_id=case_id, key_worker=to, by=by, note=reason))
        except ValidationError as error:
            refusals += error.messages
    if refusals:
        raise ValidationError({"cases": refusals})
    return allocations


@transaction.atomic
def case_close(*, case: Case, by: User, reason: str, note: str = "") -> Case:
    _require_team_lead(by)
    locked = Case.objects.select_for_update().get(pk=case.pk)
    if locked.closed_at is not None:
        raise ValidationError({"reason": "This case is already closed"})
    if reason not in Case.ClosureReason.values:
        raise ValidationError({"reason": "Choose why the case is closing"})
    return family_services.case_close(case=locked, reason=reason, note=note)


@transaction.atomic
def next_action_set(*, case: Case, by: User, next_action: str, due: date) -> CasePlan:
    """The key worker (or the team lead) sets what happens next on an open case."""
    locked = Case.objects.select_for_update().get(pk=case.pk)
    if locked.closed_at is not None or not (locked.key_worker_id == by.pk or policy.can_manage_cases(by)):
        raise PermissionDenied("Only the case's key worker sets its next action")
    plan = CasePlan.objects.select_for_update().filter(case=locked).first() or CasePlan(case=locked)
    return save_validated(plan, next_action=next_action, next_action_due=due, updated_by=by,
                          updated_at=timezone.now())
