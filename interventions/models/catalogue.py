"""The catalogue of interventions the service offers, edited by the team lead."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from team.models import Competency, Level


class Format(models.TextChoices):
    """How an intervention is delivered to a family."""

    ONE_TO_ONE = "one_to_one", "One-to-one"
    GROUP = "group", "Group"
    ONLINE = "online", "Online, self-guided"


class Programme(models.Model):
    """One intervention in the catalogue: what it involves, when it counts as completed, which
    measures are taken around it, how much it weighs on a caseload and who may deliver it."""

    code = models.SlugField(
        max_length=40, unique=True,
        help_text="A short name the returns and the API use. It cannot change once families are enrolled.")
    name = models.CharField(max_length=150, unique=True)
    description = models.TextField(blank=True)
    formats = models.JSONField(
        "Delivery formats", default=list,
        help_text="How the intervention can be delivered: one-to-one, group or online.")
    minimum_attended = models.PositiveSmallIntegerField(
        "Sessions attended to count as completed",
        help_text="A family who attends fewer has ended early, not completed.")
    uses_cycles = models.BooleanField(
        "Delivered in cycles", default=False,
        help_text="For Video Interaction Guidance: each cycle is a filming, micro-analysis and shared "
                  "review.")
    default_cycles = models.PositiveSmallIntegerField("Usual number of cycles", null=True, blank=True)
    uses_licence_codes = models.BooleanField(
        "Families take part with a licence code", default=False,
        help_text="For online programmes the service buys licences for.")
    uses_video = models.BooleanField("Families are filmed", default=False)
    measures_before = models.JSONField("Measures taken before", default=list, blank=True)
    measures_after = models.JSONField("Measures taken after", default=list, blank=True)
    caseload_weight = models.PositiveSmallIntegerField(
        default=1, help_text="How much one family in this intervention counts towards a caseload.")
    delivered_by_partner = models.BooleanField(
        "Delivered by a voluntary-sector partner", default=False)
    active = models.BooleanField(default=True, help_text="Untick to stop new enrolments.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=Q(uses_cycles=False) | Q(default_cycles__gte=1),
                                   name="programme_cycles_when_cyclic"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors = {}
        unknown = set(self.formats or []) - set(Format.values)
        if not isinstance(self.formats, list) or not self.formats or unknown:
            errors["formats"] = "Choose at least one delivery format"
        if self.uses_cycles and not self.default_cycles:
            errors["default_cycles"] = "Enter the usual number of cycles"
        if errors:
            raise ValidationError(errors)

    @property
    def expected_sessions(self) -> int:
        return sum(kind.expected for kind in self.session_kinds.all())

    def format_labels(self) -> list[str]:
        labels = dict(Format.choices)
        return [labels.get(value, value) for value in self.formats]


class SessionKind(models.Model):
    """A kind of session an intervention expects, and how many: "4 group sessions and 4
    individual phone consultations"."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="session_kinds")
    name = models.CharField(max_length=100)
    expected = models.PositiveSmallIntegerField("How many", default=1)
    with_family = models.BooleanField(
        default=True, help_text="Untick for work without the family, such as VIG micro-analysis.")
    position = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["programme", "position", "pk"]
        constraints = [models.UniqueConstraint(fields=["programme", "name"], name="session_kind_name_unique")]

    def __str__(self) -> str:
        return self.name


class DeliveryRequirement(models.Model):
    """A competency, at a level, that qualifies someone to deliver the intervention. Meeting any
    one of an intervention's requirements is enough."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="delivery_requirements")
    competency = models.ForeignKey(Competency, on_delete=models.PROTECT, related_name="+")
    minimum_level = models.PositiveSmallIntegerField(choices=Level.choices, default=Level.SKILLED)
    history = HistoricalRecords()

    class Meta:
        ordering = ["programme", "competency__name"]
        constraints = [models.UniqueConstraint(fields=["programme", "competency"],
                                               name="delivery_requirement_unique")]

    def __str__(self) -> str:
        return f"{self.competency} ({self.get_minimum_level_display().lower()} or above)"


class DeliveryOverride(models.Model):
    """The team lead's decision that someone may deliver an intervention they are not recorded
    as qualified for, with the reason. Kept for audit."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="+")
    practitioner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    enrolment = models.ForeignKey("interventions.Enrolment", on_delete=models.PROTECT,
                                  related_name="delivery_overrides")
    reason = models.TextField()
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-decided_at"]

    def __str__(self) -> str:
        return f"{self.practitioner} allowed to deliver {self.programme}"
