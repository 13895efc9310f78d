"""Forms the team uses: recording a referral that arrived by email, phone, Messenger or in person,
filtering the triage queue, and each triage decision."""

import re
from datetime import datetime, time

from crispy_forms_gds.layout import HTML, Field, Fluid, Layout, Size
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from families.models import Family
from piew.forms import GovDateField, GovForm, GovModelForm
from referrals.forms.uploads import checked_upload
from referrals.models import Channel, Reason, Referral, Source
from referrals.selectors import ANY_STATUS
from referrals.transitions import Status
from team.models import Hub, Organisation, User
from team.roles import Role

REFERRER_FIELDS = ["referrer_name", "referrer_role", "referrer_organisation", "referrer_partner",
                   "referrer_email", "referrer_phone", "family_agreed"]
PARENT_FIELDS = ["parent_first_name", "parent_last_name", "parent_relationship", "parent_date_of_birth",
                 "parent_nhs_number", "parent_email", "parent_mobile", "preferred_language",
                 "other_parent_name"]
ADDRESS_FIELDS = ["address_line_1", "address_line_2", "town", "postcode", "hub"]
ADDRESS_REQUIRED = {
    "address_line_1": "Enter the first line of the family's address. If the referral does not "
                      "give it, ask the referrer before recording it",
    "postcode": "Enter the family's postcode",
}
# Channels a message arrives in: the team keeps the message itself.
MESSAGE_CHANNELS = (Channel.EMAIL, Channel.MESSENGER)
EMAIL_FORMAT = "Enter an email address in the right format, like name@example.com"


def _heading(text: str) -> HTML:
    return HTML(f'<h2 class="govuk-heading-m">{text}</h2>')


class IntakeForm(GovModelForm):
    """A referral as it arrived at the team, typed or pasted in by the administrator."""

    submit_label = "Save referral"
    received_on = GovDateField(label="Date the referral arrived", required=False, not_in_future=True)
    reasons = forms.MultipleChoiceField(
        label="Why were they referred?", choices=Reason.choices, widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply.",
        error_messages={"required": "Select at least one reason for the referral"},
    )
    parent_date_of_birth = GovDateField(label="Date of birth", required=False, not_in_future=True)
    baby_date_of_birth = GovDateField(label="Baby's date of birth", required=False, not_in_future=True)
    baby_due_date = GovDateField(label="Baby's due date", required=False)
    original_file = forms.FileField(
        label="Attach the original message (optional)", required=False,
        help_text="An email saved as a .eml file, or a PDF. The file must be smaller than 10 MB.",
        widget=forms.FileInput(attrs={"accept": ".eml,.pdf,message/rfc822,application/pdf"}),
        error_messages={"empty": "The selected file is empty"},
    )

    class Meta:
        model = Referral
        fields = ["source", "channel", *REFERRER_FIELDS, "reason_detail", *PARENT_FIELDS,
                  *ADDRESS_FIELDS, "baby_date_of_birth", "baby_due_date", "original_message"]
        labels = {
            "source": "Who made the referral?",
            "channel": "How did it arrive?",
            "referrer_name": "Referrer's name",
            "referrer_role": "Referrer's role",
            "referrer_organisation": "Referrer's organisation or practice",
            "referrer_partner": "Partner organisation",
            "referrer_email": "Referrer's email",
            "referrer_phone": "Referrer's phone number",
            "reason_detail": "What the referral says about why, in its own words",
            "original_message": "The original message (optional)",
        }
        help_texts = {
            "family_agreed": "For professional and partner referrals: they must ask the family first.",
            "original_message": "Paste the email or Messenger message, or write down what was said "
                                "on the phone or in person.",
            "parent_nhs_number": "10 digits, if the referral gives it.",
        }
        error_messages = {
            "source": {"required": "Select who made the referral"},
            "channel": {"required": "Select how the referral arrived"},
            "parent_first_name": {"required": "Enter the parent's first name"},
            "parent_last_name": {"required": "Enter the parent's last name"},
            "parent_relationship": {"required": "Select the parent's relationship to the baby"},
            "parent_email": {"invalid": EMAIL_FORMAT},
            "referrer_email": {"invalid": EMAIL_FORMAT},
        }
        widgets = {
            "source": forms.RadioSelect, "channel": forms.RadioSelect,
            "reason_detail": forms.Textarea(attrs={"rows": 4}),
            "original_message": forms.Textarea(attrs={"rows": 8}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = Source.choices
        self.fields["channel"].choices = [(c.value, c.label) for c in Channel if c != Channel.ONLINE_FORM]
        self.fields["referrer_partner"].queryset = Organisation.objects.filter(active=True)
        self.fields["referrer_partner"].empty_label = "Not a partner organisation"
        self.fields["hub"].queryset = Hub.objects.filter(active=True)
        self.fields["hub"].empty_label = "Not known"
        # Accepting a referral makes the family's record, which needs an address.
        for name, message in ADDRESS_REQUIRED.items():
            self.fields[name].required = True
            self.fields[name].error_messages["required"] = message
        roles = self.fields["referrer_role"].choices[1:]
        self.fields["referrer_role"].choices = [("", "Choose a role"), *roles]
        self.helper.layout = Layout(*self._layout(), *self.buttons())
        # The error summary lists problems in the order the page asks the questions.
        self.order_fields([pointer.name for pointer in self.helper.layout.get_field_names()])

    def _layout(self) -> list:
        return [
            _heading("The referral"),
            Field.radios("source", legend_size=Size.SMALL),
            Field.radios("channel", legend_size=Size.SMALL),
            Field("received_on"),
            _heading("Who referred"),
            HTML('<p class="govuk-body">For professional and partner referrals.</p>'),
            Field.text("referrer_name", field_width=Fluid.TWO_THIRDS),
            Field.select("referrer_role"),
            Field.text("referrer_organisation", field_width=Fluid.TWO_THIRDS),
            Field.select("referrer_partner"),
            Field.text("referrer_email", field_width=Fluid.TWO_THIRDS),
            Field.text("referrer_phone", field_width=20),
            Field.checkbox("family_agreed"),
            _heading("Why"),
            Field.checkboxes("reasons", legend_size=Size.SMALL),
            Field.textarea("reason_detail"),
            _heading("Parent or carer"),
            Field.text("parent_first_name", field_width=Fluid.ONE_HALF),
            Field.text("parent_last_name", field_width=Fluid.ONE_HALF),
            Field.select("parent_relationship"),
            Field("parent_date_of_birth"),
            Field.text("parent_nhs_number", field_width=10),
            Field.text("parent_email", field_width=Fluid.TWO_THIRDS),
            Field.text("parent_mobile", field_width=20),
            Field.text("preferred_language", field_width=20),
            Field.text("other_parent_name", field_width=Fluid.TWO_THIRDS),
            _heading("Address"),
            *[Field.text(name, field_width=Fluid.TWO_THIRDS) for name in ADDRESS_FIELDS[:3]],
            Field.text("postcode", field_width=10),
            Field.select("hub"),
            _heading("Baby"),
            Field("baby_date_of_birth"),
            Field("baby_due_date"),
            _heading("Original message"),
            Field.textarea("original_message"),
            Field("original_file"),
        ]

    def clean_original_file(self):
        upload = self.cleaned_data.get("original_file")
        return checked_upload(upload) if upload else None

    def clean(self):
        cleaned = super().clean()
        channel = cleaned.get("channel")
        has_file = cleaned.get("original_file") or self.errors.get("original_file")
        if channel in MESSAGE_CHANNELS and not cleaned.get("original_message") and not has_file:
            self.add_error("original_message", "Paste the message, or attach it as a file")
        if not cleaned.get("source"):
            # The model checks the referrer against the source; with no source chosen yet, asking
            # for a referrer's name as well would be a second, misleading message.
            self.instance.source = Source.SELF
        return cleaned

    def referral_data(self) -> dict:
        """The referral's own fields, as the service takes them."""
        data = {name: self.cleaned_data[name] for name in self._meta.fields}
        received_on = self.cleaned_data.get("received_on")
        if received_on and received_on != timezone.localdate():
            # The time of day is not asked; 9 am keeps it inside the day it arrived.
            data["received_at"] = timezone.make_aware(datetime.combine(received_on, time(9)))
        return data


class QueueFilterForm(forms.Form):
    """The triage queue's filters, sent in the address so a filtered queue can be bookmarked."""

    status = forms.ChoiceField(label="Status", required=False)
    source = forms.ChoiceField(label="Referred by", required=False,
                               choices=[("", "Anyone"), *Source.choices])
    channel = forms.ChoiceField(label="Arrived by", required=False,
                                choices=[("", "Any way"), *Channel.choices])
    hub = forms.ModelChoiceField(label="Family Hub", required=False, queryset=Hub.objects.all(),
                                 empty_label="Any Family Hub")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", "Open referrals"), *Status.choices, (ANY_STATUS, "Any status")]
        for field in self.fields.values():
            field.widget.attrs["class"] = "govuk-select"

    def filters(self) -> dict:
        """The valid filters; a value that is not one of the choices is ignored."""
        if self.is_bound:
            self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        return {name: cleaned[name] for name in self.fields if cleaned.get(name) and name not in self.errors}


class NoteForm(GovForm):
    """A triage decision with a note. The service says when the note is required."""

    note_label = "Note"
    note_hint = ""

    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["note"].label = self.note_label
        self.fields["note"].help_text = self.note_hint
        self.helper.layout = Layout(*self._fields(), Field.textarea("note"), *self.buttons())

    def _fields(self) -> list:
        return []


class RequestInfoForm(NoteForm):
    submit_label = "Ask for more information"
    note_label = "What information is needed, and from whom?"


class InfoReceivedForm(NoteForm):
    submit_label = "Save and return to the queue"
    note_label = "What information was received?"
    note_hint = "The referral goes back to the queue as new, for a decision."


class DeclineForm(NoteForm):
    submit_label = "Decline referral"
    note_label = "Why is the referral declined?"
    note_hint = "Say what the family or referrer was told."


class SignpostForm(NoteForm):
    submit_label = "Signpost"
    note_label = "Where was the family signposted to, and why?"
    note_hint = "For example, to the specialist perinatal mental health team for severe needs."
    organisation = forms.ModelChoiceField(
        label="Partner organisation (optional)", required=False, queryset=Organisation.objects.none(),
        empty_label="Another service (say which in the note)",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(active=True, takes_referrals=True)

    def _fields(self) -> list:
        return [Field.select("organisation")]


class AcceptForm(GovForm):
    """Accept: link an existing family (one of the possible duplicates) or make a new one."""

    submit_label = "Accept referral"
    family = forms.ModelChoiceField(
        label="Family record", required=False, queryset=Family.objects.none(), widget=forms.RadioSelect,
        empty_label="Make a new family record from this referral", blank=True, initial="",
        error_messages={"invalid_choice": "Select one of the families listed, or make a new family record"},
    )
    first_contact_by = forms.ModelChoiceField(
        label="Health visitor for first contact (optional)", required=False,
        queryset=User.objects.none(), empty_label="Not chosen yet",
        help_text="They become the key worker on the family's case.",
    )

    def __init__(self, *args, families: dict[int, str] | None = None, **kwargs):
        """``families``: the families it may be linked to (the possible duplicates), pk -> label."""
        super().__init__(*args, **kwargs)
        families = families or {}
        self.fields["family"].queryset = Family.objects.filter(pk__in=list(families))
        self.fields["family"].label_from_instance = lambda family: families[family.pk]
        self.fields["first_contact_by"].queryset = User.objects.filter(
            is_active=True, groups__name=Role.HEALTH_VISITOR.value).distinct()
        fields = [Field.radios("family", legend_size=Size.SMALL)] if families else []
        self.helper.layout = Layout(*fields, Field.select("first_contact_by"), *self.buttons())


REFERENCE_RE = re.compile(r"^(R|PIEW)-?0*(\d{1,12})$", re.IGNORECASE)


class DuplicateForm(NoteForm):
    submit_label = "Mark as a duplicate"
    note_label = "Note (optional)"
    reference = forms.CharField(
        label="Reference of the referral or family it duplicates", max_length=20,
        help_text="Like R-000123 for a referral, or PIEW-000045 for a family.",
        error_messages={"required": "Enter the reference of the referral or family it duplicates"},
    )

    def _fields(self) -> list:
        return [Field.text("reference", field_width=10)]

    def clean_reference(self) -> tuple[str, int]:
        """("referral" or "family", the record's number)."""
        match = REFERENCE_RE.fullmatch(re.sub(r"\s", "", self.cleaned_data["reference"]))
        if not match:
            raise ValidationError("Enter a reference like R-000123 or PIEW-000045")
        kind = "referral" if match.group(1).upper() == "R" else "family"
        return kind, int(match.group(2))
