"""Who may do what with feedback. Built on the one access policy (``families.policy``).

Requests are part of the team's record of a family: whoever may read that record sees them
(never partners or viewers). Paper forms are typed in by the enrolment's practitioner, the
team lead or the administrator. Results are the team lead's; a viewer sees the aggregate
numbers with small counts suppressed, and never the comments.
"""

from django.db.models import QuerySet

from families import policy
from feedback.models import FeedbackRequest
from interventions import permissions as interventions
from interventions.models import Enrolment
from team.models import User
from team.roles import Role


def _active(user: User) -> bool:
    return user.is_authenticated and user.is_active


def is_team_lead(user: User) -> bool:
    return _active(user) and (user.is_superuser or user.role == Role.TEAM_LEAD)


def can_see_results(user: User) -> bool:
    return is_team_lead(user) or (_active(user) and user.role == Role.VIEWER)


def sees_exact_results(user: User) -> bool:
    """Exact counts and the comments parents agreed to have quoted: the team lead only."""
    return is_team_lead(user)


def can_edit_questionnaire(user: User) -> bool:
    return is_team_lead(user)


def can_see_failed_requests(user: User) -> bool:
    return is_team_lead(user) or (_active(user) and user.role == Role.ADMIN_ASSISTANT)


def can_record_paper(user: User, enrolment: Enrolment) -> bool:
    family = enrolment.case.family
    if not interventions.can_see_interventions(user, family):
        return False
    return (user.pk == enrolment.practitioner_id or user.role == Role.ADMIN_ASSISTANT
            or is_team_lead(user))


def requests_visible_to(user: User) -> QuerySet[FeedbackRequest]:
    """Feedback requests for the families whose team record the user may read."""
    if not _active(user) or user.role in (Role.PARTNER, Role.VIEWER):
        return FeedbackRequest.objects.none()
    return FeedbackRequest.objects.filter(enrolment__case__family__in=policy.families_visible_to(user))
