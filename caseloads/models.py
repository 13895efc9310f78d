"""Allocation of a family's case to a key worker, and the case's next action. How much a case
weighs on a caseload is set in the interventions catalogue."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords


class Allocation(models.Model):
    """One allocation or reassignment of a case: every one is kept, newest last."""

    class Kind(models.TextChoices):
        ALLOCATED = "allocated", "Allocated"
        REASSIGNED = "reassigned", "Reassigned"

    case = models.ForeignKey("families.Case", on_delete=models.PROTECT, related_name="allocations")
    key_worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    previous_key_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    allocated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    allocated_at = models.DateTimeField(default=timezone.now)
    note = models.TextField("Reason or note", blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["allocated_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} to {self.key_worker} on {self.allocated_at:%-d %B %Y}"


class CasePlan(models.Model):
    """The key worker's next action on a case and when it is due."""

    case = models.OneToOneField("families.Case", on_delete=models.PROTECT, related_name="plan")
    next_action = models.CharField(max_length=200)
    next_action_due = models.DateField("Due")
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"{self.next_action} by {self.next_action_due:%-d %B %Y}"


class ConsultationNote(models.Model):
    """The clinical psychologist's consultation or supervision note on a case. Read only by the
    psychologist, the case's key worker and the team lead."""

    class Kind(models.TextChoices):
        CONSULTATION = "consultation", "Consultation"
        SUPERVISION = "supervision", "Supervision"

    case = models.ForeignKey("families.Case", on_delete=models.PROTECT, related_name="consultation_notes")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    written_at = models.DateTimeField(default=timezone.now)
    text = models.TextField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-written_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} note by {self.author}"
