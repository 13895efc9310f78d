"""Case notes and alerts about a family."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from families.models.people import Case, Family


class CaseNote(models.Model):
    """What a practitioner recorded about the family. Never shown to the administrator."""

    family = models.ForeignKey(Family, on_delete=models.PROTECT, related_name="notes")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, null=True, blank=True, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    written_at = models.DateTimeField(default=timezone.now)
    text = models.TextField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-written_at"]

    def __str__(self) -> str:
        return f"Note by {self.author} on {self.written_at:%d %B %Y}"


class Alert(models.Model):
    """Something about a family that named people must see and acknowledge."""

    class Kind(models.TextChoices):
        RISK = "risk", "Risk to a parent or the baby"
        SAFEGUARDING = "safeguarding", "Safeguarding concern"
        OTHER = "other", "Other"

    family = models.ForeignKey(Family, on_delete=models.PROTECT, related_name="alerts")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=200)
    detail = models.TextField(blank=True)
    raised_at = models.DateTimeField(default=timezone.now)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-raised_at"]

    def __str__(self) -> str:
        return self.title


class AlertRecipient(models.Model):
    """A person who must see an alert, and whether they have acted on it."""

    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="recipients")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="alerts")
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    action_taken = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["alert", "user"], name="one_recipient_row_per_alert_user")
        ]

    def __str__(self) -> str:
        return f"{self.alert} for {self.user}"
