from crispy_forms_gds.layout import Field, Layout, Size
from django import forms

from families.models import ConsentRecord
from piew.forms import GovDateField, GovForm
from referrals.models import ContactAttempt
from team.models import Organisation


class ContactAttemptForm(GovForm):
    submit_label = "Save contact attempt"
    method = forms.ChoiceField(
        label="How did you try to reach them?", choices=ContactAttempt.Method.choices,
        widget=forms.RadioSelect, error_messages={"required": "Select how you tried to reach them"},
    )
    outcome = forms.ChoiceField(
        label="What happened?", choices=ContactAttempt.Outcome.choices, widget=forms.RadioSelect,
        error_messages={"required": "Select what happened"},
    )
    note = forms.CharField(label="Note (optional)", required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(
            Field.radios("method", legend_size=Size.SMALL),
            Field.radios("outcome", legend_size=Size.SMALL),
            Field.textarea("note"),
            *self.buttons(),
        )


class TakingPartForm(GovForm):
    submit_label = "Save their decision"
    caregiver = forms.ModelChoiceField(
        queryset=None, label="Who did you speak to?", widget=forms.RadioSelect, empty_label=None,
        error_messages={"required": "Select who you spoke to"},
    )
    decision = forms.ChoiceField(
        label="Do they want to take part in the PIEW service?",
        choices=[(ConsentRecord.Decision.GIVEN, "Yes, they agree to take part"),
                 (ConsentRecord.Decision.REFUSED, "No, they do not want to take part")],
        widget=forms.RadioSelect, error_messages={"required": "Select whether they want to take part"},
    )
    method = forms.ChoiceField(
        label="How did they tell you?", choices=ConsentRecord.Method.choices, widget=forms.RadioSelect,
        error_messages={"required": "Select how they told you"},
    )
    note = forms.CharField(label="Note (optional)", required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, family, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["caregiver"].queryset = family.caregivers.all()
        self.helper.layout = Layout(
            Field.radios("caregiver", legend_size=Size.SMALL),
            Field.radios("decision", legend_size=Size.SMALL),
            Field.radios("method", legend_size=Size.SMALL, inline=True),
            Field.textarea("note"),
            *self.buttons(),
        )


class OnwardReferralForm(GovForm):
    submit_label = "Refer the family on"
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.filter(active=True, takes_referrals=True),
        label="Which partner organisation?", empty_label="Choose a partner",
        error_messages={"required": "Choose the partner organisation"},
    )
    caregiver = forms.ModelChoiceField(
        queryset=None, label="Which parent or carer agreed?", widget=forms.RadioSelect,
        empty_label=None, error_messages={"required": "Select the parent or carer who agreed"},
    )
    referred_on = GovDateField(label="Date of the referral", not_in_future=True)
    reason = forms.CharField(
        label="Why are you referring them?", widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter why you are referring the family on"},
    )
    parent_agreed = forms.BooleanField(
        label="The parent or carer agreed to this referral and to us sharing their details with "
              "the partner", required=False,
    )

    def __init__(self, *args, family, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["caregiver"].queryset = family.caregivers.all()
        self.fields["referred_on"].error_messages["required"] = "Enter the date of the referral"
        self.helper.layout = Layout(
            Field.select("organisation"),
            Field.radios("caregiver", legend_size=Size.SMALL),
            Field("referred_on"),
            Field.textarea("reason"),
            Field.checkbox("parent_agreed"),
            *self.buttons(),
        )
