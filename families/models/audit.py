"""Who read a family's record, and the marker of a database holding only synthetic data."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from families.models.people import Family


class FamilyAccessLog(models.Model):
    """Who looked at a family's record, when, and on which page."""

    family = models.ForeignKey(Family, on_delete=models.PROTECT, related_name="access_log")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    page = models.CharField(max_length=100)
    viewed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-viewed_at"]
        indexes = [models.Index(fields=["family", "-viewed_at"])]

    def __str__(self) -> str:
        return f"{self.user} viewed {self.page} at {self.viewed_at}"


class SyntheticDataset(models.Model):
    """Marks a database filled by seed_demo, so it is never mistaken for real records."""

    seed = models.IntegerField()
    families = models.PositiveIntegerField()
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Synthetic data (seed {self.seed}, {self.families} families)"
