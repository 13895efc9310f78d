"""Forms for allocation, reassignment, closure and next actions."""

from django import forms

from caseloads import selectors
from caseloads.models import ConsultationNote
from families.models import Case
from piew.forms import GovDateField, GovForm


class PractitionerChoice(forms.ModelChoiceField):
    def label_from_instance(self, user) -> str:
        return f"{user} ({user.role.label})" if user.role else str(user)


class AllocateForm(GovForm):
    submit_label = "Allocate"

    key_worker = PractitionerChoice(
        queryset=selectors.practitioners().prefetch_related("groups"), label="Key worker",
        error_messages={"required": "Choose the key worker", "invalid_choice": "Choose the key worker"})
    note = forms.CharField(label="Note (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class ReassignForm(GovForm):
    submit_label = "Reassign the cases"

    cases = forms.ModelMultipleChoiceField(
        queryset=Case.objects.none(), widget=forms.CheckboxSelectMultiple, label="Cases to reassign",
        error_messages={"required": "Select at least one case to reassign",
                        "invalid_choice": "Select cases from the list"})
    to = PractitionerChoice(
        queryset=selectors.practitioners().prefetch_related("groups"), label="New key worker",
        error_messages={"required": "Choose the new key worker",
                        "invalid_choice": "Choose the new key worker"})
    reason = forms.CharField(label="Reason", widget=forms.Textarea(attrs={"rows": 3}),
                             error_messages={"required": "Enter the reason for the reassignment"},
                             help_text="For example, the practitioner is leaving or on leave.")

    def __init__(self, *args, cases=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cases"].queryset = cases if cases is not None else Case.objects.none()
        self.fields["cases"].label_from_instance = lambda case: case.family.reference
        self.helper.form_tag = False  # the page's form also carries whose cases these are


class CloseForm(GovForm):
    submit_label = "Close the case"

    reason = forms.ChoiceField(
        label="Why is the case closing?", widget=forms.RadioSelect,
        choices=[choice for choice in Case.ClosureReason.choices if choice[0] != Case.ClosureReason.DECLINED],
        error_messages={"required": "Choose why the case is closing",
                        "invalid_choice": "Choose why the case is closing"})
    note = forms.CharField(label="Note (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class NextActionForm(GovForm):
    submit_label = "Save the next action"

    next_action = forms.CharField(label="Next action", max_length=200,
                                  error_messages={"required": "Enter the next action"})
    due = GovDateField(label="Due", required=False)

    def clean_due(self):
        due = self.cleaned_data.get("due")
        if due is None:
            raise forms.ValidationError("Enter the date the next action is due")
        return due


class ConsultationNoteForm(GovForm):
    submit_label = "Add note"
    kind = forms.ChoiceField(
        label="What kind of note is it?", choices=ConsultationNote.Kind.choices, widget=forms.RadioSelect,
        error_messages={"required": "Select whether it is a consultation or supervision note"},
    )
    text = forms.CharField(
        label="Note", widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Enter the note"},
    )
