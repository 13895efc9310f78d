"""The forms staff fill in: the audit itself, their training records and their CPD log."""

from decimal import Decimal

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.layout import Field, Fluid, Layout, Size
from django import forms
from django.core.exceptions import ValidationError

from piew.forms import GovDateField, GovForm, GovModelForm
from team.models import AuditResponse, Competency, CPDEntry, Level, TrainingRecord
from team.skills.uploads import checked_certificate

LEVEL_HINTS = {
    Level.NONE: "No training or experience in this yet",
    Level.AWARE: "You know what it is, when it matters and who to ask or refer to",
    Level.SKILLED: "You use it in your day-to-day work with families",
    Level.EXPERT: "You could teach, supervise or lead others in it",
}


class ServerChecked:
    """The service checks what was typed and answers with GOV.UK error messages, so the
    browser's own checks, which would stop the form before them, are switched off."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.attrs = {"novalidate": True}


def date_field(label: str, required_message: str = "", **kwargs) -> GovDateField:
    """A GOV.UK date input; required when given the message to show if it is left empty."""
    field = GovDateField(label=label, required=bool(required_message), **kwargs)
    if required_message:
        field.error_messages = {**field.error_messages, "required": required_message}
    return field


def level_choices(competency: Competency) -> list[Choice]:
    """The levels as the audit offers them, with what each means where the levels have their
    usual names (VIG's and safeguarding's own names explain themselves)."""
    hints = {Level.NONE: LEVEL_HINTS[Level.NONE]} if competency.has_own_level_names else LEVEL_HINTS
    return [Choice(value, label, hint=hints.get(value, "")) for value, label in competency.level_choices()]


class AuditForm(ServerChecked, GovForm):
    """One radio group per competency, then what the person wants to learn."""

    submit_label = "Submit my answers"
    learning_wishes = forms.CharField(
        label="What do you want to learn?", required=False, max_length=2000,
        help_text="Training, shadowing or supervision that would help your work with parents and babies.",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": "What you want to learn must be 2000 characters or fewer"},
    )

    def __init__(self, *args, competencies: list[Competency], response: AuditResponse | None = None,
                 **kwargs):
        super().__init__(*args, **kwargs)
        current = {a.competency_id: a.level for a in response.assessments.all()} if response else {}
        self.competency_fields = {}
        for competency in competencies:
            self.competency_fields[f"competency_{competency.pk}"] = competency
        wishes = self.fields.pop("learning_wishes")
        for name, competency in self.competency_fields.items():
            self.fields[name] = self._level_field(competency, current.get(competency.pk))
        self.fields["learning_wishes"] = wishes
        wishes.initial = response.learning_wishes if response else ""
        self.helper.layout = Layout(
            *[Field.radios(name, legend_size=Size.MEDIUM) for name in self.competency_fields],
            Field.textarea("learning_wishes", label_size=Size.MEDIUM, rows=4),
            *self.buttons(),
        )

    @staticmethod
    def _level_field(competency: Competency, initial: int | None) -> forms.Field:
        return forms.TypedChoiceField(
            label=competency.name, help_text=competency.description, coerce=int,
            choices=level_choices(competency), widget=forms.RadioSelect, initial=initial,
            error_messages={"required": f"Select your level for {competency.name}",
                            "invalid_choice": f"Select your level for {competency.name}"},
        )

    def levels(self) -> dict[int, int]:
        return {competency.pk: self.cleaned_data[name] for name, competency in self.competency_fields.items()}


class TrainingRecordForm(ServerChecked, GovModelForm):
    submit_label = "Save training"
    completed_on = date_field("Date completed", "Enter the date you completed the training",
                              not_in_future=True)
    expires_on = date_field("Expiry date (optional)")
    certificate = forms.FileField(
        label="Certificate (optional)", required=False,
        help_text="A PDF, PNG or JPEG, smaller than 5 MB. A new file replaces the one kept now.",
        widget=forms.FileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg"}),
        error_messages={"invalid": "The selected file is empty or could not be read",
                        "empty": "The selected file is empty"},
    )

    class Meta:
        model = TrainingRecord
        fields = ["competency", "course", "provider", "completed_on", "expires_on", "certificate"]
        labels = {"competency": "Which competency was it for?", "provider": "Training provider (optional)"}
        error_messages = {
            "course": {"required": "Enter the name of the course",
                       "max_length": "The course name must be 200 characters or fewer"},
            "provider": {"max_length": "The training provider must be 200 characters or fewer"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["competency"].queryset = Competency.objects.filter(active=True)
        self.fields["competency"].empty_label = "None of these"
        self.fields["expires_on"].help_text = (
            "Leave empty to work it out from the competency, for training that must be renewed.")
        self.helper.layout = Layout(
            Field.select("competency"),
            Field.text("course", field_width=Fluid.TWO_THIRDS),
            Field.text("provider", field_width=Fluid.TWO_THIRDS),
            Field("completed_on"),
            Field("expires_on"),
            Field("certificate"),
            *self.buttons(),
        )

    def clean_certificate(self):
        certificate = self.cleaned_data.get("certificate")
        if certificate and hasattr(certificate, "content_type"):  # a new upload, not the kept file
            return checked_certificate(certificate)
        return certificate

    def clean(self):
        cleaned = super().clean()
        completed, expires = cleaned.get("completed_on"), cleaned.get("expires_on")
        if completed and expires and expires < completed:
            self.add_error("expires_on", ValidationError(
                "The expiry date must be on or after the date completed", code="before_completed"))
        return cleaned

    def record_fields(self) -> dict:
        """The record's fields; the certificate only when a new one was uploaded."""
        data = dict(self.cleaned_data)
        if not hasattr(data.get("certificate"), "content_type"):
            data.pop("certificate", None)
        return data


class CPDEntryForm(ServerChecked, GovModelForm):
    submit_label = "Save CPD entry"
    date = date_field("Date", "Enter the date of the activity", not_in_future=True)
    hours = forms.DecimalField(
        label="Hours", min_value=Decimal("0.1"), max_value=Decimal("999"), decimal_places=1, max_digits=4,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "spellcheck": "false"}),
        error_messages={"required": "Enter the hours spent, like 1.5",
                        "invalid": "Enter the hours as a number, like 1.5",
                        "min_value": "The hours must be 0.1 or more",
                        "max_value": "The hours must be 999 or fewer",
                        "max_decimal_places": "Enter the hours to one decimal place, like 1.5",
                        "max_digits": "The hours must be 999 or fewer"},
    )

    class Meta:
        model = CPDEntry
        fields = ["date", "activity", "hours", "competency", "reflection"]
        labels = {"activity": "What did you do?", "competency": "Which competency was it for? (optional)",
                  "reflection": "What did you learn, and how will you use it? (optional)"}
        help_texts = {"activity": "For example, a webinar, reading, supervision or shadowing a colleague."}
        error_messages = {"activity": {"required": "Enter what you did",
                                       "max_length": "What you did must be 200 characters or fewer"}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["competency"].queryset = Competency.objects.filter(active=True)
        self.fields["competency"].empty_label = "None of these"
        self.helper.layout = Layout(
            Field("date"),
            Field.text("activity", field_width=Fluid.TWO_THIRDS),
            Field.text("hours", field_width=4),
            Field.select("competency"),
            Field.textarea("reflection", rows=5),
            *self.buttons(),
        )
