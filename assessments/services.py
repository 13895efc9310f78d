"""Every write to an initial assessment: one function per action, in a transaction."""

from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from assessments import selectors
from assessments.models import AssessmentAddendum, InitialAssessment, RiskAlertEmail
from assessments.tasks import send_risk_alert_email
from families.models import Alert, Family
from families.services import alert_raise
from piew.services import save_validated
from team.models import User

LOCKED_MESSAGE = "This assessment is completed and locked. Add an addendum to correct it."
# Fields the draft form and API may write; nothing about booking, status or locking.
SECTION_FIELDS = (
    "presenting_needs", "mental_health_history", "mental_health_support", "medication",
    "relationship_observed", "baby_wellbeing", "support_network", "housing", "money_worries",
    "domestic_abuse_asked", "domestic_abuse_not_asked_reason",
    "risk_self_harm", "risk_self_harm_plan", "risk_harm_to_baby", "risk_harm_to_baby_plan",
    "risk_safeguarding", "risk_safeguarding_plan", "consent_confirmed",
    "recommended_interventions", "signpost", "no_further_action",
)


@transaction.atomic
def assessment_book(
    *, family: Family, assessor: User, booked_for: datetime, place: str, booked_by: User, hub=None,
) -> InitialAssessment:
    """Book the initial assessment. A family has at most one draft (a database constraint)."""
    if family.initial_assessments.filter(status=InitialAssessment.Status.DRAFT).exists():
        raise ValidationError("This family already has an initial assessment booked that is not completed")
    open_case = family.cases.filter(closed_at__isnull=True).first()
    return save_validated(InitialAssessment(
        family=family, case=open_case, assessor=assessor, booked_for=booked_for, place=place,
        hub=hub if place == InitialAssessment.Place.HUB else None, booked_by=booked_by,
    ))


def _locked_row(assessment: InitialAssessment) -> InitialAssessment:
    return InitialAssessment.objects.select_for_update().select_related("family").get(pk=assessment.pk)


@transaction.atomic
def assessment_save_draft(*, assessment: InitialAssessment, **fields: Any) -> InitialAssessment:
    """Save the sections so far. Refused once the assessment is completed."""
    unknown = set(fields) - set(SECTION_FIELDS)
    if unknown:
        raise ValidationError(f"These cannot be changed here: {', '.join(sorted(unknown))}")
    row = _locked_row(assessment)
    if not row.is_draft:
        raise ValidationError(LOCKED_MESSAGE)
    return save_validated(row, **fields)


@transaction.atomic
def assessment_complete(*, assessment: InitialAssessment, by: User) -> InitialAssessment:
    """Check every section, lock the assessment and, for any risk, raise one alert.

    Completing an already completed assessment changes nothing and raises no second alert.
    """
    row = _locked_row(assessment)
    if not row.is_draft:
        return row
    errors = row.completion_errors()
    if errors:
        raise ValidationError(errors)
    row = save_validated(row, status=InitialAssessment.Status.COMPLETED, completed_at=timezone.now(),
                         locked=True)
    if row.has_risk:
        _raise_risk_alert(row, by)
    return row


def _raise_risk_alert(assessment: InitialAssessment, by: User) -> None:
    recipients = selectors.risk_alert_recipients(assessor=assessment.assessor)
    kind = Alert.Kind.SAFEGUARDING if assessment.risk_safeguarding else Alert.Kind.RISK
    # The title is seen by everyone who reads the family's alerts: it says where to look, not what.
    alert = alert_raise(family=assessment.family, kind=kind, recipients=recipients, raised_by=by,
                        title="Risk recorded at the initial assessment: read its plan")
    save_validated(assessment, risk_alert=alert)
    for user in {user.pk: user for user in recipients}.values():
        email = RiskAlertEmail.objects.create(assessment=assessment, recipient=user)
        transaction.on_commit(lambda email_id=email.pk: send_risk_alert_email.delay(email_id))


@transaction.atomic
def assessment_addendum_add(*, assessment: InitialAssessment, author: User, text: str) -> AssessmentAddendum:
    """A correction or addition, only once the assessment is completed and locked."""
    row = _locked_row(assessment)
    if row.is_draft:
        raise ValidationError("Addenda are for completed assessments. Change the draft instead.")
    return save_validated(AssessmentAddendum(assessment=row, author=author), text=text)
