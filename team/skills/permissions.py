"""Who may see and change what in the skills audit. The only place that access is decided.

The team lead sees and changes everything. Everyone else who works with families (the PIEW
team, Family Hub staff and partner organisations' workers) takes part in the audit, and sees
and changes only their own answers, training records, CPD log and course invitations. Viewers
(commissioners, analysts) and accounts without a role see nothing here.

A record the user may not see answers 404, exactly as one that does not exist; a page only
the team lead may open answers 403.
"""

from django.db.models import Model, QuerySet
from django.http import Http404

from team.models import AuditResponse, CourseInvitation, CPDEntry, PlannedCourse, TrainingRecord, User
from team.roles import Role

# Roles whose holders answer the audit and keep their own training records and CPD log.
PARTICIPANT_ROLES = frozenset(Role) - {Role.VIEWER}


def can_manage_skills(user: User) -> bool:
    """Competencies and targets, audit rounds, the gap analysis, the training plan."""
    return user.is_authenticated and user.is_active and (user.is_superuser or user.role == Role.TEAM_LEAD)


def takes_part(user: User) -> bool:
    return user.is_authenticated and user.is_active and (
        user.is_superuser or user.role in PARTICIPANT_ROLES)


def _own_or_all(user: User, queryset: QuerySet, owner: str = "person") -> QuerySet:
    if can_manage_skills(user):
        return queryset
    if takes_part(user):
        return queryset.filter(**{owner: user})
    return queryset.none()


def audit_responses_visible_to(user: User) -> QuerySet[AuditResponse]:
    return _own_or_all(user, AuditResponse.objects.all())


def training_records_visible_to(user: User) -> QuerySet[TrainingRecord]:
    return _own_or_all(user, TrainingRecord.objects.all())


def cpd_entries_visible_to(user: User) -> QuerySet[CPDEntry]:
    return _own_or_all(user, CPDEntry.objects.all())


def invitations_visible_to(user: User) -> QuerySet[CourseInvitation]:
    return _own_or_all(user, CourseInvitation.objects.all())


def courses_visible_to(user: User) -> QuerySet[PlannedCourse]:
    """Every course for the team lead; for anyone else, the courses they are invited to."""
    if can_manage_skills(user):
        return PlannedCourse.objects.all()
    if takes_part(user):
        return PlannedCourse.objects.filter(invitations__person=user)
    return PlannedCourse.objects.none()


def get_visible(queryset: QuerySet, pk) -> Model:
    """The row, if it is in the user's queryset; otherwise 404, as if it did not exist."""
    try:
        return queryset.get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404("Not found") from None


def can_change_record(user: User, person: User) -> bool:
    """A person's own answers, training records and CPD log: theirs and the team lead's."""
    return can_manage_skills(user) or (takes_part(user) and person.pk == user.pk)
