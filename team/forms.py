from django import forms
from django.contrib.auth.forms import AuthenticationForm

from piew.forms import GovForm, GovFormMixin, GovModelForm
from team.models import Organisation


class SignInForm(GovFormMixin, AuthenticationForm):
    submit_label = "Sign in"
    error_messages = {
        "invalid_login": "Enter a correct username and password. Both are case-sensitive.",
        "inactive": "This account has been switched off. Ask your team lead.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].error_messages["required"] = "Enter your username"
        self.fields["password"].error_messages["required"] = "Enter your password"


class CodeForm(GovForm):
    submit_label = "Continue"
    code = forms.CharField(
        label="Code",
        max_length=16,
        help_text="The 6-digit code from your authenticator app, or one of your backup codes.",
        error_messages={"required": "Enter the code from your authenticator app"},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "spellcheck": "false"}),
    )

    def clean_code(self) -> str:
        return self.cleaned_data["code"].replace(" ", "").strip()


class SetUpCodeForm(CodeForm):
    submit_label = "Confirm and continue"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].help_text = "The 6-digit code your authenticator app shows now."


class OrganisationForm(GovModelForm):
    submit_label = "Save organisation"
    website = forms.URLField(
        required=False, assume_scheme="https",
        error_messages={"invalid": "Enter a web address in the right format, like https://example.org"},
    )

    class Meta:
        model = Organisation
        fields = ["name", "kind", "contact_name", "email", "phone", "website", "services",
                  "takes_referrals", "active"]
        error_messages = {
            "name": {"required": "Enter the organisation's name",
                     "unique": "There is already an organisation with this name"},
            "kind": {"required": "Select what kind of organisation it is"},
            "email": {"invalid": "Enter an email address in the right format, like name@example.org"},
        }
        widgets = {"kind": forms.RadioSelect, "services": forms.Textarea(attrs={"rows": 4})}
