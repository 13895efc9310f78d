"""The team lead's form for an intervention in the catalogue: what it involves, its kinds of
session (a few fixed rows, no script needed), its measures and who may deliver it."""

from crispy_forms_gds.layout import HTML, Field, Fieldset, Fluid, Layout, Size
from django import forms
from django.db.models import Q

from assessments.measures import INSTRUMENTS
from interventions.models import Format, Programme
from interventions.services.catalogue import PROGRAMME_FIELDS
from piew.forms import GovModelForm
from team.models import Competency, Level

KIND_ROWS = 4
YES_NO = [("yes", "Yes"), ("no", "No")]
MEASURE_CHOICES = [(code, f"{instrument.name} ({code})") for code, instrument in sorted(INSTRUMENTS.items())]


def _measures_field(label: str) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label, required=False, choices=MEASURE_CHOICES, widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose measures from the list"})


def _whole_number(label: str, what: str, low: int, high: int, required: bool = True,
                  **kwargs) -> forms.IntegerField:
    """A whole number typed in a text box; ``what`` names it in the messages."""
    return forms.IntegerField(
        label=label, required=required, min_value=low, max_value=high,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}), error_messages={
            "required": f"Enter {what}",
            "invalid": f"Enter {what} as a whole number",
            "min_value": f"{what[0].upper()}{what[1:]} must be {low} or more",
            "max_value": f"{what[0].upper()}{what[1:]} must be {high} or fewer"}, **kwargs)


class ProgrammeForm(GovModelForm):
    submit_label = "Save intervention"

    # Not required here: the model's own check says "Choose at least one delivery format".
    formats = forms.MultipleChoiceField(
        label="Delivery formats", choices=Format.choices, widget=forms.CheckboxSelectMultiple,
        required=False, error_messages={"invalid_choice": "Choose delivery formats from the list"})
    measures_before = _measures_field("Measures taken before")
    measures_after = _measures_field("Measures taken after")
    minimum_attended = _whole_number("Sessions attended to count as completed",
                                     "the number of sessions attended to count as completed", 0, 100,
                                     help_text="A family who attends fewer has ended early, not completed.")
    default_cycles = _whole_number("Usual number of cycles", "the usual number of cycles", 1, 20,
                                   required=False,
                                   help_text="Only for interventions delivered in cycles.")
    caseload_weight = _whole_number("Caseload weight", "the caseload weight", 0, 20, help_text=(
        "How much one family in this intervention counts towards a caseload."))

    class Meta:
        model = Programme
        fields = list(PROGRAMME_FIELDS)
        labels = {"description": "Description (optional)"}
        error_messages = {
            "name": {"required": "Enter the intervention's name",
                     "unique": "There is already an intervention with this name",
                     "max_length": "The name must be 150 characters or fewer"},
            "code": {"required": "Enter a code, like triple_p_baby",
                     "unique": "There is already an intervention with this code",
                     "invalid": "Enter a code of letters, numbers, underscores or hyphens only",
                     "max_length": "The code must be 40 characters or fewer"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.existing_kinds = list(self.instance.session_kinds.all()) if self.instance.pk else []
        self.rows = max(KIND_ROWS, len(self.existing_kinds) + 1)
        for row in range(1, self.rows + 1):
            self._add_kind_row(row)
        self.competencies = self._competencies()
        for competency in self.competencies:
            self._add_requirement(competency)
        self.helper.layout = self._layout()

    def _add_kind_row(self, row: int) -> None:
        kind = self.existing_kinds[row - 1] if row <= len(self.existing_kinds) else None
        self.fields[f"kind_{row}_name"] = forms.CharField(
            label="Name", required=False, max_length=100, initial=kind.name if kind else "",
            error_messages={
                "max_length": f"The name of kind of session {row} must be 100 characters or fewer"})
        self.fields[f"kind_{row}_expected"] = _whole_number(
            "How many", f"how many sessions of kind {row} there are", 1, 100, required=False,
            initial=kind.expected if kind else None)
        self.fields[f"kind_{row}_with_family"] = forms.ChoiceField(
            label="With the family?", choices=YES_NO, required=False, widget=forms.RadioSelect,
            initial="yes" if kind is None or kind.with_family else "no")

    def _competencies(self) -> list[Competency]:
        self.current_levels = {}
        if self.instance.pk:
            self.current_levels = {req.competency_id: req.minimum_level
                                   for req in self.instance.delivery_requirements.all()}
        return list(Competency.objects.filter(Q(active=True) | Q(pk__in=self.current_levels)))

    def _add_requirement(self, competency: Competency) -> None:
        choices = [("", "Not needed"), *[(str(value), label) for value, label in competency.level_choices()
                                         if value != Level.NONE]]
        self.fields[f"requires_{competency.pk}"] = forms.TypedChoiceField(
            label=competency.name, choices=choices, coerce=int, empty_value=None, required=False,
            initial=self.current_levels.get(competency.pk),
            error_messages={"invalid_choice": f"Choose a level for {competency.name} from the list"})

    def _kind_fieldset(self, row: int) -> Fieldset:
        return Fieldset(
            Field.text(f"kind_{row}_name", field_width=Fluid.TWO_THIRDS),
            Field.text(f"kind_{row}_expected", field_width=3),
            Field.radios(f"kind_{row}_with_family", legend_size=Size.SMALL, inline=True, small=True),
            legend=f"Kind of session {row}", legend_size=Size.SMALL)

    def _layout(self) -> Layout:
        return Layout(
            Field.text("name", field_width=Fluid.TWO_THIRDS), Field.text("code", field_width=20),
            Field.textarea("description", rows=3), Field.checkboxes("formats", legend_size=Size.SMALL),
            HTML('<h2 class="govuk-heading-m">Sessions</h2><p class="govuk-body">The sessions the '
                 "intervention expects, by kind. Clear a row to remove that kind of session.</p>"),
            *[self._kind_fieldset(row) for row in range(1, self.rows + 1)],
            Field.text("minimum_attended", field_width=3), Field.checkbox("uses_cycles"),
            Field.text("default_cycles", field_width=3), Field.checkbox("uses_licence_codes"),
            Field.checkbox("uses_video"),
            HTML('<h2 class="govuk-heading-m">Measures</h2>'),
            Field.checkboxes("measures_before", legend_size=Size.SMALL, small=True),
            Field.checkboxes("measures_after", legend_size=Size.SMALL, small=True),
            HTML('<h2 class="govuk-heading-m">Caseload and delivery</h2>'),
            Field.text("caseload_weight", field_width=3), Field.checkbox("delivered_by_partner"),
            Fieldset(
                HTML('<p class="govuk-body">Someone may deliver it if they meet any one of these: a '
                     "current training record in the competency, or their latest skills audit answer "
                     "at the level or above. With none chosen, anyone on the team may deliver it.</p>"),
                *[Field.select(f"requires_{competency.pk}") for competency in self.competencies],
                legend="Who may deliver it: level needed", legend_size=Size.MEDIUM),
            Field.checkbox("active"),
            *self.buttons(),
        )

    def clean(self):
        cleaned = super().clean()
        self.kinds = [kind for row in range(1, self.rows + 1) if (kind := self._clean_kind_row(row))]
        return cleaned

    def _clean_kind_row(self, row: int) -> dict | None:
        name = (self.cleaned_data.get(f"kind_{row}_name") or "").strip()
        expected = self.cleaned_data.get(f"kind_{row}_expected")
        with_family = self.cleaned_data.get(f"kind_{row}_with_family")
        if f"kind_{row}_expected" in self.errors:
            return None
        if not name:
            if expected is not None:
                self.add_error(f"kind_{row}_name", f"Enter the name of kind of session {row}")
            return None
        if expected is None:
            self.add_error(f"kind_{row}_expected", f"Enter how many “{name}” sessions there are")
        if not with_family:
            self.add_error(f"kind_{row}_with_family", f"Choose whether “{name}” sessions are with the family")
        existing = self.existing_kinds[row - 1] if row <= len(self.existing_kinds) else None
        return {"id": existing.pk if existing else None, "name": name, "expected": expected,
                "with_family": with_family == "yes"}

    def programme_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in PROGRAMME_FIELDS}

    def requirements(self) -> list[dict]:
        return [{"competency": competency, "minimum_level": level} for competency in self.competencies
                if (level := self.cleaned_data.get(f"requires_{competency.pk}")) is not None]
