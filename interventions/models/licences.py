"""Licence codes for the online programmes: imported in batches, issued to one parent once."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from interventions.models.catalogue import Programme


class LicenceCode(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="licence_codes")
    code = models.CharField(max_length=60, unique=True)
    batch = models.CharField(max_length=100, help_text="The order or batch the codes came in.")
    expires_on = models.DateField("Licence expires", null=True, blank=True)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    imported_at = models.DateTimeField(auto_now_add=True)
    enrolment = models.ForeignKey("interventions.Enrolment", on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="licence_codes")
    caregiver = models.ForeignKey("families.Caregiver", on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="licence_codes")
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+")
    issued_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    redeemed_on = models.DateField("Date the parent started", null=True, blank=True)
    completed_on = models.DateField("Date the parent completed", null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["imported_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(caregiver__isnull=True, enrolment__isnull=True, issued_at__isnull=True)
                | Q(caregiver__isnull=False, enrolment__isnull=False, issued_at__isnull=False),
                name="licence_issued_together"),
            models.CheckConstraint(condition=Q(redeemed_on__isnull=True) | Q(issued_at__isnull=False),
                                   name="licence_redeemed_after_issue"),
            models.CheckConstraint(condition=Q(completed_on__isnull=True) | Q(redeemed_on__isnull=False),
                                   name="licence_completed_after_redeemed"),
            models.UniqueConstraint(fields=["enrolment", "caregiver"], condition=Q(enrolment__isnull=False),
                                    name="one_licence_per_parent_per_enrolment"),
        ]

    def __str__(self) -> str:
        return f"{self.programme} licence ending {self.code[-4:]}"
