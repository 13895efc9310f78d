"""Parents' consent decisions, and families shared with partner organisations."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from families.models.people import Caregiver, Family


class ConsentRecord(models.Model):
    """A parent's or carer's decision about one purpose, as it was recorded.

    Records are never changed: a new decision is a new record, and the current state is
    the latest one.
    """

    class Purpose(models.TextChoices):
        TAKING_PART = "taking_part", "Taking part in the PIEW service"
        MDT_SHARING = "mdt_sharing", "Sharing with the PIEW multidisciplinary team"
        SHARE_WITH_PARTNER = "share_with_partner", "Sharing with a partner organisation"
        VIDEO_RECORDING = "video_recording", "Video recording for VIG"
        KEEP_CLIPS = "keep_clips", "Keeping video clips for training or supervision"
        FEEDBACK_CONTACT = "feedback_contact", "Being contacted for feedback"
        CASE_STUDY = "case_study", "Use of an anonymised story in a case study"

    class Decision(models.TextChoices):
        GIVEN = "given", "Given"
        REFUSED = "refused", "Refused"
        WITHDRAWN = "withdrawn", "Withdrawn"

    class Method(models.TextChoices):
        VERBAL = "verbal", "Verbal"
        WRITTEN = "written", "Written"
        ELECTRONIC = "electronic", "Electronic"

    family = models.ForeignKey(Family, on_delete=models.PROTECT, related_name="consents")
    caregiver = models.ForeignKey(Caregiver, on_delete=models.PROTECT, related_name="consents")
    purpose = models.CharField(max_length=40, choices=Purpose.choices)
    organisation = models.ForeignKey(
        "team.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        help_text="The partner organisation, for consent to share with one.",
    )
    decision = models.CharField(max_length=20, choices=Decision.choices)
    decided_on = models.DateField()
    method = models.CharField(max_length=20, choices=Method.choices)
    note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-recorded_at", "-pk"]
        indexes = [models.Index(fields=["caregiver", "purpose", "-recorded_at"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(purpose="share_with_partner") | Q(organisation__isnull=False),
                name="partner_consent_names_the_partner",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()}: {self.get_decision_display()} ({self.caregiver})"

    def clean(self) -> None:
        if self.caregiver_id and self.family_id and self.caregiver.family_id != self.family_id:
            raise ValidationError({"caregiver": "Choose a parent or carer in this family"})
        if self.purpose == self.Purpose.SHARE_WITH_PARTNER and not self.organisation_id:
            raise ValidationError({"organisation": "Choose the partner organisation"})
        if self.decided_on and self.decided_on > timezone.localdate():
            raise ValidationError({"decided_on": "The date of the decision must be today or in the past"})


class Share(models.Model):
    """A family shared with a partner organisation, whose workers may then see it."""

    family = models.ForeignKey(Family, on_delete=models.PROTECT, related_name="shares")
    organisation = models.ForeignKey("team.Organisation", on_delete=models.PROTECT, related_name="shares")
    reason = models.TextField()
    shared_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    shared_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-shared_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["family", "organisation"], condition=Q(ended_at__isnull=True),
                name="one_active_share_per_family_and_organisation",
            )
        ]

    def __str__(self) -> str:
        return f"{self.family} shared with {self.organisation}"
