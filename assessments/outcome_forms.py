"""Forms for recording an outcome measure: what, who and when; then the answers or the total."""

import uuid

from crispy_forms_gds.layout import Field, Layout, Size
from django import forms

from assessments import measures
from assessments.outcome_models import MeasureAdministration, instrument_choices
from assessments.outcome_selectors import caregivers_of, enrolments_of
from families.models import Caregiver, Family
from interventions.models import Enrolment
from piew.forms import GovDateField, GovForm


class _WhoWhatWhen(GovForm):
    """The parent or carer, the measure, the time point and the intervention, for a family."""

    caregiver = forms.ModelChoiceField(
        label="Parent or carer",
        queryset=Caregiver.objects.none(),
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the parent or carer"},
    )
    instrument = forms.ChoiceField(label="Measure", error_messages={"required": "Choose the measure"})
    time_point = forms.ChoiceField(
        label="Time point",
        choices=MeasureAdministration.TimePoint.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the time point"},
    )
    enrolment = forms.ModelChoiceField(
        label="Intervention",
        queryset=Enrolment.objects.none(),
        required=False,
        empty_label="Not in an intervention",
    )

    def __init__(self, *args, family: Family, **kwargs):
        super().__init__(*args, **kwargs)
        self.family = family
        self.fields["caregiver"].queryset = caregivers_of(family=family)
        self.fields["enrolment"].queryset = enrolments_of(family=family)
        self.fields["enrolment"].label_from_instance = lambda e: (
            f"{e.programme.name} ({e.get_status_display()})"
        )

    def clean(self):
        data = super().clean()
        enrolment, caregiver = data.get("enrolment"), data.get("caregiver")
        if enrolment and caregiver and not enrolment.caregivers.filter(pk=caregiver.pk).exists():
            self.add_error(
                "enrolment",
                f"{caregiver.full_name} is not enrolled in {enrolment.programme.name}: "
                "choose another intervention or none",
            )
        return data


class AdministrationStartForm(_WhoWhatWhen):
    submit_label = "Continue"

    completed_on = GovDateField(
        label="Date completed", not_in_future=True, help_text="For example, 3 March 2026"
    )
    method = forms.ChoiceField(
        label="How it was completed",
        choices=MeasureAdministration.Method.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how it was completed"},
    )

    def __init__(self, *args, family: Family, **kwargs):
        super().__init__(*args, family=family, **kwargs)
        self.fields["instrument"].choices = [("", "Choose a measure"), *instrument_choices()]
        self.fields["completed_on"].error_messages["required"] = "Enter the date completed"


def item_label(instrument: measures.Instrument, item: measures.Item) -> str:
    """The item's number and, where the licence allows it, its text."""
    if instrument.item_text_allowed and item.text:
        return f"Question {item.number}: {item.text}"
    return f"Question {item.number}"


class AnswersForm(GovForm):
    """One GOV.UK radio group per item; the option labels are the instrument's printed ones (only
    the scores where the publisher allows no text)."""

    submit_label = "Save the measure"
    submission_key = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, instrument: measures.Instrument, **kwargs):
        self.instrument = instrument
        fields = {f"item_{item.number}": self._item_field(instrument, item) for item in instrument.items}
        super().__init__(*args, **kwargs)
        self.fields.update(fields)
        self.initial.setdefault("submission_key", uuid.uuid4())
        self.helper.layout = Layout(
            "submission_key",
            *[
                Field.radios(name, legend_size=Size.SMALL, small=True, inline=len(field.choices) <= 7)
                for name, field in fields.items()
            ],
            *self.buttons(),
        )

    @staticmethod
    def _item_field(instrument: measures.Instrument, item: measures.Item) -> forms.TypedChoiceField:
        return forms.TypedChoiceField(
            label=item_label(instrument, item),
            required=False,
            coerce=int,
            empty_value=None,
            choices=[(str(index), label) for index, label in enumerate(item.option_labels)],
            widget=forms.RadioSelect,
        )

    def answers(self) -> list[int | None]:
        return [self.cleaned_data.get(f"item_{item.number}") for item in self.instrument.items]


class TotalForm(GovForm):
    """The total worked out on the publisher's own form, for a licensed measure."""

    submit_label = "Save the measure"
    submission_key = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, instrument: measures.Instrument, **kwargs):
        self.instrument = instrument
        super().__init__(*args, **kwargs)
        label = f"Total score ({instrument.total_min} to {instrument.total_max})"
        kind = forms.IntegerField if instrument.integer_total else forms.FloatField
        self.fields["total"] = kind(
            label=label,
            error_messages={
                "required": "Enter the total score",
                "invalid": "Enter the total score as a number",
            },
            widget=forms.TextInput(attrs={"class": "govuk-input--width-5", "inputmode": "numeric"}),
        )
        self.initial.setdefault("submission_key", uuid.uuid4())
        self.helper.layout = Layout("submission_key", "total", *self.buttons())


class PublicAnswersForm(AnswersForm):
    submit_label = "Send my answers"


class MeasureRequestForm(_WhoWhatWhen):
    """Ask a parent or carer to complete a measure on their phone."""

    submit_label = "Send the link"

    def __init__(self, *args, family: Family, instruments: list[measures.Instrument], **kwargs):
        super().__init__(*args, family=family, **kwargs)
        self.fields["caregiver"].label_from_instance = lambda c: (
            f"{c.full_name} ({c.email or 'no email address'})"
        )
        self.fields["instrument"].widget = forms.RadioSelect()
        self.fields["instrument"].choices = [(i.code, i.name) for i in instruments]
