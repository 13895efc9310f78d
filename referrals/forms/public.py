"""The questions a parent answers to refer themselves, one page each, in plain words.

Every form names its fields after the referral's own fields, so the answers can be handed to
``referral_create`` as they are. ``answers()`` gives what the session keeps between pages.
"""

from datetime import date, timedelta
from typing import Any, ClassVar

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.layout import Field, Fluid, Layout, Size
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from families.models import Caregiver
from families.validators import (
    normalise_nhs_number,
    normalise_postcode,
    normalise_uk_mobile,
    validate_nhs_number,
    validate_postcode,
    validate_uk_mobile,
)
from piew.forms import GovDateField, GovForm
from referrals.models import Reason
from team.models import Hub

RELATIONSHIPS = [
    (Caregiver.Relationship.MOTHER.value, _("Mother")),
    (Caregiver.Relationship.FATHER.value, _("Father")),
    (Caregiver.Relationship.PARTNER.value, _("Partner of the baby's mother or father")),
    (Caregiver.Relationship.CO_PARENT.value, _("Co-parent")),
    (Caregiver.Relationship.GRANDPARENT.value, _("Grandparent")),
    (Caregiver.Relationship.OTHER_CARER.value, _("Another carer")),
]

# The coded reasons, as a parent would put them.
REASONS = [
    (Reason.LOW_MOOD.value, _("Feeling low or down")),
    (Reason.ANXIETY.value, _("Feeling anxious or worrying a lot")),
    (Reason.BONDING.value, _("Bonding with my baby, or our relationship")),
    (Reason.BIRTH_EXPERIENCE.value, _("A difficult birth")),
    (Reason.CONFIDENCE.value, _("Feeling unsure of myself as a parent")),
    (Reason.OTHER.value, _("Something else")),
]

BORN_CHOICES = [("yes", _("Yes")), ("no", _("No, not yet"))]

DATE_PARTS = {"day": _("day"), "month": _("month"), "year": _("year")}
DUE_DATE_EARLIEST = timedelta(weeks=6)
DUE_DATE_LATEST = timedelta(weeks=43)


class ParentDateField(GovDateField):
    """A GOV.UK date input whose messages are the page's own, in the parent's language.

    ``messages`` has a message for each of GovDateField's error codes: ``required``,
    ``incomplete`` (with ``%(parts)s`` for what is missing), ``invalid``, ``invalid_year`` and
    ``future``. ``autocomplete`` names the autofill group of the three boxes (``bday``).
    """

    def __init__(self, *, messages: dict[str, Any], autocomplete: str = "", **kwargs):
        super().__init__(**kwargs)
        self.messages = messages
        self.error_messages["required"] = messages["required"]
        labels = (_("Day"), _("Month"), _("Year"))
        for part, field, widget, label in zip(DATE_PARTS, self.fields, self.widget.widgets, labels,
                                              strict=True):
            field.validators = [RegexValidator(r"^[0-9]+$", messages["invalid"])]
            widget.attrs.update({"label": label, "inputmode": "numeric"})
            if autocomplete:
                widget.attrs["autocomplete"] = f"{autocomplete}-{part}"

    def compress(self, data_list):
        try:
            return super().compress(data_list)
        except ValidationError as error:
            raise ValidationError(self._message(error.code, data_list), code=error.code) from None

    def _message(self, code: str, data_list) -> str:
        if code == "incomplete":
            missing = [str(name) for (part, name), typed in zip(DATE_PARTS.items(), data_list, strict=True)
                       if not typed]
            parts = missing[0] if len(missing) == 1 else _("%(first)s and %(second)s") % {
                "first": missing[0], "second": missing[1]}
            return self.messages["incomplete"] % {"parts": parts}
        return self.messages.get(code, self.messages["invalid"])


def example_date(days_from_today: int) -> str:
    """A date near today, typed the way the date boxes ask for it, for a hint."""
    example = timezone.localdate() + timedelta(days=days_from_today)
    return _("For example, %(date)s") % {"date": f"{example.day} {example.month} {example.year}"}


class QuestionForm(GovForm):
    """One page of the self-referral.

    ``heading`` is the page's title and <h1>. When ``heading_field`` names a field, that field's
    label or legend is the <h1> (the GOV.UK pattern for a page that asks one question).
    """

    submit_label = _("Continue")
    use_required_attribute = False
    heading: ClassVar[str] = ""
    heading_field: ClassVar[str | None] = None
    intro: ClassVar[str] = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.attrs = {"novalidate": ""}
        self.helper.layout = Layout(*self.layout_fields(), *self.buttons())

    def layout_fields(self) -> list:
        return [self._heading(name) if name == self.heading_field else Field(name) for name in self.fields]

    def _heading(self, name: str) -> Field:
        if getattr(self.fields[name].widget, "input_type", "") in ("radio", "checkbox"):
            return Field.radios(name, legend_size=Size.LARGE, legend_tag="h1")
        return Field.text(name, label_size=Size.LARGE, label_tag="h1")

    def answers(self) -> dict[str, Any]:
        """The cleaned answers in a form the session can keep: dates as ISO strings."""
        return {name: value.isoformat() if isinstance(value, date) else value
                for name, value in self.cleaned_data.items()}

    @classmethod
    def values_from(cls, answers: dict[str, Any]) -> dict[str, Any]:
        """The kept answers as the form's values again: the reverse of ``answers()``."""
        return {
            name: date.fromisoformat(value) if value and isinstance(cls.base_fields.get(name), GovDateField)
            else value
            for name, value in answers.items()
        }


class AboutYouForm(QuestionForm):
    heading = _("About you")
    parent_first_name = forms.CharField(
        label=_("First name"), max_length=100,
        error_messages={"required": _("Enter your first name"),
                        "max_length": _("First name must be 100 characters or fewer")},
    )
    parent_last_name = forms.CharField(
        label=_("Last name"), max_length=100,
        error_messages={"required": _("Enter your last name"),
                        "max_length": _("Last name must be 100 characters or fewer")},
    )
    parent_relationship = forms.ChoiceField(
        label=_("What is your relationship to the baby?"), choices=RELATIONSHIPS,
        widget=forms.RadioSelect, error_messages={"required": _("Select your relationship to the baby")},
    )
    parent_date_of_birth = ParentDateField(
        label=_("Your date of birth"), help_text=_("For example, 27 3 1995"), not_in_future=True,
        autocomplete="bday", messages={
            "required": _("Enter your date of birth"),
            "incomplete": _("Your date of birth must include a %(parts)s"),
            "invalid": _("Your date of birth must be a real date"),
            "invalid_year": _("Enter the year of your birth as 4 digits, like 1995"),
            "future": _("Your date of birth must be in the past"),
        },
    )

    def layout_fields(self) -> list:
        return [
            Field.text("parent_first_name", field_width=Fluid.ONE_HALF, autocomplete="given-name",
                       spellcheck="false"),
            Field.text("parent_last_name", field_width=Fluid.ONE_HALF, autocomplete="family-name",
                       spellcheck="false"),
            Field.radios("parent_relationship", legend_size=Size.MEDIUM),
            Field("parent_date_of_birth", context={"legend_size": Size.for_legend(Size.MEDIUM)}),
        ]


class ContactForm(QuestionForm):
    heading = _("How can we contact you?")
    intro = _("Give us a UK mobile number, an email address or both.")
    parent_mobile = forms.CharField(
        label=_("UK mobile number"), required=False, max_length=30, validators=[validate_uk_mobile],
        widget=forms.TextInput(attrs={"type": "tel"}),
        help_text=_("We may call you or send you a text message."),
    )
    parent_email = forms.EmailField(
        label=_("Email address"), required=False, max_length=254,
        error_messages={"invalid": _("Enter an email address in the correct format, like name@example.com"),
                        "max_length": _("Email address must be 254 characters or fewer")},
    )
    preferred_language = forms.CharField(
        label=_("Which language would you like us to use? (optional)"), required=False, max_length=50,
        help_text=_("For example, English or Polish."),
        error_messages={"max_length": _("Language must be 50 characters or fewer")},
    )

    def layout_fields(self) -> list:
        return [
            Field.text("parent_mobile", field_width=20, autocomplete="tel"),
            Field.text("parent_email", field_width=Fluid.TWO_THIRDS, autocomplete="email",
                       spellcheck="false"),
            Field.text("preferred_language", field_width=20),
        ]

    def clean_parent_mobile(self) -> str:
        mobile = self.cleaned_data["parent_mobile"]
        return normalise_uk_mobile(mobile) if mobile else ""

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        checked = "parent_mobile" not in self.errors and "parent_email" not in self.errors
        if checked and not (cleaned.get("parent_mobile") or cleaned.get("parent_email")):
            self.add_error("parent_mobile", _("Enter a UK mobile number or an email address"))
        return cleaned


class AddressForm(QuestionForm):
    heading = _("What is your address?")
    address_line_1 = forms.CharField(
        label=_("Address line 1"), max_length=200,
        error_messages={"required": _("Enter address line 1, usually the house number and street"),
                        "max_length": _("Address line 1 must be 200 characters or fewer")},
    )
    address_line_2 = forms.CharField(
        label=_("Address line 2 (optional)"), required=False, max_length=200,
        error_messages={"max_length": _("Address line 2 must be 200 characters or fewer")},
    )
    town = forms.CharField(
        label=_("Town or city"), max_length=100,
        error_messages={"required": _("Enter your town or city"),
                        "max_length": _("Town or city must be 100 characters or fewer")},
    )
    postcode = forms.CharField(
        label=_("Postcode"), max_length=20, validators=[validate_postcode],
        error_messages={"required": _("Enter your postcode")},
    )

    def layout_fields(self) -> list:
        return [
            Field.text("address_line_1", field_width=Fluid.TWO_THIRDS, autocomplete="address-line1"),
            Field.text("address_line_2", field_width=Fluid.TWO_THIRDS, autocomplete="address-line2"),
            Field.text("town", field_width=Fluid.ONE_HALF, autocomplete="address-level2"),
            Field.text("postcode", field_width=10, autocomplete="postal-code"),
        ]

    def clean_postcode(self) -> str:
        return normalise_postcode(self.cleaned_data["postcode"])


class BabyBornForm(QuestionForm):
    heading = _("Has your baby been born?")
    heading_field = "born"
    born = forms.ChoiceField(
        label=heading, choices=BORN_CHOICES, widget=forms.RadioSelect,
        error_messages={"required": _("Select yes if your baby has been born")},
    )


class BabyDateForm(QuestionForm):
    """The one date the page asks for is its heading; the hint shows a date near today."""

    hint_days_from_today: ClassVar[int] = 0

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[self.heading_field].help_text = example_date(self.hint_days_from_today)

    def _heading(self, name: str) -> Field:
        return Field(name, context={"legend_size": Size.for_legend(Size.LARGE), "legend_tag": "h1"})


class BabyBirthDateForm(BabyDateForm):
    heading = _("What is your baby's date of birth?")
    heading_field = "baby_date_of_birth"
    hint_days_from_today = -60
    baby_date_of_birth = ParentDateField(
        label=heading, not_in_future=True, messages={
            "required": _("Enter your baby's date of birth"),
            "incomplete": _("Your baby's date of birth must include a %(parts)s"),
            "invalid": _("Your baby's date of birth must be a real date"),
            "invalid_year": _("Enter the year your baby was born as 4 digits, like 2025"),
            "future": _("Your baby's date of birth must be today or in the past"),
        },
    )


class BabyDueDateForm(BabyDateForm):
    heading = _("When is your baby due?")
    heading_field = "baby_due_date"
    hint_days_from_today = 100
    baby_due_date = ParentDateField(
        label=heading, messages={
            "required": _("Enter your baby's due date"),
            "incomplete": _("Your due date must include a %(parts)s"),
            "invalid": _("Your due date must be a real date"),
            "invalid_year": _("Enter the year your baby is due as 4 digits, like 2026"),
        },
    )

    def clean_baby_due_date(self) -> date:
        due = self.cleaned_data["baby_due_date"]
        today = timezone.localdate()
        if due < today - DUE_DATE_EARLIEST:
            raise ValidationError(_("Your due date cannot be more than 6 weeks ago. If your baby has "
                                    "been born, go back and answer ‘Yes’"), code="too_early")
        if due > today + DUE_DATE_LATEST:
            raise ValidationError(_("Your due date must be in the next 10 months"), code="too_late")
        return due


class ReasonsForm(QuestionForm):
    heading = _("What is worrying you?")
    heading_field = "reasons"
    reasons = forms.MultipleChoiceField(
        label=heading, choices=REASONS, widget=forms.CheckboxSelectMultiple,
        help_text=_("Select all that apply."),
        error_messages={"required": _("Select what is worrying you")},
    )
    reason_detail = forms.CharField(
        label=_("Tell us more (optional)"), required=False, max_length=3000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("In your own words, tell us how you have been feeling and anything else you "
                    "would like us to know."),
        error_messages={"max_length": _("What you tell us must be 3,000 characters or fewer")},
    )

    def layout_fields(self) -> list:
        return [Field.checkboxes("reasons", legend_size=Size.LARGE, legend_tag="h1"),
                Field.textarea("reason_detail", label_size=Size.MEDIUM, rows=6)]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if Reason.OTHER in cleaned.get("reasons", []) and not cleaned.get("reason_detail"):
            self.add_error("reason_detail", _("Tell us what else is worrying you"))
        return cleaned


class HubForm(QuestionForm):
    heading = _("Which Family Hub is nearest to you?")
    heading_field = "hub"
    hub = forms.ChoiceField(
        label=heading, required=False, widget=forms.RadioSelect,
        help_text=_("This helps us offer to see you close to home. You can leave this question out."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        hubs = [Choice(str(pk), name) for pk, name in active_hubs()]
        if hubs:
            hubs[-1].divider = _("or")
        self.fields["hub"].choices = [*hubs, ("", _("I do not know"))]


class NhsNumberForm(QuestionForm):
    heading = _("What is your NHS number? (optional)")
    heading_field = "parent_nhs_number"
    parent_nhs_number = forms.CharField(
        label=heading, required=False, max_length=20, validators=[validate_nhs_number],
        help_text=_("It has 10 digits, like 485 777 3456. You can find it on letters from the NHS, "
                    "on a prescription or in the NHS App. Leave this empty if you do not know it."),
    )

    def _heading(self, name: str) -> Field:
        return Field.text(name, label_size=Size.LARGE, label_tag="h1", field_width=10,
                          inputmode="numeric", spellcheck="false")

    def clean_parent_nhs_number(self) -> str:
        return normalise_nhs_number(self.cleaned_data["parent_nhs_number"])


def active_hubs() -> list[tuple[int, str]]:
    """The Family Hubs a parent may choose from, as (id, name)."""
    return list(Hub.objects.filter(active=True).values_list("pk", "name"))
