"""The filter on the attendance rates page: a period and, optionally, one intervention."""

from django import forms

from interventions.models import Programme
from piew.forms import GovDateField, GovForm


class AttendanceFilterForm(GovForm):
    submit_label = "Show the figures"

    starts_on = GovDateField(label="From", required=False, help_text="For example, 1 April 2026")
    ends_on = GovDateField(label="To", required=False,
                           help_text="Leave both dates empty for the last 12 months")
    programme = forms.ModelChoiceField(label="Intervention", queryset=Programme.objects.order_by("name"),
                                       required=False, empty_label="All interventions",
                                       error_messages={
                                           "invalid_choice": "Choose an intervention from the list"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.form_method = "get"
        self.helper.disable_csrf = True

    def clean(self):
        data = super().clean()
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", "The end date must be the same as or after the start date")
        return data
