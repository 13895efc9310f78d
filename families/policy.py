"""Who may see and change which family. The only place access is decided.

A health visitor or PIEW worker sees the families on their caseload: those whose open case
they key-work. When the case closes or moves to a colleague, the family leaves their view.
A partner organisation's worker sees a family only while it is shared with their organisation
(an active Share) AND a parent or carer in the family has, as their latest say, given consent
to share with that organisation. A withdrawal removes the family from the partner's view at once.

Every page, API endpoint, export and queryset that shows a family goes
through these functions. A family a user may not see answers 404, exactly
as one that does not exist.
"""

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.http import Http404

from families.models import Caregiver, ConsentRecord, Family
from team.models import User
from team.roles import PRACTITIONER_ROLES, WHOLE_SERVICE_ROLES, Role

# Roles who may see a family's identity and contact details (a partner: only when shared).
IDENTITY_ROLES = WHOLE_SERVICE_ROLES | PRACTITIONER_ROLES | {Role.ADMIN_ASSISTANT, Role.PARTNER}
# Roles who record a parent's consent (the administrator: taking part, at first contact).
CONSENT_ROLES = PRACTITIONER_ROLES | {Role.TEAM_LEAD, Role.ADMIN_ASSISTANT}
# Roles who record new families at intake.
CREATE_ROLES = frozenset({Role.TEAM_LEAD, Role.ADMIN_ASSISTANT})


def _sees_all_families(user: User) -> bool:
    return user.is_active and (user.is_superuser or user.role in WHOLE_SERVICE_ROLES | {Role.ADMIN_ASSISTANT})


def families_visible_to(user: User) -> QuerySet[Family]:
    """The families whose record the user may open."""
    if not user.is_authenticated or not user.is_active:
        return Family.objects.none()
    if _sees_all_families(user):
        return Family.objects.all()
    if user.role in PRACTITIONER_ROLES:
        return Family.objects.filter(cases__key_worker=user, cases__closed_at__isnull=True).distinct()
    if user.role == Role.PARTNER and _organisation_id(user):
        return _shared_with_consent(_organisation_id(user))
    return Family.objects.none()


def _shared_with_consent(organisation_id: int) -> QuerySet[Family]:
    """Families with an active share with the organisation and a caregiver's consent to it."""
    latest_decision = ConsentRecord.objects.filter(
        caregiver=OuterRef("pk"), purpose=ConsentRecord.Purpose.SHARE_WITH_PARTNER,
        organisation_id=organisation_id,
    ).order_by("-recorded_at", "-pk").values("decision")[:1]
    consenting = Caregiver.objects.filter(family=OuterRef("pk")).annotate(
        latest=Subquery(latest_decision)
    ).filter(latest=ConsentRecord.Decision.GIVEN)
    return Family.objects.filter(
        Q(shares__organisation_id=organisation_id, shares__ended_at__isnull=True),
        Exists(consenting),
    ).distinct()


def _organisation_id(user: User) -> int | None:
    profile = getattr(user, "profile", None)
    return profile.organisation_id if profile else None


def _may_see(user: User, family: Family) -> bool:
    if _sees_all_families(user):
        return True
    if user.role in PRACTITIONER_ROLES:
        return family.cases.filter(key_worker=user, closed_at__isnull=True).exists()
    if user.role == Role.PARTNER and _organisation_id(user):
        return _shared_with_consent(_organisation_id(user)).filter(pk=family.pk).exists()
    return False


def family_get_for_user(*, user: User, pk: int) -> Family:
    """The family, if it exists and the user may see it; otherwise 404."""
    try:
        return families_visible_to(user).get(pk=pk)
    except (Family.DoesNotExist, ValueError, TypeError):
        raise Http404("No family found") from None


def can_create_family(user: User) -> bool:
    return user.is_active and (user.is_superuser or user.role in CREATE_ROLES)


def can_change_family(user: User, family: Family) -> bool:
    """Identity and contact details: anyone who may see the family (viewers see none; partners
    only those shared with them with consent)."""
    return (
        user.is_active
        and (user.is_superuser or user.role in IDENTITY_ROLES)
        and _may_see(user, family)
    )


def can_read_case_notes(user: User, family: Family) -> bool:
    """Case notes are clinical: never the administrator's, partners' or viewers'."""
    return (
        user.is_active
        and (user.is_superuser or user.role in WHOLE_SERVICE_ROLES | PRACTITIONER_ROLES)
        and _may_see(user, family)
    )


def can_read_team_record(user: User, family: Family) -> bool:
    """The team's own working record of the family (referrals, triage decisions, contact
    attempts, consent, alerts): everyone who may see the family except partner organisations,
    who see names and contact details."""
    return user.role != Role.PARTNER and can_change_family(user, family)


def can_record_consent(user: User, family: Family) -> bool:
    """Recording a parent's decision: the team lead, the administrator and the practitioners
    who may see the family; never partners, viewers or the clinical psychologist."""
    return (
        user.is_active
        and (user.is_superuser or user.role in CONSENT_ROLES)
        and _may_see(user, family)
    )


def consent_families_visible_to(user: User) -> QuerySet[Family]:
    """The families whose consent records the user may read: the team record's readers."""
    if not user.is_authenticated:
        return Family.objects.none()
    if user.is_superuser or user.role in IDENTITY_ROLES - {Role.PARTNER}:
        return families_visible_to(user)
    return Family.objects.none()


def can_write_case_notes(user: User, family: Family) -> bool:
    return can_read_case_notes(user, family)


def can_manage_cases(user: User) -> bool:
    """Opening a case, choosing its key worker and closing it."""
    return user.is_active and (user.is_superuser or user.role == Role.TEAM_LEAD)


def can_read_record_history(user: User) -> bool:
    """The record's change history and who viewed it: the team lead's audit."""
    return user.is_active and (user.is_superuser or user.role == Role.TEAM_LEAD)
