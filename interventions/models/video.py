"""VIG filming: each recording, its clips in private storage, and their deletion on schedule."""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

# Days after the enrolment ends that clips are deleted, unless the parent agreed to keep them.
RETENTION_DAYS = 30


def clip_path(recording: "VideoRecording", filename: str) -> str:
    # The file's name on disk says nothing about the family; the original name is kept on the row.
    return f"vig/{recording.enrolment_id}/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"


class VideoRecording(models.Model):
    enrolment = models.ForeignKey("interventions.Enrolment", on_delete=models.PROTECT,
                                  related_name="recordings")
    session = models.ForeignKey("interventions.Session", on_delete=models.PROTECT, null=True, blank=True,
                                related_name="recordings")
    filmed_on = models.DateField("Date filmed")
    consent_checked_at = models.DateTimeField(
        help_text="When every parent filmed was checked to have consented to video recording.")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
    clip = models.FileField(upload_to=clip_path, blank=True, max_length=200)
    clip_name = models.CharField("File name", max_length=200, blank=True)
    keep_for_training = models.BooleanField(default=False, editable=False)
    delete_after = models.DateField("Deletion date", null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["filmed_on", "pk"]
        indexes = [models.Index(fields=["delete_after"], condition=Q(deleted_at__isnull=True),
                                name="recording_due_idx")]

    def __str__(self) -> str:
        return f"Filming on {self.filmed_on:%-d %B %Y}"

    @property
    def has_clip(self) -> bool:
        return bool(self.clip) and self.deleted_at is None


class VideoDeletion(models.Model):
    """The log of a clip's deletion: kept after the file is gone."""

    class Reason(models.TextChoices):
        SCHEDULED = "scheduled", "Deletion date reached"
        CONSENT_WITHDRAWN = "consent_withdrawn", "Consent to video recording withdrawn"
        BY_STAFF = "by_staff", "Deleted by staff"

    recording = models.ForeignKey(VideoRecording, on_delete=models.PROTECT, related_name="deletions")
    file_name = models.CharField(max_length=200)
    reason = models.CharField(max_length=20, choices=Reason.choices)
    deleted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    deleted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-deleted_at"]

    def __str__(self) -> str:
        return f"{self.file_name} deleted {self.deleted_at:%-d %B %Y}"
