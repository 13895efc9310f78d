"""The base of every staff and public form: GOV.UK layout, one submit button."""

from datetime import date

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Layout, Size, Submit
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone


class GovFormMixin:
    """Renders the form's fields in order with a GOV.UK button labelled ``submit_label``."""

    submit_label = "Save"

    def __init__(self, *args, embedded: bool = False, **kwargs):
        """``embedded`` renders only the fields, for a page that joins several forms in one."""
        super().__init__(*args, **kwargs)
        self.embedded = embedded
        self.helper = FormHelper()
        self.helper.form_tag = not embedded
        # GOV.UK error messages, not the browser's own pop-ups.
        self.helper.attrs = {"novalidate": ""}
        self.helper.disable_csrf = embedded
        self.helper.label_size = Size.SMALL
        self.helper.legend_size = Size.SMALL
        self.helper.layout = Layout(*self.fields, *self.buttons())

    def buttons(self) -> list:
        return [] if self.embedded else [Submit("submit", self.submit_label)]


class GovForm(GovFormMixin, forms.Form):
    pass


class GovModelForm(GovFormMixin, forms.ModelForm):
    pass


class GovTimeField(forms.TimeField):
    """A time of day on the 24-hour clock, typed as 14:30 (or 14.30)."""

    def __init__(self, *, label: str = "Time", example: str = "14:30", **kwargs):
        kwargs.setdefault("help_text", f"Use the 24-hour clock, for example {example}")
        super().__init__(label=label, input_formats=["%H:%M", "%H.%M"],
                         widget=forms.TextInput(attrs={"class": "govuk-input--width-5"}),
                         error_messages={"required": "Enter the time",
                                         "invalid": f"Enter a time like {example}"},
                         **kwargs)


class GovDateField(DateInputField):
    """A date typed as day, month and year, as the GOV.UK date input asks for it.

    ``not_in_future`` refuses dates after today, with the field's own name in the message.
    """

    def __init__(self, *, not_in_future: bool = False, **kwargs):
        self.not_in_future = not_in_future
        super().__init__(**kwargs)
        self.require_all_fields = False

    def compress(self, data_list):
        day, month, year = data_list
        missing = [part for part, typed in zip(("day", "month", "year"), data_list, strict=True) if not typed]
        if len(missing) == 3:
            return None
        if missing:
            # A part-typed date would otherwise be dropped without a word.
            raise ValidationError(
                f"{self.label or 'The date'} must include a {' and '.join(missing)}", code="incomplete"
            )
        if len(str(year)) != 4:
            raise ValidationError("Enter the year as 4 digits, like 2025", code="invalid_year")
        try:
            value = date(day=int(day), month=int(month), year=int(year))
        except (ValueError, OverflowError):  # OverflowError: a day or month too long for a C int
            raise ValidationError("Enter a real date", code="invalid_date") from None
        if self.not_in_future and value > timezone.localdate():
            raise ValidationError(
                f"{self.label or 'The date'} must be today or in the past", code="future"
            )
        return value


def show_service_error(
    form: forms.Form, error: ValidationError, aliases: dict[str, str] | None = None,
) -> None:
    """Show a service's ValidationError on the form: at the field it names (``aliases`` maps the
    service's names to the form's), or in the error summary when the form has no such field."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        field = (aliases or {}).get(name, name)
        form.add_error(field if field in form.fields else None, errors)
