"""Forms for group runs: setting one up, changing it, adding sessions and keeping a register."""

from datetime import datetime

from crispy_forms_gds.layout import Field, Fieldset, Layout, Size
from django import forms
from django.utils import timezone

from interventions.models import Format, Programme, Session
from interventions.permissions import DELIVERY_ROLES
from piew.forms import GovDateField, GovForm, GovTimeField
from team.models import Hub, User

WHO_ATTENDED = [("mother", "Mother"), ("father", "Father"), ("other_carer", "Other carer")]
WHO_FIELDS = {"mother": "mother_attended", "father": "father_attended", "other_carer": "other_carer_attended"}
# The service's names for fields the forms call otherwise.
SCHEDULE_ALIASES = {"first_session": "day", "ends_on": "day", "starts_on": "day"}


class FacilitatorChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, user) -> str:
        return f"{user} ({user.role.label})" if user.role else str(user)


def facilitators_queryset():
    roles = [role.value for role in DELIVERY_ROLES]
    return User.objects.filter(is_active=True, groups__name__in=roles).prefetch_related("groups").distinct(
    ).order_by("first_name", "last_name", "pk")


def _number(label: str, *, low: int, high: int, what: str, required: bool = True,
            **kwargs) -> forms.IntegerField:
    return forms.IntegerField(
        label=label, required=required, min_value=low, max_value=high,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-3", "inputmode": "numeric"}),
        error_messages={"required": f"Enter the {what}", "invalid": f"Enter the {what} as a number",
                        "min_value": f"Enter {low} or more", "max_value": f"Enter {high} or fewer"},
        **kwargs)


class _RunDetails(GovForm):
    title = forms.CharField(label="Name of the run", max_length=150,
                            help_text="For example, “Triple P Baby, spring, Ashby”",
                            error_messages={"required": "Enter a name for the run"})
    hub = forms.ModelChoiceField(label="Family Hub where the group meets", required=False,
                                 queryset=Hub.objects.filter(active=True).order_by("name"),
                                 empty_label="Not at a Family Hub",
                                 error_messages={"invalid_choice": "Choose a Family Hub from the list"})
    venue = forms.CharField(label="Other venue", required=False, max_length=200,
                            help_text="Only if the group does not meet at a Family Hub, for example "
                                      "“St John's Church Hall, Brigg”")
    capacity = _number("Places", low=1, high=50, what="number of places",
                       help_text="Families beyond this wait on the run's waiting list")
    facilitators = FacilitatorChoice(
        label="Facilitators", queryset=None, widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one facilitator",
                        "invalid_choice": "Choose facilitators from the list"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["facilitators"].queryset = facilitators_queryset()
        self.helper.layout = Layout(*self.fields, *self.buttons())


class _Schedule(forms.Form):
    day = GovDateField(label="Date of the first session", help_text="For example, 3 March 2026")
    start = GovTimeField(example="10:00")
    sessions = _number("Number of weekly sessions", low=1, high=20, what="number of weekly sessions",
                       help_text="One a week from the first, at the same time")
    minutes = _number("Length in minutes (optional)", low=1, high=600, required=False,
                      what="length in minutes")

    def clean(self):
        data = super().clean()
        if data.get("day") and data.get("start"):
            data["first_session"] = timezone.make_aware(datetime.combine(data["day"], data["start"]))
        return data

    def schedule(self) -> dict:
        data = self.cleaned_data
        return {"first_session": data["first_session"], "sessions": data["sessions"],
                "minutes": data.get("minutes")}


def group_programmes():
    ids = [programme.pk for programme in Programme.objects.filter(active=True)
           if Format.GROUP in programme.formats]
    return Programme.objects.filter(pk__in=ids).order_by("name")


class RunCreateForm(_Schedule, _RunDetails):
    submit_label = "Set up the run"

    programme = forms.ModelChoiceField(
        label="Which programme?", queryset=Programme.objects.none(), widget=forms.RadioSelect,
        empty_label=None, error_messages={"required": "Choose the programme",
                                          "invalid_choice": "Choose a programme from the list"})

    field_order = ["programme", "title", "hub", "venue", "day", "start", "sessions", "minutes", "capacity",
                   "facilitators"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["day"].error_messages["required"] = "Enter the date of the first session"
        self.fields["programme"].queryset = group_programmes()
        self.order_fields(self.field_order)
        self.helper.layout = Layout(*self.fields, *self.buttons())


class RunEditForm(_RunDetails):
    submit_label = "Save the changes"


class SessionsAddForm(_Schedule, GovForm):
    submit_label = "Add the sessions"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["day"].label = "Date of the first new session"
        self.fields["day"].error_messages["required"] = "Enter the date of the first new session"
        self.helper.layout = Layout(*self.fields, *self.buttons())


class PlaceForm(forms.Form):
    """The "Add to this run" button beside a family waiting for a group place."""

    enrolment = forms.IntegerField(error_messages={"required": "Choose the family to add",
                                                   "invalid": "Choose the family to add"})


class RegisterForm(GovForm):
    """The register of one group session: for each family, whether they came and who came."""

    submit_label = "Save the register"

    def __init__(self, *args, rows: list[Session], **kwargs):
        self.rows = rows
        super().__init__(*args, **kwargs)
        fieldsets = []
        for row in rows:
            family = _family_label(row)
            self.fields[f"attendance_{row.pk}"] = forms.ChoiceField(
                label="Attendance", required=False, choices=Session.Attendance.choices,
                widget=forms.RadioSelect,
                initial=row.attendance or None,
                error_messages={"invalid_choice": f"Choose whether {family} attended"})
            self.fields[f"who_{row.pk}"] = forms.MultipleChoiceField(
                label="Who attended", required=False, choices=WHO_ATTENDED,
                widget=forms.CheckboxSelectMultiple,
                initial=[name for name, field in WHO_FIELDS.items() if getattr(row, field)],
                error_messages={"invalid_choice": "Choose who attended from mother, father or other carer"})
            fieldsets.append(Fieldset(Field.radios(f"attendance_{row.pk}", small=True),
                                      Field.checkboxes(f"who_{row.pk}", small=True),
                                      legend=family, legend_size=Size.MEDIUM))
        self.helper.layout = Layout(*fieldsets, *self.buttons())

    def entries(self) -> list[tuple[int, str, frozenset[str]]]:
        data = self.cleaned_data
        return [(row.pk, data.get(f"attendance_{row.pk}") or "", frozenset(data.get(f"who_{row.pk}") or ()))
                for row in self.rows]

    def show_row_errors(self, errors: dict[str, list[str]]) -> None:
        """Put the service's errors, keyed by register row id, at that family's attendance."""
        for key, messages in errors.items():
            name = f"attendance_{key}"
            self.add_error(name if name in self.fields else None, messages)


def _family_label(row: Session) -> str:
    enrolment = row.enrolment
    names = " and ".join(caregiver.full_name for caregiver in enrolment.caregivers.all())
    return f"{enrolment.case.family.reference}: {names}" if names else enrolment.case.family.reference
