"""Group programmes: a run of an intervention at a venue, its sessions and their registers.

A family joins a run through an enrolment (``Enrolment.group_run``). Enrolments beyond the
run's capacity wait on its waiting list. Each group session's register is one ``Session`` per
enrolled family, so attendance counts the same way for groups as for one-to-one work.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from interventions.models.catalogue import Programme, SessionKind


class GroupRun(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="group_runs")
    title = models.CharField(max_length=150, help_text="For example “Triple P Baby, spring, Scunthorpe”.")
    hub = models.ForeignKey("team.Hub", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                            verbose_name="Family Hub")
    venue = models.CharField("Other venue", max_length=200, blank=True,
                             help_text="Only if it is not held at a Family Hub.")
    facilitators = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="group_runs_facilitated")
    starts_on = models.DateField("First session")
    ends_on = models.DateField("Last session")
    capacity = models.PositiveSmallIntegerField("Places", help_text="Families on the run; others wait.")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords(m2m_fields=[facilitators])

    class Meta:
        ordering = ["-starts_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")),
                                   name="group_run_ends_after_start"),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="group_run_has_places"),
            models.CheckConstraint(condition=Q(hub__isnull=False) | ~Q(venue=""), name="group_run_has_venue"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def where(self) -> str:
        return str(self.hub) if self.hub_id else self.venue


class GroupSession(models.Model):
    run = models.ForeignKey(GroupRun, on_delete=models.PROTECT, related_name="sessions")
    number = models.PositiveSmallIntegerField()
    kind = models.ForeignKey(SessionKind, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    starts_at = models.DateTimeField("Date and time")
    minutes = models.PositiveSmallIntegerField("Length in minutes", null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["run", "number"]
        constraints = [models.UniqueConstraint(fields=["run", "number"], name="group_session_number_unique")]

    def __str__(self) -> str:
        return f"Session {self.number} of {self.run}"
