"""Reminders on a practitioner's task list: attendance not recorded, and enrolments gone quiet."""

from django.conf import settings
from django.db import models
from django.db.models import Q

# Days after a session was due that a missing attendance is a reminder.
ATTENDANCE_GRACE_DAYS = 2
# Days without a session before an active enrolment is a reminder.
QUIET_DAYS = 21


class Reminder(models.Model):
    class Kind(models.TextChoices):
        ATTENDANCE_MISSING = "attendance_missing", "Attendance not recorded"
        NO_RECENT_SESSION = "no_recent_session", f"No session for {QUIET_DAYS} days"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    practitioner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     related_name="reminders")
    enrolment = models.ForeignKey("interventions.Enrolment", on_delete=models.PROTECT,
                                  related_name="reminders")
    session = models.ForeignKey("interventions.Session", on_delete=models.PROTECT, null=True, blank=True,
                                related_name="reminders")
    # For a quiet enrolment: the date of the last session (or the start) the gap is counted from,
    # so a later gap after new sessions is a new reminder and the same gap is never a second one.
    quiet_since = models.DateField(null=True, blank=True)
    raised_on = models.DateField()
    emailed_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["raised_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["session"], condition=Q(kind="attendance_missing"),
                                    name="one_attendance_reminder_per_session"),
            models.UniqueConstraint(fields=["enrolment", "quiet_since"],
                                    condition=Q(kind="no_recent_session"), name="one_quiet_reminder_per_gap"),
            models.CheckConstraint(condition=~Q(kind="attendance_missing") | Q(session__isnull=False),
                                   name="attendance_reminder_has_session"),
            models.CheckConstraint(condition=~Q(kind="no_recent_session") | Q(quiet_since__isnull=False),
                                   name="quiet_reminder_has_date"),
        ]

    def __str__(self) -> str:
        return self.get_kind_display()
