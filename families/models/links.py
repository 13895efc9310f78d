"""One-time links addressed to a parent or carer: a measure to complete before a session, a
feedback form after an intervention. The token itself is never stored, only its hash."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from families.models.people import Caregiver


class OneTimeLink(models.Model):
    class Purpose(models.TextChoices):
        MEASURE = "measure", "Complete a questionnaire"
        FEEDBACK = "feedback", "Give feedback"

    caregiver = models.ForeignKey(Caregiver, on_delete=models.PROTECT, related_name="one_time_links")
    purpose = models.CharField(max_length=20, choices=Purpose.choices)
    # SHA-256 of the token, hex: the token cannot be recovered from the database.
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [models.CheckConstraint(condition=Q(expires_at__gt=models.F("created_at")),
                                              name="one_time_link_expires_after_creation")]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} link for {self.caregiver.first_name}"

    @property
    def is_usable(self) -> bool:
        return self.used_at is None and self.cancelled_at is None and self.expires_at > timezone.now()
