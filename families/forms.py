from crispy_forms_gds.layout import Field, Fluid, Layout, Size
from django import forms

from families.models import Caregiver, Case, CaseNote, Child, ConsentRecord, Family
from piew.forms import GovDateField, GovForm, GovModelForm
from team.models import Organisation, User
from team.roles import PRACTITIONER_ROLES


class SearchForm(forms.Form):
    q = forms.CharField(
        label="Search by name, NHS number, postcode or date of birth",
        required=False,
        max_length=100,
    )


class FamilyForm(GovModelForm):
    class Meta:
        model = Family
        fields = ["address_line_1", "address_line_2", "town", "postcode", "hub"]
        error_messages = {
            "address_line_1": {"required": "Enter the first line of the address"},
            "postcode": {"required": "Enter the postcode"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["hub"].empty_label = "Not known"
        self.fields["postcode"].widget.attrs.update({"autocomplete": "postal-code"})
        self.helper.layout = Layout(
            Field.text("address_line_1", field_width=Fluid.TWO_THIRDS),
            Field.text("address_line_2", field_width=Fluid.TWO_THIRDS),
            Field.text("town", field_width=Fluid.ONE_HALF),
            Field.text("postcode", field_width=10),
            Field.select("hub"),
            *self.buttons(),
        )


class CaregiverForm(GovModelForm):
    date_of_birth = GovDateField(label="Date of birth", required=False, not_in_future=True)
    first_time_parent = forms.NullBooleanField(
        label="Is this their first baby?", required=False,
        widget=forms.RadioSelect(choices=[("True", "Yes"), ("False", "No"), ("", "Not known")]),
    )

    class Meta:
        model = Caregiver
        fields = [
            "relationship", "first_name", "last_name", "date_of_birth", "nhs_number", "email",
            "mobile", "preferred_language", "interpreter_needed", "ethnic_category",
            "first_time_parent",
        ]
        error_messages = {
            "relationship": {"required": "Select their relationship to the baby"},
            "first_name": {"required": "Enter their first name"},
            "last_name": {"required": "Enter their last name"},
            "email": {"invalid": "Enter an email address in the right format, like name@example.com"},
        }
        widgets = {"relationship": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["relationship"].choices = Caregiver.Relationship.choices
        self.helper.layout = Layout(*self._layout_fields(), *self.buttons())

    def _layout_fields(self) -> list:
        return [
            Field.radios("relationship", legend_size=Size.SMALL, inline=False),
            Field.text("first_name", field_width=Fluid.ONE_HALF),
            Field.text("last_name", field_width=Fluid.ONE_HALF),
            Field("date_of_birth"),
            Field.text("nhs_number", field_width=10),
            Field.text("email", field_width=Fluid.TWO_THIRDS),
            Field.text("mobile", field_width=20),
            Field.text("preferred_language", field_width=20),
            Field.checkbox("interpreter_needed"),
            Field.select("ethnic_category"),
            Field.radios("first_time_parent", legend_size=Size.SMALL, inline=True),
        ]


class ChildForm(GovModelForm):
    date_of_birth = GovDateField(label="Date of birth", required=False, not_in_future=True)
    expected_date = GovDateField(label="Expected date of delivery", required=False)

    class Meta:
        model = Child
        fields = ["first_name", "last_name", "date_of_birth", "expected_date", "nhs_number"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expected_date"].help_text = "Only if the baby is not born yet."
        self.helper.layout = Layout(
            Field.text("first_name", field_width=Fluid.ONE_HALF),
            Field.text("last_name", field_width=Fluid.ONE_HALF),
            Field("date_of_birth"),
            Field("expected_date"),
            Field.text("nhs_number", field_width=10),
            *self.buttons(),
        )


class NewFamilyForm(GovForm):
    """The one question of the new-family page that is not about a person or address."""

    submit_label = "Add family"
    add_anyway = forms.BooleanField(
        label="I have checked: this is a different family", required=False
    )


class CaseNoteForm(GovModelForm):
    submit_label = "Add note"

    class Meta:
        model = CaseNote
        fields = ["text"]
        labels = {"text": "Add a case note"}
        error_messages = {"text": {"required": "Enter the note"}}


class CaseOpenForm(GovForm):
    submit_label = "Open case"
    key_worker = forms.ModelChoiceField(
        queryset=User.objects.none(), required=False, empty_label="Not allocated yet",
        label="Key worker",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["key_worker"].queryset = User.objects.filter(
            is_active=True, groups__name__in=[role.value for role in PRACTITIONER_ROLES]
        ).distinct()


class CaseCloseForm(GovForm):
    submit_label = "Close case"
    reason = forms.ChoiceField(
        choices=Case.ClosureReason.choices, widget=forms.RadioSelect,
        label="Why is the case closing?",
        error_messages={"required": "Select why the case is closing"},
    )
    note = forms.CharField(widget=forms.Textarea, required=False, label="Note (optional)")


class AlertAcknowledgeForm(GovForm):
    submit_label = "Acknowledge"
    action_taken = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), label="What have you done about it?",
        error_messages={"required": "Enter what you have done about the alert"},
    )



class ConsentForm(GovForm):
    """A parent's or carer's decision about one purpose, as they told the team."""

    submit_label = "Save the decision"
    caregiver = forms.ModelChoiceField(
        queryset=Caregiver.objects.none(), label="Whose decision is it?", widget=forms.RadioSelect,
        empty_label=None, error_messages={"required": "Select the parent or carer"},
    )
    purpose = forms.ChoiceField(
        label="What is the consent for?", choices=ConsentRecord.Purpose.choices,
        widget=forms.RadioSelect, error_messages={"required": "Select what the consent is for"},
    )
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), required=False, empty_label="Choose a partner",
        label="Partner organisation (only for sharing with a partner organisation)",
    )
    decision = forms.ChoiceField(
        label="What did they decide?", choices=ConsentRecord.Decision.choices,
        widget=forms.RadioSelect, error_messages={"required": "Select what they decided"},
    )
    decided_on = GovDateField(label="Date of the decision", not_in_future=True)
    method = forms.ChoiceField(
        label="How did they tell you?", choices=ConsentRecord.Method.choices,
        widget=forms.RadioSelect, error_messages={"required": "Select how they told you"},
    )
    note = forms.CharField(label="Note (optional)", required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, family: Family, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["caregiver"].queryset = family.caregivers.all()
        self.fields["decided_on"].error_messages["required"] = "Enter the date of the decision"
        self.fields["organisation"].queryset = Organisation.objects.exclude(
            kind=Organisation.Kind.PIEW_TEAM
        ).filter(active=True)
        self.helper.layout = Layout(
            Field.radios("caregiver", legend_size=Size.SMALL),
            Field.radios("purpose", legend_size=Size.SMALL),
            Field.select("organisation"),
            Field.radios("decision", legend_size=Size.SMALL, inline=True),
            Field("decided_on"),
            Field.radios("method", legend_size=Size.SMALL, inline=True),
            Field.textarea("note"),
            *self.buttons(),
        )

    def clean(self):
        data = super().clean()
        partner = data.get("purpose") == ConsentRecord.Purpose.SHARE_WITH_PARTNER
        if partner and not data.get("organisation"):
            self.add_error("organisation", "Choose the partner organisation")
        if not partner:
            data["organisation"] = None
        return data
