"""Reads of initial assessments, scoped by the access policy."""

from django.db.models import QuerySet
from django.http import Http404

from assessments.models import InitialAssessment
from assessments.permissions import can_see_booking
from families import policy
from team.models import User
from team.roles import Role


def assessments_queryset() -> QuerySet[InitialAssessment]:
    return InitialAssessment.objects.select_related("family", "assessor", "hub", "booked_by")


def assessments_visible_to(*, user: User) -> list[InitialAssessment]:
    """Every assessment whose page the user may open (booking or content)."""
    families = policy.families_visible_to(user)
    rows = assessments_queryset().filter(family__in=families).prefetch_related("family__caregivers")
    return [row for row in rows if can_see_booking(user, row)]


def assessment_get_for_user(*, user: User, pk) -> InitialAssessment:
    """The assessment, if it exists and the user may see it; otherwise 404."""
    try:
        assessment = assessments_queryset().get(pk=pk, family__in=policy.families_visible_to(user))
    except (InitialAssessment.DoesNotExist, ValueError, TypeError):
        raise Http404("No assessment found") from None
    if not can_see_booking(user, assessment):
        raise Http404("No assessment found")
    return assessment


def addenda_for(*, assessment: InitialAssessment):
    return assessment.addenda.select_related("author")


def risk_alert_recipients(*, assessor: User) -> list[User]:
    """The active team lead(s) and clinical psychologist(s), and the assessor."""
    roles = [Role.TEAM_LEAD.value, Role.CLINICAL_PSYCHOLOGIST.value]
    leads = User.objects.filter(is_active=True, groups__name__in=roles).distinct().order_by("pk")
    return [*leads, assessor]


def assessors() -> QuerySet[User]:
    return User.objects.filter(is_active=True, groups__name=Role.HEALTH_VISITOR.value).order_by(
        "first_name", "last_name")
