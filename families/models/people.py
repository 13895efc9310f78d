"""The family, its parents and carers, the baby, and the case."""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from families.validators import (
    normalise_nhs_number,
    normalise_postcode,
    normalise_uk_mobile,
    validate_nhs_number,
    validate_postcode,
    validate_uk_mobile,
)
from team.models import Hub

YOUNG_PARENT_AGE = 20


class Family(models.Model):
    """A household the team works with: its address and the people in it."""

    address_line_1 = models.CharField("Address line 1", max_length=200)
    address_line_2 = models.CharField("Address line 2", max_length=200, blank=True)
    town = models.CharField("Town or city", max_length=100, blank=True)
    postcode = models.CharField(max_length=10, validators=[validate_postcode], db_index=True)
    hub = models.ForeignKey(
        Hub, on_delete=models.PROTECT, null=True, blank=True, related_name="families",
        verbose_name="Family Hub",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", editable=False,
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "families"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"PIEW-{self.pk:06d}" if self.pk else "New family"

    def clean(self) -> None:
        self.postcode = normalise_postcode(self.postcode)


class Caregiver(models.Model):
    """A parent or carer of the baby."""

    class Relationship(models.TextChoices):
        MOTHER = "mother", "Mother"
        FATHER = "father", "Father"
        PARTNER = "partner", "Partner"
        CO_PARENT = "co_parent", "Co-parent"
        GRANDPARENT = "grandparent", "Grandparent"
        OTHER_CARER = "other_carer", "Other carer"

    class EthnicCategory(models.TextChoices):
        """NHS Data Dictionary, Ethnic Category (2001 census categories)."""

        A = "A", "White: British"
        B = "B", "White: Irish"
        C = "C", "White: any other White background"
        D = "D", "Mixed: White and Black Caribbean"
        E = "E", "Mixed: White and Black African"
        F = "F", "Mixed: White and Asian"
        G = "G", "Mixed: any other mixed background"
        H = "H", "Asian or Asian British: Indian"
        J = "J", "Asian or Asian British: Pakistani"
        K = "K", "Asian or Asian British: Bangladeshi"
        L = "L", "Asian or Asian British: any other Asian background"
        M = "M", "Black or Black British: Caribbean"
        N = "N", "Black or Black British: African"
        P = "P", "Black or Black British: any other Black background"
        R = "R", "Other ethnic groups: Chinese"
        S = "S", "Other ethnic groups: any other ethnic group"
        Z = "Z", "Not stated"
        NOT_KNOWN = "99", "Not known"

    family = models.ForeignKey(Family, on_delete=models.PROTECT, related_name="caregivers")
    relationship = models.CharField(
        "Relationship to the baby", max_length=20, choices=Relationship.choices
    )
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    date_of_birth = models.DateField(null=True, blank=True, db_index=True)
    nhs_number = models.CharField(
        "NHS number", max_length=12, blank=True, validators=[validate_nhs_number], db_index=True
    )
    email = models.EmailField(blank=True)
    mobile = models.CharField(
        "UK mobile number", max_length=16, blank=True, validators=[validate_uk_mobile]
    )
    preferred_language = models.CharField(max_length=50, default="English")
    interpreter_needed = models.BooleanField(default=False)
    ethnic_category = models.CharField(
        max_length=2, choices=EthnicCategory.choices, default=EthnicCategory.NOT_KNOWN
    )
    first_time_parent = models.BooleanField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def clean(self) -> None:
        self.nhs_number = normalise_nhs_number(self.nhs_number)
        if self.mobile:
            self.mobile = normalise_uk_mobile(self.mobile)

    def age_on(self, day: date) -> int | None:
        if not self.date_of_birth:
            return None
        born = self.date_of_birth
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))

    @property
    def young_parent(self) -> bool | None:
        """Under 20 when the family's youngest baby was born or is due (children prefetched)."""
        dates = [child.born_or_due for child in self.family.children.all() if child.born_or_due]
        return self.is_young_parent(max(dates)) if dates else None

    def is_young_parent(self, baby_born_or_due: date | None) -> bool | None:
        """Under 20 on the day the baby was born, or is due. None when a date is missing."""
        if baby_born_or_due is None:
            return None
        age = self.age_on(baby_born_or_due)
        return None if age is None else age < YOUNG_PARENT_AGE


class Child(models.Model):
    """The baby (born or expected) the family is seen for."""

    family = models.ForeignKey(Family, on_delete=models.PROTECT, related_name="children")
    first_name = models.CharField(max_length=100, blank=True, help_text="Leave blank if unborn.")
    last_name = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    expected_date = models.DateField("Expected date of delivery", null=True, blank=True)
    nhs_number = models.CharField(
        "NHS number", max_length=12, blank=True, validators=[validate_nhs_number], db_index=True
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "children"
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(date_of_birth__isnull=False) | Q(expected_date__isnull=False),
                name="child_born_or_expected",
            )
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def is_unborn(self) -> bool:
        return self.date_of_birth is None

    @property
    def display_name(self) -> str:
        name = f"{self.first_name} {self.last_name}".strip()
        return name or ("Unborn baby" if self.is_unborn else "Baby")

    @property
    def born_or_due(self) -> date | None:
        return self.date_of_birth or self.expected_date

    def clean(self) -> None:
        self.nhs_number = normalise_nhs_number(self.nhs_number)
        if not self.date_of_birth and not self.expected_date:
            raise ValidationError(
                {"date_of_birth": "Enter the baby's date of birth, or the expected date if unborn"}
            )


class Case(models.Model):
    """The family's involvement with the team, from opening to closure."""

    class ClosureReason(models.TextChoices):
        COMPLETED = "completed", "Completed"
        DECLINED = "declined", "Declined by family"
        WITHDREW = "withdrew", "Family withdrew"
        MOVED_AWAY = "moved_away", "Moved away"
        NOT_ENGAGED = "not_engaged", "Not engaged"
        TRANSFERRED = "transferred", "Transferred to a specialist service"
        OTHER = "other", "Other"

    family = models.ForeignKey(Family, on_delete=models.PROTECT, related_name="cases")
    key_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="key_worker_cases",
    )
    opened_at = models.DateTimeField(default=timezone.now)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    closure_reason = models.CharField(
        max_length=20, choices=ClosureReason.choices, blank=True
    )
    closure_note = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-opened_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["family"], condition=Q(closed_at__isnull=True), name="one_open_case_per_family"
            ),
            models.CheckConstraint(
                condition=Q(closed_at__isnull=True) | ~Q(closure_reason=""),
                name="closed_case_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"Case for {self.family.reference}"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None
