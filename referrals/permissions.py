"""Who may see and act on referrals. A referral linked to a family is seen by whoever may see
the family (families.policy); the triage roles see every referral, linked or not."""

from django.db.models import Q, QuerySet
from django.http import Http404

from families.policy import families_visible_to
from referrals.models import Referral
from team.models import User
from team.roles import WHOLE_SERVICE_ROLES, Role

TRIAGE_ROLES = frozenset({Role.ADMIN_ASSISTANT, Role.TEAM_LEAD})


def can_triage(user: User) -> bool:
    return user.is_active and (user.is_superuser or user.role in TRIAGE_ROLES)


def can_record_contact(user: User, referral: Referral) -> bool:
    """The administrator, the team lead, or the health visitor making first contact."""
    if can_triage(user):
        return True
    return referral.family_id is not None and families_visible_to(user).filter(
        pk=referral.family_id).exists() and user.role == Role.HEALTH_VISITOR


def can_read_dashboard(user: User) -> bool:
    return user.is_active and (user.is_superuser or user.role == Role.TEAM_LEAD)


def referrals_visible_to(user: User) -> QuerySet[Referral]:
    if not user.is_authenticated or not user.is_active:
        return Referral.objects.none()
    if can_triage(user) or user.role in WHOLE_SERVICE_ROLES:
        return Referral.objects.all()
    return Referral.objects.filter(Q(family__in=families_visible_to(user)))


def referral_get_for_user(*, user: User, pk: int) -> Referral:
    """The referral, if it exists and the user may see it; otherwise 404."""
    try:
        return referrals_visible_to(user).get(pk=pk)
    except (Referral.DoesNotExist, ValueError, TypeError):
        raise Http404("No referral found") from None
