"""The feedback questionnaire, the requests sent to parents when an intervention ends, and the
answers they (or staff, from a paper form) give."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from families.models import Caregiver, OneTimeLink
from interventions.models import Enrolment


class FriendsAndFamily(models.TextChoices):
    """The NHS Friends and Family Test's six answers, in the order the form prints them."""

    VERY_GOOD = "very_good", _("Very good")
    GOOD = "good", _("Good")
    NEITHER = "neither", _("Neither good nor poor")
    POOR = "poor", _("Poor")
    VERY_POOR = "very_poor", _("Very poor")
    DONT_KNOW = "dont_know", _("Don’t know")


POSITIVE = (FriendsAndFamily.VERY_GOOD, FriendsAndFamily.GOOD)


class Agreement(models.IntegerChoices):
    STRONGLY_AGREE = 5, _("Strongly agree")
    AGREE = 4, _("Agree")
    NEITHER = 3, _("Neither agree nor disagree")
    DISAGREE = 2, _("Disagree")
    STRONGLY_DISAGREE = 1, _("Strongly disagree")


AGREES = (Agreement.STRONGLY_AGREE, Agreement.AGREE)


class Respondent(models.TextChoices):
    MUM = "mum", _("Mum")
    DAD = "dad", _("Dad")
    OTHER = "other", _("Another parent or carer")


class Questionnaire(models.Model):
    """One version of "Your opinion counts". Editing makes a new version; an answer keeps the
    version it was given on. The current one is the highest version."""

    version = models.PositiveIntegerField(unique=True)
    fft_question = models.CharField("Friends and Family Test question", max_length=300)
    statements = models.JSONField(
        "Agreement statements", default=list,
        help_text="Each is answered on a five-point scale from strongly agree to strongly disagree.")
    went_well_question = models.CharField(max_length=300)
    could_be_better_question = models.CharField(max_length=300)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")

    class Meta:
        ordering = ["-version"]

    def __str__(self) -> str:
        return f"Your opinion counts, version {self.version}"

    def clean(self) -> None:
        statements = self.statements
        if not isinstance(statements, list) or not all(isinstance(s, str) and s.strip() for s in statements):
            raise ValidationError({"statements": "Write each statement on its own line"})
        if not statements:
            raise ValidationError({"statements": "Add at least one statement"})


class FeedbackRequest(models.Model):
    """A feedback link for one parent or carer after one enrolment. The row is the truth about
    whether the message went: the send task claims it, sends, then records the outcome."""

    class Channel(models.TextChoices):
        EMAIL = "email", "Email"
        TEXT = "text", "Text message"

    class State(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        DELIVERED = "delivered", "Delivered"
        FAILED = "failed", "Failed"
        CANCELLED = "cancelled", "Cancelled"

    enrolment = models.ForeignKey(Enrolment, on_delete=models.PROTECT, related_name="feedback_requests")
    caregiver = models.ForeignKey(Caregiver, on_delete=models.PROTECT, related_name="feedback_requests")
    channel = models.CharField(max_length=8, choices=Channel.choices)
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    failure_reason = models.CharField(max_length=300, blank=True)
    # The link in the first message and the one in the reminder (each token exists only in its
    # message; the link rows hold its hash).
    link = models.ForeignKey(OneTimeLink, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    reminder_link = models.ForeignKey(OneTimeLink, on_delete=models.PROTECT, null=True, blank=True,
                                      related_name="+")
    queued_at = models.DateTimeField(default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    reminder_claimed_at = models.DateTimeField(null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    reminder_failure_reason = models.CharField(max_length=300, blank=True)
    notify_id = models.CharField(max_length=64, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-queued_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "caregiver"],
                                    name="one_feedback_request_per_caregiver"),
            models.CheckConstraint(condition=~Q(state="failed") | ~Q(failure_reason=""),
                                   name="feedback_request_failed_has_reason"),
            models.CheckConstraint(condition=~Q(state__in=["sent", "delivered"]) | Q(sent_at__isnull=False),
                                   name="feedback_request_sent_has_time"),
        ]
        indexes = [models.Index(fields=["state", "queued_at"], name="feedback_request_state_idx")]

    def __str__(self) -> str:
        return f"Feedback request {self.pk} ({self.get_state_display()})"


class FeedbackResponse(models.Model):
    """One parent's answers: online through their link, or typed in by staff from a paper form."""

    class Source(models.TextChoices):
        ONLINE = "online", "Online"
        PAPER = "paper", "Paper form"

    request = models.OneToOneField(FeedbackRequest, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="response")
    enrolment = models.ForeignKey(Enrolment, on_delete=models.PROTECT, related_name="feedback_responses")
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.PROTECT, related_name="responses")
    fft = models.CharField("Overall experience", max_length=10, choices=FriendsAndFamily.choices)
    # One entry per statement of the questionnaire version, in its order: 1-5, or None unanswered.
    agreements = models.JSONField(default=list)
    went_well = models.TextField(blank=True)
    could_be_better = models.TextField(blank=True)
    respondent = models.CharField(max_length=8, choices=Respondent.choices)
    quote_consent = models.BooleanField("Comments may be quoted anonymously", default=False)
    source = models.CharField(max_length=8, choices=Source.choices)
    language = models.CharField(max_length=10, blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    submitted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(source="paper", entered_by__isnull=False)
                                   | Q(source="online", request__isnull=False, entered_by__isnull=True),
                                   name="feedback_response_source_matches"),
        ]

    def __str__(self) -> str:
        return f"Feedback on {self.enrolment_id} ({self.get_source_display()})"

    def clean(self) -> None:
        if self.questionnaire_id:
            count = len(self.questionnaire.statements)
            if len(self.agreements) != count or any(
                    a is not None and a not in Agreement.values for a in self.agreements):
                raise ValidationError({"agreements": "Answer each statement from the scale, or leave it"})
