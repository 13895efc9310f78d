"""Forms for licence codes: importing a batch, issuing one to a parent, and its dates."""

from crispy_forms_gds.layout import Field, Fluid, Layout
from django import forms

from families.models import Caregiver
from interventions.models import Enrolment, Programme
from piew.forms import GovDateField, GovForm


class LicenceImportForm(GovForm):
    submit_label = "Import codes"

    programme = forms.ModelChoiceField(
        label="Programme", queryset=Programme.objects.filter(uses_licence_codes=True),
        empty_label="Choose the programme",
        error_messages={"required": "Choose the programme the codes are for",
                        "invalid_choice": "Choose the programme the codes are for"})
    batch = forms.CharField(
        label="Order or batch", max_length=100,
        help_text="For example, the order number on the supplier's invoice.",
        error_messages={"required": "Enter the order or batch the codes came in",
                        "max_length": "The order or batch must be 100 characters or fewer"})
    codes = forms.CharField(
        label="Licence codes", help_text="One code on each line, as the supplier sent them.",
        widget=forms.Textarea(attrs={"rows": 10}),
        error_messages={"required": "Enter the licence codes, one on each line"})
    expires_on = GovDateField(label="Licence expiry date", required=False,
                              help_text="Leave blank if the codes do not expire. For example, 31 3 2027")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(
            Field.select("programme"), Field.text("batch", field_width=Fluid.TWO_THIRDS),
            Field.textarea("codes", rows=10), Field("expires_on"), *self.buttons())


class CaregiverChoice(forms.ModelChoiceField):
    def label_from_instance(self, caregiver: Caregiver) -> str:
        return f"{caregiver.full_name} ({caregiver.get_relationship_display().lower()})"


class LicenceIssueForm(GovForm):
    submit_label = "Issue a code and email it"

    caregiver = CaregiverChoice(
        label="Which parent or carer is the code for?", queryset=Caregiver.objects.none(),
        widget=forms.RadioSelect, empty_label=None,
        error_messages={"required": "Choose the parent or carer the code is for",
                        "invalid_choice": "Choose a parent or carer taking part"})

    def __init__(self, *args, enrolment: Enrolment, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["caregiver"].queryset = enrolment.caregivers.order_by("pk")
        self.helper.layout = Layout(Field.radios("caregiver"), *self.buttons())


class LicenceDateForm(GovForm):
    """The day the parent started, or completed, the programme."""

    def __init__(self, *args, label: str, submit_label: str, **kwargs):
        self.submit_label = submit_label
        super().__init__(*args, **kwargs)
        self.fields["day"] = GovDateField(label=label, not_in_future=True, help_text="For example, 27 3 2026")
        day = self.fields["day"]
        day.error_messages = {**day.error_messages, "required": f"Enter the {label[0].lower()}{label[1:]}"}
        self.helper.layout = Layout(Field("day"), *self.buttons())
