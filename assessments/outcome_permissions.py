"""Who may record and read outcome measures. Built on the one access policy.

Measure answers are clinical: those who may read the family's case notes (its practitioners,
the clinical psychologist and the team lead) record and read them; never the administrator,
partner organisations or viewers.
"""

from families import policy
from families.models import Family
from team.models import User
from team.roles import Role

SUMMARY_ROLES = frozenset({Role.TEAM_LEAD, Role.CLINICAL_PSYCHOLOGIST})


def can_read_measures(user: User, family: Family) -> bool:
    return user.is_authenticated and policy.can_read_case_notes(user, family)


def can_record_measures(user: User, family: Family) -> bool:
    return can_read_measures(user, family)


def can_read_outcomes_summary(user: User) -> bool:
    return user.is_authenticated and user.is_active and (user.is_superuser or user.role in SUMMARY_ROLES)
