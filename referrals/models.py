from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from families.models import Caregiver, Family
from families.validators import (
    normalise_nhs_number,
    normalise_postcode,
    normalise_uk_mobile,
    validate_nhs_number,
    validate_postcode,
    validate_uk_mobile,
)
from referrals.transitions import CLOSED_STATUSES, Status
from team.models import Hub, Organisation


class Source(models.TextChoices):
    SELF = "self", "Self-referral"
    PROFESSIONAL = "professional", "Professional"
    PARTNER = "partner", "Voluntary or community partner"


class Channel(models.TextChoices):
    IN_PERSON = "in_person", "In person at a Family Hub"
    EMAIL = "email", "Email"
    MESSENGER = "messenger", "Facebook Messenger"
    PHONE = "phone", "Phone"
    ONLINE_FORM = "online_form", "Online form"
    OTHER = "other", "Other"


class ReferrerRole(models.TextChoices):
    HEALTH_VISITOR = "health_visitor", "Health visitor"
    MIDWIFE = "midwife", "Midwife"
    GP = "gp", "GP"
    SOCIAL_CARE = "social_care", "Social care"
    OTHER_HEALTH = "other_health", "Other health professional"
    VCS_WORKER = "vcs_worker", "Voluntary or community sector worker"
    OTHER = "other", "Other"


class Reason(models.TextChoices):
    LOW_MOOD = "low_mood", "Low mood"
    ANXIETY = "anxiety", "Anxiety"
    BONDING = "bonding", "Worries about bonding or the relationship with the baby"
    BIRTH_EXPERIENCE = "birth_experience", "Difficult birth experience"
    CONFIDENCE = "confidence", "Low confidence as a parent"
    OTHER = "other", "Other"


class Referral(models.Model):
    """A request for the team's help for a family, from whoever made it, by whatever way."""

    family = models.ForeignKey(
        Family, on_delete=models.PROTECT, null=True, blank=True, related_name="referrals"
    )
    source = models.CharField(max_length=20, choices=Source.choices)
    channel = models.CharField(max_length=20, choices=Channel.choices)
    hub = models.ForeignKey(Hub, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                            verbose_name="Family Hub")
    # Who referred, for professional and partner referrals.
    referrer_name = models.CharField(max_length=200, blank=True)
    referrer_role = models.CharField(max_length=20, choices=ReferrerRole.choices, blank=True)
    referrer_organisation = models.CharField(max_length=200, blank=True)
    referrer_partner = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="referrals_made"
    )
    referrer_email = models.EmailField(blank=True)
    referrer_phone = models.CharField(max_length=30, blank=True)
    family_agreed = models.BooleanField(
        "The family agreed to be referred", default=False,
        help_text="Professionals and partners must ask the family first.",
    )
    reason_detail = models.TextField("In their words", blank=True)
    # The parent or carer referred, and the baby, as the referral gave them.
    parent_first_name = models.CharField("First name", max_length=100)
    parent_last_name = models.CharField("Last name", max_length=100)
    parent_relationship = models.CharField(
        "Relationship to the baby", max_length=20, choices=Caregiver.Relationship.choices,
        default=Caregiver.Relationship.MOTHER,
    )
    parent_date_of_birth = models.DateField("Date of birth", null=True, blank=True)
    parent_nhs_number = models.CharField("NHS number", max_length=12, blank=True, db_index=True,
                                         validators=[validate_nhs_number])
    parent_email = models.EmailField("Email", blank=True)
    parent_mobile = models.CharField("Mobile", max_length=16, blank=True,
                                     validators=[validate_uk_mobile])
    preferred_language = models.CharField(max_length=50, default="English")
    address_line_1 = models.CharField(max_length=200, blank=True)
    address_line_2 = models.CharField(max_length=200, blank=True)
    town = models.CharField("Town or city", max_length=100, blank=True)
    postcode = models.CharField(max_length=10, blank=True, db_index=True,
                                validators=[validate_postcode])
    other_parent_name = models.CharField("Other parent or carer", max_length=200, blank=True)
    baby_date_of_birth = models.DateField("Baby's date of birth", null=True, blank=True)
    baby_due_date = models.DateField("Baby's due date", null=True, blank=True)
    # The message as it arrived.
    original_message = models.TextField(blank=True)
    original_file = models.FileField(upload_to="referrals/%Y/%m/", blank=True)
    # Where it is, and when each step happened.
    status = models.CharField(max_length=30, choices=Status.choices, default=Status.NEW, db_index=True)
    received_at = models.DateTimeField(default=timezone.now, db_index=True)
    first_triaged_at = models.DateTimeField(
        null=True, blank=True, help_text="The first triage decision, for waiting times."
    )
    triaged_at = models.DateTimeField(null=True, blank=True)
    triaged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                   blank=True, related_name="+")
    first_contact_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)
    signposted_to = models.ForeignKey(Organisation, on_delete=models.PROTECT, null=True, blank=True,
                                      related_name="+")
    duplicate_of = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="duplicates")
    team_notified_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                   blank=True, related_name="+")
    history = HistoricalRecords(excluded_fields=["team_notified_at"])

    class Meta:
        ordering = ["received_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status__in=CLOSED_STATUSES) | Q(closed_at__isnull=False),
                name="closed_referral_has_closed_at",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"R-{self.pk:06d}" if self.pk else "New referral"

    @property
    def parent_name(self) -> str:
        return f"{self.parent_first_name} {self.parent_last_name}".strip()

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    def clean(self) -> None:
        self.parent_nhs_number = normalise_nhs_number(self.parent_nhs_number)
        if self.postcode:
            self.postcode = normalise_postcode(self.postcode)
        if self.parent_mobile:
            self.parent_mobile = normalise_uk_mobile(self.parent_mobile)
        errors = {}
        if self.source != Source.SELF and not self.referrer_name:
            errors["referrer_name"] = "Enter the name of the person who referred"
        if self.source != Source.SELF and not self.family_agreed:
            errors["family_agreed"] = "A referral can only be taken if the family agreed to it"
        if errors:
            raise ValidationError(errors)


class ReferralReason(models.Model):
    """One of the coded reasons given for a referral."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="reasons")
    reason = models.CharField(max_length=30, choices=Reason.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["referral", "reason"], name="one_row_per_referral_reason")
        ]

    def __str__(self) -> str:
        return self.get_reason_display()


class ContactAttempt(models.Model):
    """One try at first contact with the family."""

    class Method(models.TextChoices):
        PHONE = "phone", "Phone call"
        TEXT = "text", "Text message"
        EMAIL = "email", "Email"
        VISIT = "visit", "Visit"

    class Outcome(models.TextChoices):
        REACHED = "reached", "Reached"
        NO_ANSWER = "no_answer", "No answer"
        MESSAGE_LEFT = "message_left", "Message left"
        WRONG_NUMBER = "wrong_number", "Wrong number"

    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="contact_attempts")
    attempted_at = models.DateTimeField(default=timezone.now)
    method = models.CharField(max_length=20, choices=Method.choices)
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["attempted_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_method_display()}: {self.get_outcome_display()}"


class OnwardReferral(models.Model):
    """The team's referral of a family on to a partner organisation."""

    family = models.ForeignKey(Family, on_delete=models.PROTECT, related_name="onward_referrals")
    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="onward_referrals")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    referred_on = models.DateField()
    reason = models.TextField()
    parent_agreed = models.BooleanField("The parent agreed to this referral")
    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-referred_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.family} to {self.organisation} on {self.referred_on:%d %B %Y}"

    def clean(self) -> None:
        if not self.parent_agreed:
            raise ValidationError(
                {"parent_agreed": "Only refer the family on if the parent has agreed"}
            )
