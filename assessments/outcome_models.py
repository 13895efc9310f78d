"""Outcome measures given to a parent or carer, scored by ``assessments.measures``.

An administration stores the answers exactly as ``score()`` takes them (one option index per
item, or None) and the score it returned. For a licensed measure recorded as a total only,
``answers`` is empty and the total was checked by ``score_total()``.

Pairs: a caregiver has at most one baseline and one end administration of each measure per
enrolment (or per case, when taken outside an enrolment), so a pair is a plain join. The end
administration keeps the pair's result (``baseline``, ``change``, ``reliable``,
``clinically_significant`` and, for PHQ-9 and GAD-7, NHS Talking Therapies recovery) so that
the outcomes summary can be aggregated in SQL.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from assessments.measures import DETERIORATED, IMPROVED, INSTRUMENTS, NO_RELIABLE_CHANGE

PAIRED_TIME_POINTS = ("baseline", "end")


def instrument_choices() -> list[tuple[str, str]]:
    return [(code, instrument.name) for code, instrument in sorted(INSTRUMENTS.items())]


class MeasureAdministration(models.Model):
    class TimePoint(models.TextChoices):
        BASELINE = "baseline", "Baseline (before)"
        MID = "mid", "Mid-point"
        END = "end", "End (after)"
        FOLLOW_UP = "follow_up", "Follow-up"

    class Method(models.TextChoices):
        PAPER = "paper", "On paper"
        FACE_TO_FACE = "face_to_face", "Face to face"
        ONLINE = "online", "Self-completed online"

    class Reliable(models.TextChoices):
        IMPROVED = IMPROVED, "Reliably improved"
        DETERIORATED = DETERIORATED, "Reliably deteriorated"
        NO_CHANGE = NO_RELIABLE_CHANGE, "No reliable change"

    caregiver = models.ForeignKey(
        "families.Caregiver", on_delete=models.PROTECT, related_name="measure_administrations"
    )
    case = models.ForeignKey(
        "families.Case", on_delete=models.PROTECT, related_name="measure_administrations"
    )
    enrolment = models.ForeignKey(
        "interventions.Enrolment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="measure_administrations",
    )
    instrument = models.CharField("Measure", max_length=12, choices=instrument_choices)
    time_point = models.CharField(max_length=12, choices=TimePoint.choices)
    completed_on = models.DateField("Date completed")
    method = models.CharField("How it was completed", max_length=12, choices=Method.choices)
    administered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    answers = models.JSONField(default=list, blank=True)
    total = models.FloatField(null=True, blank=True)
    subscales = models.JSONField(default=dict, blank=True)
    band = models.CharField(max_length=100, blank=True)
    flags = models.JSONField(default=list, blank=True)
    prorated = models.BooleanField(default=False)
    # A form or API client's key for one submission: sending it again returns the first record.
    submission_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    risk_alert = models.ForeignKey(
        "families.Alert", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    # The pair's result, kept on the end administration.
    baseline = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="paired_end"
    )
    change = models.FloatField(null=True, blank=True)
    reliable = models.CharField(max_length=20, choices=Reliable.choices, blank=True)
    clinically_significant = models.BooleanField(null=True, blank=True)
    recovered = models.BooleanField(null=True, blank=True)
    reliable_recovery = models.BooleanField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["completed_on", "pk"]
        indexes = [models.Index(fields=["instrument", "time_point"])]
        constraints = [
            models.UniqueConstraint(
                fields=["caregiver", "instrument", "enrolment", "time_point"],
                condition=Q(time_point__in=PAIRED_TIME_POINTS, enrolment__isnull=False),
                name="one_paired_administration_per_enrolment",
            ),
            models.UniqueConstraint(
                fields=["caregiver", "instrument", "case", "time_point"],
                condition=Q(time_point__in=PAIRED_TIME_POINTS, enrolment__isnull=True),
                name="one_paired_administration_per_case",
            ),
            models.CheckConstraint(
                condition=Q(baseline__isnull=True) | Q(time_point="end"),
                name="only_end_administration_has_baseline",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.instrument} ({self.get_time_point_display()}) on {self.completed_on}"

    @property
    def instrument_name(self) -> str:
        return dict(instrument_choices()).get(self.instrument, self.instrument)

    @property
    def is_totals_only(self) -> bool:
        return not self.answers

    def clean(self) -> None:
        errors = {}
        if self.caregiver_id and self.case_id and self.caregiver.family_id != self.case.family_id:
            errors["caregiver"] = "Choose a parent or carer in this family"
        if self.enrolment_id and self.enrolment.case_id != self.case_id:
            errors["enrolment"] = "Choose an enrolment of this family's case"
        if self.completed_on and self.completed_on > timezone.localdate():
            errors["completed_on"] = "The date completed must be today or in the past"
        if errors:
            raise ValidationError(errors)


class MeasureAlertEmail(models.Model):
    """One email telling one person of a risk item answered; ``sent_at`` is claimed before sending."""

    administration = models.ForeignKey(
        MeasureAdministration, on_delete=models.PROTECT, related_name="alert_emails"
    )
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["administration", "recipient"], name="one_measure_alert_email_per_recipient"
            )
        ]

    def __str__(self) -> str:
        return f"Risk alert email for {self.administration}"


class MeasureRequest(models.Model):
    """A measure a parent or carer is asked to complete on their phone, through a one-time link.

    The link is issued when the email is sent (the token is never stored), so a lost or repeated
    task sends one link; ``administration`` is set when the parent submits their answers.
    """

    caregiver = models.ForeignKey(
        "families.Caregiver", on_delete=models.PROTECT, related_name="measure_requests"
    )
    case = models.ForeignKey("families.Case", on_delete=models.PROTECT, related_name="+")
    enrolment = models.ForeignKey(
        "interventions.Enrolment", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    instrument = models.CharField("Measure", max_length=12, choices=instrument_choices)
    time_point = models.CharField(max_length=12, choices=MeasureAdministration.TimePoint.choices)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    link = models.OneToOneField(
        "families.OneTimeLink",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="measure_request",
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    administration = models.OneToOneField(
        MeasureAdministration, on_delete=models.PROTECT, null=True, blank=True, related_name="request"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-requested_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.instrument} requested from caregiver {self.caregiver_id}"
