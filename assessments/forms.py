"""The initial assessment's forms: booking, the draft's sections, and an addendum."""

from datetime import datetime

from crispy_forms_gds.layout import Fieldset, Layout
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from assessments.models import InitialAssessment, recommendable_choices
from assessments.selectors import assessors
from piew.forms import GovDateField, GovForm, GovModelForm, GovTimeField
from team.models import Hub

YES_NO = [("True", "Yes"), ("False", "No")]


def yes_no(label: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(label=label, choices=YES_NO, widget=forms.RadioSelect, required=False,
                                  coerce=lambda value: value == "True", empty_value=None)


class BookingForm(GovForm):
    submit_label = "Book the assessment"

    day = GovDateField(label="Date", help_text="For example, 3 March 2026")
    start = GovTimeField()
    place = forms.ChoiceField(label="Where", choices=InitialAssessment.Place.choices,
                              widget=forms.RadioSelect,
                              error_messages={"required": "Choose where the assessment will be"})
    hub = forms.ModelChoiceField(label="Family Hub (if at a hub)", queryset=Hub.objects.order_by("name"),
                                 required=False)
    assessor = forms.ModelChoiceField(label="Health visitor", queryset=assessors(),
                                      error_messages={"required": "Choose the health visitor"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["day"].error_messages["required"] = "Enter the date"

    def clean(self):
        data = super().clean()
        if data.get("place") == InitialAssessment.Place.HUB and not data.get("hub"):
            self.add_error("hub", "Choose the Family Hub")
        if data.get("day") and data.get("start"):
            data["booked_for"] = timezone.make_aware(datetime.combine(data["day"], data["start"]))
        return data


SECTIONS = [
    ("Presenting needs", ["presenting_needs"]),
    ("Parental mental health", ["mental_health_history", "mental_health_support", "medication"]),
    ("Parent-infant relationship", ["relationship_observed"]),
    ("Baby's wellbeing", ["baby_wellbeing"]),
    ("Family and social context", ["support_network", "housing", "money_worries", "domestic_abuse_asked",
                                   "domestic_abuse_not_asked_reason"]),
    ("Risks", ["risk_self_harm", "risk_self_harm_plan", "risk_harm_to_baby", "risk_harm_to_baby_plan",
               "risk_safeguarding", "risk_safeguarding_plan"]),
    ("Consent", ["consent_confirmed"]),
    ("Recommendation", ["recommended_interventions", "signpost", "no_further_action"]),
]
ANSWERED = ["domestic_abuse_asked", "risk_self_harm", "risk_harm_to_baby", "risk_safeguarding",
            "consent_confirmed"]


class AssessmentForm(GovModelForm):
    """Every section on one page; nothing is required until the assessment is completed."""

    recommended_interventions = forms.MultipleChoiceField(
        label="PIEW interventions recommended", choices=(),
        widget=forms.CheckboxSelectMultiple, required=False)

    class Meta:
        model = InitialAssessment
        fields = [name for _, names in SECTIONS for name in names]
        widgets = {"no_further_action": forms.CheckboxInput}
        labels = {"consent_confirmed": "Has the family confirmed they consent to take part?",
                  "no_further_action": "No further action"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The catalogue's active interventions, and any withdrawn one this assessment already chose.
        self.fields["recommended_interventions"].choices = recommendable_choices(
            keep=self.instance.recommended_interventions or [])
        for name in ANSWERED:
            field = self.fields[name]
            self.fields[name] = yes_no(str(field.label))
        for field in self.fields.values():
            if isinstance(field.widget, forms.Textarea):
                field.widget.attrs["rows"] = 3
        fieldsets = [Fieldset(*names, legend=legend, legend_size="m") for legend, names in SECTIONS]
        # The page draws the form tag and its two buttons ("Save draft", "Complete and lock").
        self.helper.form_tag = False
        self.helper.layout = Layout(*fieldsets)

    def clean_recommended_interventions(self):
        return list(self.cleaned_data["recommended_interventions"])


class AddendumForm(GovForm):
    submit_label = "Add addendum"

    text = forms.CharField(label="Addendum", widget=forms.Textarea(attrs={"rows": 5}),
                           help_text="Say what you are correcting or adding, and why",
                           error_messages={"required": "Enter the addendum"})

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if not text:
            raise ValidationError("Enter the addendum")
        return text
