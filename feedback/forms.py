"""The questionnaire as a form (online and paper), and the team lead's editing of it."""

from crispy_forms_gds.layout import Layout
from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from feedback.models import Agreement, FriendsAndFamily, Questionnaire, Respondent
from piew.forms import GovForm

YES_NO = [("yes", _("Yes")), ("no", _("No"))]


def _statement_field(name: str) -> str:
    return f"statement_{name}"


class FeedbackForm(GovForm):
    """One version of "Your opinion counts". Texts seeded with the service are shown translated;
    the team lead's own wording is shown as written."""

    submit_label = _("Send your feedback")

    def __init__(self, *args, questionnaire: Questionnaire, paper: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.questionnaire = questionnaire
        fields = self.fields
        fields["fft"] = forms.ChoiceField(
            label=gettext(questionnaire.fft_question), choices=FriendsAndFamily.choices,
            widget=forms.RadioSelect,
            error_messages={"required": _("Choose how your experience of our service was overall")})
        for index, statement in enumerate(questionnaire.statements):
            fields[_statement_field(str(index))] = forms.TypedChoiceField(
                label=gettext(statement), choices=Agreement.choices, coerce=int, required=False,
                empty_value=None, widget=forms.RadioSelect)
        fields["went_well"] = forms.CharField(label=gettext(questionnaire.went_well_question), required=False,
                                              max_length=3000, widget=forms.Textarea(attrs={"rows": 4}))
        fields["could_be_better"] = forms.CharField(
            label=gettext(questionnaire.could_be_better_question), required=False, max_length=3000,
            widget=forms.Textarea(attrs={"rows": 4}))
        fields["respondent"] = forms.ChoiceField(
            label=_("Who is answering?") if not paper else _("Who answered?"), choices=Respondent.choices,
            widget=forms.RadioSelect,
            error_messages={"required": _("Choose who is answering: mum, dad or another parent or carer")})
        fields["quote_consent"] = forms.ChoiceField(
            label=_("May we quote what you wrote, without your name, to show what parents think of the "
                    "service?"), choices=YES_NO, widget=forms.RadioSelect,
            error_messages={"required": _("Choose yes if we may quote what you wrote without your name")})
        self.helper.layout = Layout(*self.fields, *self.buttons())

    def answers(self) -> dict:
        data = self.cleaned_data
        count = len(self.questionnaire.statements)
        return {
            "fft": data["fft"],
            "agreements": [data.get(_statement_field(str(i))) for i in range(count)],
            "went_well": data["went_well"].strip(),
            "could_be_better": data["could_be_better"].strip(),
            "respondent": data["respondent"],
            "quote_consent": data["quote_consent"] == "yes",
        }


class PaperFeedbackForm(FeedbackForm):
    submit_label = "Save the paper form’s answers"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, paper=True, **kwargs)
        self.fields["quote_consent"].label = (
            "Did the parent agree to their comments being quoted anonymously?")


class QuestionnaireForm(GovForm):
    submit_label = "Save as a new version"

    fft_question = forms.CharField(label="Friends and Family Test question", max_length=300)
    statements = forms.CharField(
        label="Agreement statements", widget=forms.Textarea(attrs={"rows": 6}),
        help_text="One statement a line. Parents answer each from strongly agree to strongly disagree.")
    went_well_question = forms.CharField(label="First open question", max_length=300)
    could_be_better_question = forms.CharField(label="Second open question", max_length=300)

    def clean_statements(self) -> list[str]:
        statements = [line.strip() for line in self.cleaned_data["statements"].splitlines() if line.strip()]
        if not statements:
            raise forms.ValidationError("Write at least one statement")
        if any(len(line) > 300 for line in statements):
            raise forms.ValidationError("Keep each statement under 300 characters")
        return statements
