"""Helpers every app's services use."""

from typing import Any, TypeVar

from django.db.models import Model

M = TypeVar("M", bound=Model)


def save_validated(instance: M, **fields: Any) -> M:
    """Set the fields, check the whole record (``full_clean``) and save it."""
    for name, value in fields.items():
        setattr(instance, name, value)
    instance.full_clean()
    instance.save()
    return instance
