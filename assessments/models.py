"""The initial home assessment by a perinatal wellbeing health visitor, and its addenda."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from interventions.models import Programme


def recommendable_choices(*, keep: list[str] | tuple[str, ...] = ()) -> list[tuple[str, str]]:
    """The catalogue's interventions an assessment may recommend, as (code, name): the active
    ones, and any in ``keep`` (already recommended) that have since been withdrawn."""
    return list(Programme.objects.filter(Q(active=True) | Q(code__in=list(keep))).order_by(
        "name").values_list("code", "name"))


def intervention_labels() -> dict[str, str]:
    """Every catalogue code's name, withdrawn ones too: what a stored recommendation shows."""
    return dict(Programme.objects.values_list("code", "name"))


# Each risk question and the plan it requires when answered "yes".
RISK_PLANS = {
    "risk_self_harm": "risk_self_harm_plan",
    "risk_harm_to_baby": "risk_harm_to_baby_plan",
    "risk_safeguarding": "risk_safeguarding_plan",
}
# Text a completed assessment must have, with the message naming the field.
REQUIRED_TEXT = {
    "presenting_needs": "Enter the presenting needs",
    "mental_health_history": "Enter the parental mental health history",
    "relationship_observed": "Enter the parent-infant relationship as observed",
    "baby_wellbeing": "Enter the baby's wellbeing",
    "support_network": "Enter the family's support network",
}
REQUIRED_ANSWERS = {
    "risk_self_harm": "Answer whether there is a risk of self-harm or suicide",
    "risk_harm_to_baby": "Answer whether there is a risk of harm to the baby",
    "risk_safeguarding": "Answer whether there are safeguarding concerns",
    "domestic_abuse_asked": "Answer whether the routine enquiry about domestic abuse was asked",
    "consent_confirmed": "Answer whether the family confirmed consent to take part",
}


class InitialAssessment(models.Model):
    class Place(models.TextChoices):
        HOME = "home", "At home"
        HUB = "hub", "At a Family Hub"
        VIDEO = "video", "By video call"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        COMPLETED = "completed", "Completed"

    family = models.ForeignKey("families.Family", on_delete=models.PROTECT,
                               related_name="initial_assessments")
    case = models.ForeignKey("families.Case", on_delete=models.PROTECT, null=True, blank=True,
                             related_name="+")
    assessor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    booked_for = models.DateTimeField("Date and time")
    place = models.CharField(max_length=10, choices=Place.choices)
    hub = models.ForeignKey("team.Hub", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    booked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    booked_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    completed_at = models.DateTimeField(null=True, blank=True)
    locked = models.BooleanField(default=False)

    presenting_needs = models.TextField(blank=True)
    mental_health_history = models.TextField("Mental health history", blank=True)
    mental_health_support = models.TextField("Current support", blank=True)
    medication = models.TextField(blank=True)
    relationship_observed = models.TextField("Parent-infant relationship as observed", blank=True)
    baby_wellbeing = models.TextField("Baby's wellbeing", blank=True)
    support_network = models.TextField(blank=True)
    housing = models.TextField(blank=True)
    money_worries = models.TextField(blank=True)
    domestic_abuse_asked = models.BooleanField("Routine enquiry about domestic abuse asked", null=True,
                                               blank=True)
    domestic_abuse_not_asked_reason = models.TextField("Why it was not asked", blank=True)
    risk_self_harm = models.BooleanField("Risk of self-harm or suicide", null=True, blank=True)
    risk_self_harm_plan = models.TextField("Plan for the risk of self-harm or suicide", blank=True)
    risk_harm_to_baby = models.BooleanField("Risk of harm to the baby", null=True, blank=True)
    risk_harm_to_baby_plan = models.TextField("Plan for the risk of harm to the baby", blank=True)
    risk_safeguarding = models.BooleanField("Safeguarding concerns", null=True, blank=True)
    risk_safeguarding_plan = models.TextField("Plan for the safeguarding concerns", blank=True)
    consent_confirmed = models.BooleanField("Consent to take part confirmed", null=True, blank=True)
    recommended_interventions = models.JSONField("Recommended PIEW interventions", default=list, blank=True)
    signpost = models.TextField("Signposted elsewhere", blank=True)
    no_further_action = models.BooleanField(default=False)

    risk_alert = models.ForeignKey("families.Alert", on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-booked_for"]
        constraints = [
            models.UniqueConstraint(fields=["family"], condition=Q(status="draft"),
                                    name="one_draft_initial_assessment_per_family"),
            models.CheckConstraint(
                condition=Q(status="draft", completed_at__isnull=True, locked=False)
                | Q(status="completed", completed_at__isnull=False, locked=True),
                name="initial_assessment_completed_is_locked"),
            models.CheckConstraint(condition=~Q(place="hub") | Q(hub__isnull=False),
                                   name="initial_assessment_hub_when_at_hub"),
        ]

    def __str__(self) -> str:
        return f"Initial assessment {self.pk} for family {self.family_id}"

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def has_risk(self) -> bool:
        return any(getattr(self, question) for question in RISK_PLANS)

    def recommended_intervention_labels(self) -> list[str]:
        labels = intervention_labels()
        return [labels.get(code, code) for code in self.recommended_interventions]

    def _saved_recommendations(self) -> list[str]:
        if self.pk is None:
            return []
        saved = type(self).objects.filter(pk=self.pk).values_list("recommended_interventions", flat=True)
        return list(saved.first() or [])

    def _recommendations_valid(self) -> bool:
        """A list of catalogue codes: active interventions, or ones it already recommended."""
        chosen = self.recommended_interventions
        if not isinstance(chosen, list) or not all(isinstance(code, str) for code in chosen):
            return False
        if not chosen:
            return True
        allowed = {code for code, _ in recommendable_choices(keep=self._saved_recommendations())}
        return set(chosen) <= allowed

    def clean(self) -> None:
        errors = {}
        if self.place == self.Place.HUB and not self.hub_id:
            errors["hub"] = "Choose the Family Hub"
        if not self._recommendations_valid():
            errors["recommended_interventions"] = "Choose interventions from the list"
        if errors:
            raise ValidationError(errors)

    def completion_errors(self) -> dict[str, str]:
        """What is missing before the assessment can be completed, by field."""
        errors = {name: message for name, message in REQUIRED_TEXT.items() if not getattr(self, name).strip()}
        errors |= {name: message for name, message in REQUIRED_ANSWERS.items() if getattr(self, name) is None}
        for question, plan in RISK_PLANS.items():
            if getattr(self, question) and not getattr(self, plan).strip():
                errors[plan] = f"Enter the {self._meta.get_field(plan).verbose_name.lower()}"
        if self.domestic_abuse_asked is False and not self.domestic_abuse_not_asked_reason.strip():
            errors["domestic_abuse_not_asked_reason"] = "Enter why the routine enquiry was not asked"
        errors |= self._recommendation_errors()
        return errors

    def _recommendation_errors(self) -> dict[str, str]:
        chosen = bool(self.recommended_interventions) or bool(self.signpost.strip())
        if self.no_further_action and chosen:
            return {"no_further_action": "Choose no further action only when nothing else is recommended"}
        if not self.no_further_action and not chosen:
            return {"recommended_interventions": "Recommend an intervention, a signpost or no further action"}
        return {}


class AssessmentAddendum(models.Model):
    """A correction or addition to a completed, locked assessment."""

    assessment = models.ForeignKey(InitialAssessment, on_delete=models.PROTECT, related_name="addenda")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    written_at = models.DateTimeField(default=timezone.now)
    text = models.TextField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["written_at", "pk"]

    def __str__(self) -> str:
        return f"Addendum to {self.assessment}"


class RiskAlertEmail(models.Model):
    """One email telling one person of a risk alert; ``sent_at`` is claimed before sending."""

    assessment = models.ForeignKey(InitialAssessment, on_delete=models.PROTECT, related_name="risk_emails")
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["assessment", "recipient"],
                                               name="one_risk_email_per_assessment_recipient")]

    def __str__(self) -> str:
        return f"Risk alert email for {self.assessment}"
from assessments.outcome_models import MeasureAdministration, MeasureAlertEmail, MeasureRequest  # noqa: E402,F401,E501
