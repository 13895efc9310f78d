"""Showing a service's ValidationError on the form whose data it was given."""

from django import forms
from django.core.exceptions import ValidationError


def show_service_error(
    form: forms.Form, error: ValidationError, aliases: dict[str, str] | None = None,
) -> None:
    """At the field it names (``aliases`` maps the service's names to the form's), or in the error
    summary when the form has no such field."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        field = (aliases or {}).get(name, name)
        form.add_error(field if field in form.fields else None, errors)
