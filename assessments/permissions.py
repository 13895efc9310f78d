"""Who may book, record and read an initial assessment. Built on the one access policy.

Before the family gives consent to share with the multidisciplinary team, the assessment's
content is for the assessing health visitor, the team lead and the clinical psychologist
only. After it, anyone who may read the family's case notes may read it. The administrator
may see that an assessment is booked (when, where, with whom), never what it says.
"""

from families import policy
from families.consent import family_consent_given
from families.models import ConsentRecord, Family
from team.models import User
from team.roles import Role

BEFORE_CONSENT_ROLES = frozenset({Role.TEAM_LEAD, Role.CLINICAL_PSYCHOLOGIST})


def can_book(user: User, family: Family) -> bool:
    """Health visitors who may see the family, and the team lead."""
    return (user.is_active and user.role in {Role.HEALTH_VISITOR, Role.TEAM_LEAD}
            and policy.can_change_family(user, family))


def can_read_content(user: User, assessment) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if family_consent_given(family=assessment.family, purpose=ConsentRecord.Purpose.MDT_SHARING):
        return policy.can_read_case_notes(user, assessment.family)
    return user.pk == assessment.assessor_id or user.role in BEFORE_CONSENT_ROLES


def can_see_booking(user: User, assessment) -> bool:
    """The assessment page exists for this user (content or, for the administrator, the booking)."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.role == Role.ADMIN_ASSISTANT:
        return policy.can_read_team_record(user, assessment.family)
    return can_read_content(user, assessment)


def can_record(user: User, assessment) -> bool:
    """Writing the draft: the assessor, or the team lead."""
    return can_read_content(user, assessment) and (
        user.pk == assessment.assessor_id or user.role == Role.TEAM_LEAD)


def can_add_addendum(user: User, assessment) -> bool:
    return can_read_content(user, assessment) and (
        user.pk == assessment.assessor_id or user.role in BEFORE_CONSENT_ROLES)
