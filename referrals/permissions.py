"""Who may see and act on referrals. A referral linked to a family is seen by whoever may see
the family (families.policy); the triage roles see every referral, linked or not."""

from django.db.models import Q, QuerySet
from django.http import Http404

from families.policy import can_change_family, families_visible_to
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


def can_refer_on(user: User, family) -> bool:
    """Referring a family on to a partner: the team, for a family they may change."""
    return user.role != Role.PARTNER and can_change_family(user, family)


def can_read_dashboard(user: User) -> bool:
    return user.is_active and (user.is_superuser or user.role == Role.TEAM_LEAD)


def partner_organisation_id(user: User) -> int | None:
    """The partner organisation a partner worker (or their organisation's system) signs in for."""
    profile = getattr(user, "profile", None)
    return profile.organisation_id if profile else None


def can_create_referral(user: User) -> bool:
    """The triage roles record any referral; a partner organisation's worker or system sends its
    own (as a partner referral from its organisation)."""
    return can_triage(user) or (user.is_active and user.role == Role.PARTNER)


def referrals_visible_to(user: User) -> QuerySet[Referral]:
    """The referrals the user may see.

    The triage roles and the whole-service roles see every referral. A partner organisation's
    worker (or its system, signed in with the worker's API token) sees only the referrals their
    organisation made (``referrer_partner``), and none if they belong to no organisation. Anyone
    else sees the referrals of the families they may see (families.policy).
    """
    if not user.is_authenticated or not user.is_active:
        return Referral.objects.none()
    if can_triage(user) or user.role in WHOLE_SERVICE_ROLES:
        return Referral.objects.all()
    if user.role == Role.PARTNER:
        organisation_id = partner_organisation_id(user)
        if organisation_id is None:
            return Referral.objects.none()
        return Referral.objects.filter(referrer_partner_id=organisation_id)
    return Referral.objects.filter(Q(family__in=families_visible_to(user)))


def referral_get_for_user(*, user: User, pk: int) -> Referral:
    """The referral, if it exists and the user may see it; otherwise 404."""
    try:
        return referrals_visible_to(user).get(pk=pk)
    except (Referral.DoesNotExist, ValueError, TypeError):
        raise Http404("No referral found") from None
