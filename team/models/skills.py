"""The workforce skills audit: competencies and the level the service needs in each, audit
rounds and the answers staff give, training records, the training plan and each person's CPD log.
"""

import calendar
import datetime
import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import Q, Value
from django.utils import timezone
from simple_history.models import HistoricalRecords

from team.models.staff import Organisation


class Level(models.IntegerChoices):
    """How well someone knows a competency. Each level includes the ones below it."""

    NONE = 0, "None"
    AWARE = 1, "Aware"
    SKILLED = 2, "Skilled"
    EXPERT = 3, "Expert"


LEVEL_RANGE = Q(level__gte=Level.NONE) & Q(level__lte=Level.EXPERT)
# Days before required training expires that the person and the team lead are reminded.
REMINDER_DAYS = 60


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` later; the month's last day when it is shorter (31 January + 1)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = index // 12, index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


class Competency(models.Model):
    """Something staff know or can do, from awareness to being able to teach it."""

    name = models.CharField(max_length=150, unique=True)
    description = models.TextField(
        blank=True, help_text="Shown to staff under the question in the audit."
    )
    aware_label = models.CharField("Name of level 1", max_length=60, default="Aware")
    skilled_label = models.CharField("Name of level 2", max_length=60, default="Skilled")
    expert_label = models.CharField("Name of level 3", max_length=60, default="Expert")
    expires_after_months = models.PositiveSmallIntegerField(
        "Training expires after (months)", null=True, blank=True,
        help_text="Leave empty if the training does not need renewing.",
    )
    required = models.BooleanField(
        "Training must be kept up to date", default=False,
        help_text="The person and the team lead are emailed 60 days before it expires.",
    )
    active = models.BooleanField(default=True, help_text="Untick to leave it out of the audit.")
    position = models.PositiveSmallIntegerField(default=0, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "name"]
        verbose_name_plural = "competencies"
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_after_months__isnull=True) | Q(expires_after_months__gte=1),
                name="competency_expiry_at_least_one_month",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def level_label(self, level: int | None) -> str:
        labels = {Level.AWARE: self.aware_label, Level.SKILLED: self.skilled_label,
                  Level.EXPERT: self.expert_label}
        return labels.get(level, Level.NONE.label if level == Level.NONE else "")

    def level_choices(self) -> list[tuple[int, str]]:
        return [(level.value, self.level_label(level)) for level in Level]

    @property
    def has_own_level_names(self) -> bool:
        return (self.aware_label, self.skilled_label, self.expert_label) != (
            Level.AWARE.label, Level.SKILLED.label, Level.EXPERT.label)

    def expiry_for(self, completed_on: datetime.date) -> datetime.date | None:
        """When training completed on that day runs out, or None if it does not."""
        if not self.expires_after_months:
            return None
        return add_months(completed_on, self.expires_after_months)


class CompetencyTarget(models.Model):
    """The level the service needs in a competency: for everyone, or for one kind of organisation.

    A target for a kind of organisation replaces the one for everyone. ``Level.NONE`` means the
    competency is not needed there.
    """

    EVERYONE = ""

    competency = models.ForeignKey(Competency, on_delete=models.CASCADE, related_name="targets")
    organisation_kind = models.CharField(
        max_length=20, choices=Organisation.Kind.choices, blank=True,
        help_text="Empty for every organisation without a target of its own.",
    )
    level = models.PositiveSmallIntegerField(choices=Level.choices)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    set_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["competency", "organisation_kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["competency", "organisation_kind"], name="one_target_per_competency_and_kind"
            ),
            models.CheckConstraint(condition=LEVEL_RANGE, name="target_level_in_range"),
        ]

    def __str__(self) -> str:
        return f"{self.competency}: {self.level_name}"

    @property
    def level_name(self) -> str:
        return "Not needed" if self.level == Level.NONE else self.competency.level_label(self.level)


class AuditRound(models.Model):
    """A skills audit the team lead opens and staff of every organisation answer."""

    title = models.CharField(max_length=150)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField(default=timezone.now)
    closes_on = models.DateField("Answer by", help_text="The date staff are asked to answer by.")
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-opened_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                Value(1), condition=Q(closed_at__isnull=True), name="one_open_audit_round",
                violation_error_message="An audit round is already open. Close it first.",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class AuditResponse(models.Model):
    """One person's answers in one audit round; changed as often as they like while it is open."""

    audit_round = models.ForeignKey(AuditRound, on_delete=models.PROTECT, related_name="responses")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="skill_responses"
    )
    submitted_at = models.DateTimeField(default=timezone.now)
    learning_wishes = models.TextField("What you want to learn", blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["audit_round", "person"], name="one_response_per_person_per_round"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} in {self.audit_round}"


class SelfAssessment(models.Model):
    """The level a person gives themselves in one competency."""

    response = models.ForeignKey(AuditResponse, on_delete=models.CASCADE, related_name="assessments")
    competency = models.ForeignKey(Competency, on_delete=models.PROTECT, related_name="self_assessments")
    level = models.PositiveSmallIntegerField(choices=Level.choices)
    history = HistoricalRecords()

    class Meta:
        ordering = ["competency__position", "competency__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["response", "competency"], name="one_level_per_competency_per_response"
            ),
            models.CheckConstraint(condition=LEVEL_RANGE, name="self_assessment_level_in_range"),
        ]

    def __str__(self) -> str:
        return f"{self.competency}: {self.level_name}"

    @property
    def level_name(self) -> str:
        return self.competency.level_label(self.level)


def certificate_path(record: "TrainingRecord", filename: str) -> str:
    """A name that says nothing about the person: the certificate's own name stays out of it."""
    return f"certificates/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"


class TrainingRecord(models.Model):
    """Training a person has done, with when it runs out."""

    class Source(models.TextChoices):
        SELF_REPORTED = "self_reported", "Self-reported"
        COURSE = "course", "Course attendance"

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="training_records"
    )
    competency = models.ForeignKey(
        Competency, on_delete=models.PROTECT, null=True, blank=True, related_name="training_records"
    )
    course = models.CharField("Course name", max_length=200)
    provider = models.CharField("Training provider", max_length=200, blank=True)
    completed_on = models.DateField("Date completed")
    expires_on = models.DateField("Expiry date", null=True, blank=True)
    certificate = models.FileField(upload_to=certificate_path, blank=True, max_length=200)
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.SELF_REPORTED)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-completed_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True) | Q(expires_on__gte=models.F("completed_on")),
                name="training_expires_after_completion",
                violation_error_message="The expiry date must be on or after the date completed",
            ),
        ]

    def __str__(self) -> str:
        return self.course

    @property
    def has_expired(self) -> bool:
        return self.expires_on is not None and self.expires_on < timezone.localdate()

    @property
    def expires_soon(self) -> bool:
        """Expires within the reminder period, and has not yet."""
        days = (self.expires_on - timezone.localdate()).days if self.expires_on else None
        return days is not None and 0 <= days <= REMINDER_DAYS


class PlannedCourse(models.Model):
    """A course in the training delivery plan."""

    competency = models.ForeignKey(Competency, on_delete=models.PROTECT, related_name="planned_courses")
    title = models.CharField("Course name", max_length=200)
    date = models.DateField()
    trainer = models.CharField(max_length=200)
    venue = models.CharField(max_length=200, blank=True)
    places = models.PositiveSmallIntegerField()
    planned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    planned_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["date", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(places__gte=1), name="course_has_places"),
        ]

    def __str__(self) -> str:
        return self.title


class CourseInvitation(models.Model):
    """A person invited to a planned course, and whether they came and completed it."""

    course = models.ForeignKey(PlannedCourse, on_delete=models.PROTECT, related_name="invitations")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="course_invitations"
    )
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    invited_at = models.DateTimeField(default=timezone.now)
    attended = models.BooleanField(null=True, blank=True)
    completed = models.BooleanField(default=False)
    training_record = models.OneToOneField(
        TrainingRecord, on_delete=models.SET_NULL, null=True, blank=True, related_name="invitation"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["person__first_name", "person__last_name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["course", "person"], name="one_invitation_per_person_per_course"),
            models.CheckConstraint(condition=Q(completed=False) | Q(attended=True),
                                   name="completed_only_when_attended"),
        ]

    def __str__(self) -> str:
        return f"{self.person} on {self.course}"


class CPDEntry(models.Model):
    """An entry in a person's continuing professional development log."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="cpd_entries")
    date = models.DateField()
    activity = models.CharField(max_length=200)
    hours = models.DecimalField(max_digits=5, decimal_places=1)
    competency = models.ForeignKey(
        Competency, on_delete=models.PROTECT, null=True, blank=True, related_name="cpd_entries"
    )
    reflection = models.TextField("What you learned and how you will use it", blank=True)
    recorded_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = "CPD log entry"
        verbose_name_plural = "CPD log entries"
        constraints = [
            models.CheckConstraint(condition=Q(hours__gt=0), name="cpd_hours_above_zero"),
        ]

    def __str__(self) -> str:
        return self.activity
