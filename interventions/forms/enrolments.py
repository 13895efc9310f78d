"""Forms for enrolling a family, changing and ending an enrolment, and booking and recording
its sessions."""

from datetime import datetime

from crispy_forms_gds.layout import Fieldset, Layout
from django import forms
from django.utils import timezone

from interventions.models import ONE_TO_ONE_MODES, Enrolment, Format, Programme, Session, SessionKind
from piew.forms import GovDateField, GovForm, GovTimeField
from team.models import Hub

WHO_ATTENDED = [("mother", "Mother"), ("father", "Father"), ("other_carer", "Other carer")]
# The service's names for fields the forms call otherwise.
SESSION_ALIASES = {"starts_at": "day", "mother_attended": "who", "father_attended": "who",
                   "other_carer_attended": "who"}
OVERRIDE_HELP = ("As team lead you can allow it anyway. Say why: the reason is kept with the "
                 "enrolment.")


def _text(label: str, *, required: bool = False, rows: int = 4, **kwargs) -> forms.CharField:
    return forms.CharField(label=label, required=required, widget=forms.Textarea(attrs={"rows": rows}),
                           **kwargs)


class PractitionerChoice(forms.ModelChoiceField):
    def label_from_instance(self, user) -> str:
        return f"{user} ({user.role.label})" if user.role else str(user)


def _override_field() -> forms.CharField:
    return _text("Allow anyway: why may they deliver it?", rows=3, help_text=OVERRIDE_HELP)


class _OverrideMixin:
    """Adds the team lead's "allow anyway, with a reason" field when ``allow_override``."""

    def add_override(self) -> None:
        self.fields["override_reason"] = _override_field()
        self.helper.layout = Layout(*self.fields, *self.buttons())


class EnrolForm(_OverrideMixin, GovForm):
    submit_label = "Enrol the family"

    programme = forms.ModelChoiceField(
        label="Which intervention?", queryset=Programme.objects.filter(active=True), widget=forms.RadioSelect,
        empty_label=None, error_messages={"required": "Choose the intervention",
                                          "invalid_choice": "Choose an intervention from the list"})
    caregivers = forms.ModelMultipleChoiceField(
        label="Which parents or carers are taking part?", queryset=None, widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose the parents or carers taking part",
                        "invalid_choice": "Choose parents or carers from this family"})
    practitioner = PractitionerChoice(
        label="Who will deliver it?", queryset=None,
        error_messages={"required": "Choose who will deliver it",
                        "invalid_choice": "Choose someone who works with this family"})
    format = forms.ChoiceField(label="How will it be delivered?", choices=Format.choices,
                               widget=forms.RadioSelect,
                               error_messages={"required": "Choose how it will be delivered"})
    goals = _text("The family's goals, in their own words (optional)",
                  help_text="Write what the parents said they want from it")
    planned_cycles = forms.IntegerField(
        label="Cycles planned (for interventions delivered in cycles)", required=False, min_value=1,
        max_value=12,
        help_text="Leave blank for the usual number",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-2", "inputmode": "numeric"}),
        error_messages={"invalid": "Enter the cycles planned as a number, like 3",
                        "min_value": "Plan at least 1 cycle", "max_value": "Plan 12 cycles or fewer"})
    starts_on = GovDateField(label="Start date (optional)", required=False,
                             help_text="For example, 3 March 2026. Leave blank until the first session")

    def __init__(self, *args, family, deliverers, allow_override: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["caregivers"].queryset = family.caregivers.order_by("pk")
        self.fields["caregivers"].label_from_instance = (
            lambda caregiver: f"{caregiver.full_name} ({caregiver.get_relationship_display().lower()})")
        self.fields["practitioner"].queryset = deliverers
        if allow_override:
            self.add_override()


class EnrolmentChangeForm(_OverrideMixin, GovForm):
    submit_label = "Save the changes"

    goals = _text("The family's goals, in their own words")
    planned_cycles = forms.IntegerField(
        label="Cycles planned", min_value=1, max_value=12,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-2", "inputmode": "numeric"}),
        error_messages={"required": "Enter the cycles planned", "invalid": "Enter the cycles as a number",
                        "min_value": "Plan at least 1 cycle", "max_value": "Plan 12 cycles or fewer"})
    practitioner = PractitionerChoice(
        label="Who delivers it?", queryset=None,
        error_messages={"required": "Choose who delivers it",
                        "invalid_choice": "Choose someone who works with this family"})

    def __init__(self, *args, enrolment: Enrolment, deliverers, allow_override: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not enrolment.programme.uses_cycles:
            del self.fields["planned_cycles"]
        self.fields["practitioner"].queryset = deliverers
        self.helper.layout = Layout(*self.fields, *self.buttons())
        if allow_override:
            self.add_override()


class SessionForm(GovForm):
    """Booking a session, or changing its date, place and kind."""

    submit_label = "Book the session"

    day = GovDateField(label="Date", help_text="For example, 3 March 2026")
    start = GovTimeField()
    mode = forms.ChoiceField(label="Where or how", choices=ONE_TO_ONE_MODES, widget=forms.RadioSelect,
                             error_messages={"required": "Choose where or how the session is"})
    hub = forms.ModelChoiceField(label="Family Hub (if at a hub)", required=False,
                                 queryset=Hub.objects.filter(active=True).order_by("name"))
    kind = forms.ModelChoiceField(label="Kind of session", required=False,
                                  queryset=SessionKind.objects.none())
    cycle = forms.IntegerField(
        label="Cycle", required=False, min_value=1, max_value=12,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-2", "inputmode": "numeric"}),
        error_messages={"invalid": "Enter the cycle as a number, like 2",
                        "min_value": "Enter cycle 1 or more", "max_value": "Enter cycle 12 or less"})
    minutes = forms.IntegerField(
        label="Length in minutes (optional)", required=False, min_value=1, max_value=600,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-3", "inputmode": "numeric"}),
        error_messages={"invalid": "Enter the length as a number of minutes, like 60",
                        "min_value": "Enter a length of 1 minute or more",
                        "max_value": "Enter a length of 600 minutes or less"})

    def __init__(self, *args, enrolment: Enrolment, submit_label: str | None = None, **kwargs):
        self.submit_label = submit_label or self.submit_label
        super().__init__(*args, **kwargs)
        self.fields["day"].error_messages["required"] = "Enter the date"
        kinds = enrolment.programme.session_kinds.all()
        self.fields["kind"].queryset = kinds
        if enrolment.programme.uses_cycles:
            self.fields["kind"].help_text = "Filming, micro-analysis or shared review"
        else:
            self.fields["kind"].label = "Kind of session (optional)"
            del self.fields["cycle"]
        self.helper.layout = Layout(*self.fields, *self.buttons())

    @staticmethod
    def initial_for(session: Session) -> dict:
        when = timezone.localtime(session.starts_at)
        return {"day": when.date(), "start": when.strftime("%H:%M"), "mode": session.mode,
                "hub": session.hub_id, "kind": session.kind_id, "cycle": session.cycle,
                "minutes": session.minutes}

    def clean(self):
        data = super().clean()
        if data.get("mode") == Session.Mode.HUB and not data.get("hub"):
            self.add_error("hub", "Choose the Family Hub")
        if data.get("day") and data.get("start"):
            data["starts_at"] = timezone.make_aware(datetime.combine(data["day"], data["start"]))
        return data

    def session_fields(self) -> dict:
        data = self.cleaned_data
        fields = {"starts_at": data["starts_at"], "mode": data["mode"], "hub": data.get("hub"),
                  "kind": data.get("kind"), "minutes": data.get("minutes")}
        if "cycle" in self.fields:
            fields["cycle"] = data.get("cycle")
        return fields


class AttendanceForm(GovForm):
    submit_label = "Save attendance"

    attendance = forms.ChoiceField(label="Did the family attend?", choices=Session.Attendance.choices,
                                   widget=forms.RadioSelect,
                                   error_messages={"required": "Choose whether the family attended"})
    who = forms.MultipleChoiceField(label="Who attended?", choices=WHO_ATTENDED, required=False,
                                    widget=forms.CheckboxSelectMultiple,
                                    help_text="Only when the family attended. Select all that apply")
    minutes = SessionForm.base_fields["minutes"]
    notes = _text("Notes (optional)", rows=6, help_text="Seen only by those who may read case notes")
    next_steps = _text("Next steps (optional)", rows=3)

    def __init__(self, *args, can_write_notes: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not can_write_notes:
            del self.fields["notes"]
            self.helper.layout = Layout(*self.fields, *self.buttons())

    @staticmethod
    def initial_for(session: Session) -> dict:
        who = [name for name, _ in WHO_ATTENDED if getattr(session, f"{name}_attended")]
        return {"attendance": session.attendance, "who": who, "minutes": session.minutes,
                "notes": session.notes, "next_steps": session.next_steps}


class EndForm(GovForm):
    submit_label = "End the enrolment"

    outcome = forms.ChoiceField(
        label="How did it end?", widget=forms.RadioSelect,
        choices=[("completed", "Completed"), ("ended_early", "Ended early")],
        error_messages={"required": "Choose whether it was completed or ended early"})
    end_reason = forms.ChoiceField(
        label="If it ended early, why?", widget=forms.RadioSelect, required=False,
        choices=Enrolment.EndReason.choices)
    end_note = _text("About the ending (optional)", rows=3,
                     help_text="Needed when it ended early for another reason")
    ended_on = GovDateField(label="End date", required=False, not_in_future=True,
                            help_text="For example, 3 March 2026. Leave blank for today")


class DiaryRowForm(GovForm):
    """One past session's attendance on the diary page; left blank, it is recorded later."""

    attendance = forms.ChoiceField(label="Attendance", required=False,
                                   choices=[("", "Not recorded yet"), *Session.Attendance.choices])
    who = forms.MultipleChoiceField(label="Who attended?", choices=WHO_ATTENDED, required=False,
                                    widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, session: Session, legend: str, **kwargs):
        super().__init__(*args, embedded=True, prefix=f"session-{session.pk}", **kwargs)
        self.session = session
        self.helper.layout = Layout(Fieldset("attendance", "who", legend=legend, legend_size="s"))

    def clean(self):
        data = super().clean()
        attended = data.get("attendance") == Session.Attendance.ATTENDED
        with_family = self.session.kind is None or self.session.kind.with_family
        if attended and with_family and not data.get("who"):
            self.add_error("who", "Choose who attended: mother, father or other carer")
        if data.get("who") and not attended:
            self.add_error("who", "Only choose who attended when the family attended")
        return data
