"""A family's enrolment in an intervention, and the sessions it is delivered in."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from interventions.models.catalogue import Format, Programme, SessionKind


class Enrolment(models.Model):
    """Parents or carers of a case in one intervention, with the practitioner delivering it."""

    class Status(models.TextChoices):
        WAITING = "waiting", "Waiting to start"
        ACTIVE = "active", "Active"
        COMPLETED = "completed", "Completed"
        ENDED_EARLY = "ended_early", "Ended early"

    class EndReason(models.TextChoices):
        DISENGAGED = "disengaged", "The family disengaged"
        WITHDREW = "withdrew", "The family withdrew"
        MOVED = "moved", "The family moved away"
        OTHER = "other", "Another reason"

    ENDED = (Status.COMPLETED, Status.ENDED_EARLY)
    OPEN = (Status.WAITING, Status.ACTIVE)

    case = models.ForeignKey("families.Case", on_delete=models.PROTECT, related_name="enrolments")
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="enrolments")
    caregivers = models.ManyToManyField("families.Caregiver", related_name="enrolments",
                                        verbose_name="Parents and carers taking part")
    practitioner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     related_name="enrolments_delivered")
    format = models.CharField(max_length=12, choices=Format.choices)
    group_run = models.ForeignKey("interventions.GroupRun", on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="enrolments")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.WAITING)
    goals = models.TextField("The family's goals, in their own words", blank=True)
    planned_cycles = models.PositiveSmallIntegerField("Cycles planned", null=True, blank=True)
    starts_on = models.DateField("Start date", null=True, blank=True)
    ended_on = models.DateField("End date", null=True, blank=True)
    end_reason = models.CharField("Why it ended early", max_length=12, choices=EndReason.choices, blank=True)
    end_note = models.TextField("About the ending", blank=True)
    enrolled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    enrolled_at = models.DateTimeField(default=timezone.now)
    ended_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+")
    history = HistoricalRecords(m2m_fields=[caregivers])

    class Meta:
        ordering = ["-enrolled_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["waiting", "active"], ended_on__isnull=True)
                | Q(status__in=["completed", "ended_early"], ended_on__isnull=False),
                name="enrolment_ended_has_end_date"),
            models.CheckConstraint(condition=~Q(status="ended_early") | ~Q(end_reason=""),
                                   name="enrolment_ended_early_has_reason"),
            models.CheckConstraint(condition=Q(ended_on__isnull=True) | Q(starts_on__isnull=True)
                                   | Q(ended_on__gte=models.F("starts_on")),
                                   name="enrolment_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.programme} for {self.case.family.reference}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN

    def clean(self) -> None:
        if self.format and self.programme_id and self.format not in self.programme.formats:
            raise ValidationError({"format": f"{self.programme} is not delivered that way: choose "
                                             f"{' or '.join(self.programme.format_labels()).lower()}"})


class Session(models.Model):
    """One session of an enrolment: planned, then its attendance recorded."""

    class Mode(models.TextChoices):
        HOME = "home", "At home"
        HUB = "hub", "At a Family Hub"
        VIDEO = "video", "Video call"
        PHONE = "phone", "Phone"
        VENUE = "venue", "At another venue"

    class Attendance(models.TextChoices):
        ATTENDED = "attended", "Attended"
        DID_NOT_ATTEND = "did_not_attend", "Did not attend"
        CANCELLED_BY_FAMILY = "cancelled_by_family", "Cancelled by the family"
        CANCELLED_BY_SERVICE = "cancelled_by_service", "Cancelled by the service"

    enrolment = models.ForeignKey(Enrolment, on_delete=models.PROTECT, related_name="sessions")
    group_session = models.ForeignKey("interventions.GroupSession", on_delete=models.PROTECT, null=True,
                                      blank=True, related_name="register")
    kind = models.ForeignKey(SessionKind, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                             verbose_name="Kind of session")
    cycle = models.PositiveSmallIntegerField("VIG cycle", null=True, blank=True)
    starts_at = models.DateTimeField("Date and time")
    mode = models.CharField("Where or how", max_length=8, choices=Mode.choices)
    hub = models.ForeignKey("team.Hub", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                            verbose_name="Family Hub")
    attendance = models.CharField(max_length=24, choices=Attendance.choices, blank=True)
    mother_attended = models.BooleanField("Mother", default=False)
    father_attended = models.BooleanField("Father", default=False)
    other_carer_attended = models.BooleanField("Other carer", default=False)
    minutes = models.PositiveSmallIntegerField("Length in minutes", null=True, blank=True)
    notes = models.TextField(blank=True)
    next_steps = models.TextField("Next steps", blank=True)
    booked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    booked_at = models.DateTimeField(default=timezone.now)
    attendance_recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                               blank=True, related_name="+")
    attendance_recorded_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "group_session"],
                                    condition=Q(group_session__isnull=False),
                                    name="one_register_entry_per_group_session"),
            models.CheckConstraint(condition=~Q(mode="hub") | Q(hub__isnull=False),
                                   name="session_hub_when_at_hub"),
            models.CheckConstraint(
                condition=Q(attendance="attended")
                | Q(mother_attended=False, father_attended=False, other_carer_attended=False),
                name="session_who_attended_only_when_attended"),
            models.CheckConstraint(condition=Q(attendance="") | Q(attendance_recorded_at__isnull=False),
                                   name="session_attendance_has_time"),
        ]
        indexes = [models.Index(fields=["starts_at", "attendance"], name="session_due_idx")]

    def __str__(self) -> str:
        return f"Session on {timezone.localtime(self.starts_at):%-d %B %Y %H:%M}"

    @property
    def attended(self) -> bool:
        return self.attendance == self.Attendance.ATTENDED

    def who_attended(self) -> list[str]:
        fields = ("mother_attended", "father_attended", "other_carer_attended")
        return [str(self._meta.get_field(name).verbose_name) for name in fields if getattr(self, name)]

    def clean(self) -> None:
        errors = {}
        if self.mode == self.Mode.HUB and not self.hub_id:
            errors["hub"] = "Choose the Family Hub"
        if self.mode != self.Mode.HUB:
            self.hub = None
        with_family = self.kind is None or self.kind.with_family
        if self.attendance == self.Attendance.ATTENDED and with_family and not self.who_attended():
            errors["mother_attended"] = "Choose who attended: mother, father or other carer"
        if self.attendance != self.Attendance.ATTENDED and self.who_attended():
            errors["attendance"] = "Only a session the family attended has people who attended"
        if self.kind_id and self.enrolment_id and self.kind.programme_id != self.enrolment.programme_id:
            errors["kind"] = "Choose a kind of session from this intervention"
        if errors:
            raise ValidationError(errors)


# Where a family's own session can be: "another venue" is for group runs, whose venue is the run's.
ONE_TO_ONE_MODES = [(value, label) for value, label in Session.Mode.choices if value != Session.Mode.VENUE]
