"""The team lead's forms: competencies and targets, audit rounds, the gap analysis's filters, and
the training plan's courses, invitations and attendance."""

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.layout import HTML, Field, Fieldset, Fluid, Layout, Size
from django import forms
from django.utils import timezone

from piew.forms import GovForm, GovModelForm
from team.models import (
    AuditRound,
    Competency,
    CompetencyTarget,
    CourseInvitation,
    Hub,
    Level,
    Organisation,
    PlannedCourse,
    SelfAssessment,
)
from team.roles import Role
from team.skills.forms import ServerChecked, date_field
from team.skills.permissions import PARTICIPANT_ROLES
from team.skills.selectors import GapFilter

# The target fields of the competency form: one for everyone, then one per kind of organisation.
TARGET_FIELDS = {"target_everyone": (CompetencyTarget.EVERYONE, "Everyone, unless set below")} | {
    f"target_{kind}": (kind, label) for kind, label in Organisation.Kind.choices}


class CompetencyForm(ServerChecked, GovModelForm):
    submit_label = "Save competency"

    class Meta:
        model = Competency
        fields = ["name", "description", "aware_label", "skilled_label", "expert_label",
                  "expires_after_months", "required", "active"]
        error_messages = {
            "name": {"required": "Enter the competency's name",
                     "unique": "There is already a competency with this name",
                     "max_length": "The name must be 150 characters or fewer"},
            "aware_label": {"required": "Enter a name for level 1"},
            "skilled_label": {"required": "Enter a name for level 2"},
            "expert_label": {"required": "Enter a name for level 3"},
            "expires_after_months": {"invalid": "Enter the months as a whole number, like 36"},
        }
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expires_after_months"].widget.attrs.update({"inputmode": "numeric"})
        current = {}
        if self.instance.pk:
            current = {t.organisation_kind: t.level for t in self.instance.targets.all()}
        choices = [("", "No target set"), *[(str(value), label) for value, label in self._level_names()]]
        for name, (kind, label) in TARGET_FIELDS.items():
            self.fields[name] = forms.TypedChoiceField(
                label=label, choices=choices, coerce=int, empty_value=None, required=False,
                initial=current.get(kind))
        self.helper.layout = Layout(
            Field.text("name", field_width=Fluid.TWO_THIRDS), Field.textarea("description", rows=3),
            Fieldset(Field.text("aware_label", field_width=20), Field.text("skilled_label", field_width=20),
                     Field.text("expert_label", field_width=20),
                     legend="Names of the levels", legend_size=Size.MEDIUM),
            Field.text("expires_after_months", field_width=4), Field.checkbox("required"),
            Field.checkbox("active"),
            Fieldset(HTML('<p class="govuk-body">The level each organisation\'s staff need. '
                          "Choose “Not needed” where the competency does not apply.</p>"),
                     *[Field.select(name) for name in TARGET_FIELDS],
                     legend="Level the service needs", legend_size=Size.MEDIUM),
            *self.buttons(),
        )

    def _level_names(self) -> list[tuple[int, str]]:
        competency = self.instance if self.instance.pk else Competency()
        return [(value, "Not needed" if value == Level.NONE else label)
                for value, label in competency.level_choices()]

    def clean_expires_after_months(self):
        months = self.cleaned_data.get("expires_after_months")
        if months is not None and not 1 <= months <= 240:
            raise forms.ValidationError("Enter between 1 and 240 months, or leave it empty")
        return months

    def competency_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}

    def targets(self) -> dict[str, int | None]:
        return {kind: self.cleaned_data.get(name) for name, (kind, _) in TARGET_FIELDS.items()}


class AuditRoundForm(ServerChecked, GovForm):
    submit_label = "Open the audit round"
    title = forms.CharField(
        label="Name of the round", max_length=150, help_text="For example, Skills audit spring 2026",
        error_messages={"required": "Enter a name for the round",
                        "max_length": "The name must be 150 characters or fewer"})
    closes_on = date_field("Answer by", "Enter the date staff should answer by",
                           help_text="For example, 27 3 2026")

    def clean_closes_on(self):
        closes_on = self.cleaned_data["closes_on"]
        if closes_on < timezone.localdate():
            raise forms.ValidationError("The date to answer by must be today or in the future")
        return closes_on


class GapFilterForm(GovForm):
    submit_label = "Show"
    audit_round = forms.ModelChoiceField(
        queryset=AuditRound.objects.all(), required=False, empty_label="The latest round",
        label="Audit round", error_messages={"invalid_choice": "Select an audit round from the list"})
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.all(), required=False, empty_label="All organisations",
        error_messages={"invalid_choice": "Select an organisation from the list"})
    hub = forms.ModelChoiceField(
        queryset=Hub.objects.all(), required=False, empty_label="All Family Hubs", label="Family Hub",
        error_messages={"invalid_choice": "Select a Family Hub from the list"})
    role = forms.ChoiceField(
        required=False,
        choices=[("", "All roles"), *[(r.value, r.label) for r in Role if r in PARTICIPANT_ROLES]],
        error_messages={"invalid_choice": "Select a role from the list"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.form_method = "get"
        self.helper.disable_csrf = True
        self.helper.layout = Layout(*[Field.select(name) for name in self.fields], *self.buttons())

    def filters(self, default_round: AuditRound | None) -> GapFilter:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return GapFilter(audit_round=data.get("audit_round") or default_round,
                         organisation=data.get("organisation"), hub=data.get("hub"),
                         role=data.get("role", ""))


class CourseForm(ServerChecked, GovModelForm):
    submit_label = "Save course"
    date = date_field("Date", "Enter the date of the course")
    places = forms.IntegerField(
        label="Places", min_value=1, max_value=500, widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        error_messages={"required": "Enter how many places the course has",
                        "invalid": "Enter the places as a whole number, like 12",
                        "min_value": "The course must have at least 1 place",
                        "max_value": "The course can have at most 500 places"})

    class Meta:
        model = PlannedCourse
        fields = ["competency", "title", "date", "trainer", "venue", "places"]
        labels = {"competency": "Competency", "venue": "Venue (optional)"}
        error_messages = {
            "competency": {"required": "Select the competency the course is for"},
            "title": {"required": "Enter the name of the course"},
            "trainer": {"required": "Enter who is delivering the course"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["competency"].queryset = Competency.objects.filter(active=True)
        self.fields["competency"].empty_label = "Select a competency"
        self.helper.layout = Layout(
            Field.select("competency"), Field.text("title", field_width=Fluid.TWO_THIRDS), Field("date"),
            Field.text("trainer", field_width=Fluid.TWO_THIRDS),
            Field.text("venue", field_width=Fluid.TWO_THIRDS), Field.text("places", field_width=4),
            *self.buttons(),
        )


class InviteForm(ServerChecked, GovForm):
    submit_label = "Invite"
    people = forms.TypedMultipleChoiceField(
        label="Who do you want to invite?", coerce=int, widget=forms.CheckboxSelectMultiple,
        help_text=("People whose answers in the latest audit round are below the level their "
                   "organisation needs."),
        error_messages={"required": "Select at least one person to invite",
                        "invalid_choice": "Select people from the list"})

    def __init__(self, *args, candidates: list[SelfAssessment], **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = {answer.response.person_id: answer.response.person for answer in candidates}
        self.fields["people"].choices = [self._choice(answer) for answer in candidates]
        self.helper.layout = Layout(Field.checkboxes("people", legend_size=Size.MEDIUM), *self.buttons())

    @staticmethod
    def _choice(answer: SelfAssessment) -> Choice:
        person, competency = answer.response.person, answer.competency
        profile = getattr(person, "profile", None)
        where = profile.organisation.name if profile and profile.organisation else "No organisation recorded"
        return Choice(person.pk, str(person), hint=(
            f"{where}. Now {competency.level_label(answer.level).lower()}; "
            f"needs {competency.level_label(answer.target).lower()}"))

    def chosen_people(self) -> list:
        return [self.candidates[pk] for pk in self.cleaned_data["people"]]


ATTENDANCE = {
    "completed": (True, True, "Attended and completed"),
    "attended": (True, False, "Attended but did not complete"),
    "did_not_attend": (False, False, "Did not attend"),
    "not_recorded": (None, False, "Not recorded yet"),
}


def attendance_of(invitation: CourseInvitation) -> str:
    return next(key for key, (attended, completed, _) in ATTENDANCE.items()
                if (attended, completed) == (invitation.attended, invitation.completed))


class AttendanceForm(ServerChecked, GovForm):
    submit_label = "Save attendance"

    def __init__(self, *args, invitations: list[CourseInvitation], **kwargs):
        super().__init__(*args, **kwargs)
        self.invitations = {f"invitation_{i.pk}": i for i in invitations}
        choices = [(key, label) for key, (_, _, label) in ATTENDANCE.items()]
        for name, invitation in self.invitations.items():
            self.fields[name] = forms.ChoiceField(
                label=str(invitation.person), choices=choices, widget=forms.RadioSelect,
                initial=attendance_of(invitation),
                error_messages={"required": f"Select whether {invitation.person} attended",
                                "invalid_choice": f"Select whether {invitation.person} attended"})
        self.helper.layout = Layout(*[Field.radios(name, legend_size=Size.SMALL, small=True)
                                      for name in self.invitations], *self.buttons())

    def changes(self) -> list[tuple[CourseInvitation, bool | None, bool]]:
        """The invitations whose attendance changed, with what it is now."""
        changed = []
        for name, invitation in self.invitations.items():
            key = self.cleaned_data[name]
            if key != attendance_of(invitation):
                attended, completed, _ = ATTENDANCE[key]
                changed.append((invitation, attended, completed))
        return changed
