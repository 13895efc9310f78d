"""What the skills pages share: the access checks and the page that shows one form."""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from piew.forms import show_service_error
from team.skills import permissions


def posted(request: HttpRequest):
    """The form data of a post, even an empty one (which must be answered with errors); else None."""
    return request.POST if request.method == "POST" else None


def files(request: HttpRequest):
    return request.FILES if request.method == "POST" else None


def require_lead(request: HttpRequest) -> None:
    if not permissions.can_manage_skills(request.user):
        raise PermissionDenied


def require_participant(request: HttpRequest) -> None:
    if not permissions.takes_part(request.user):
        raise PermissionDenied


def form_page(request: HttpRequest, form, *, title: str, save: Callable, done: str | Callable,
              back: tuple[str, str], caption: str = "", saved: str = "") -> HttpResponse:
    """Show the form; on a valid post call ``save`` (which may raise ValidationError) and go to
    ``done``, an address or a function of what ``save`` returned. ``back`` is the back link's
    address and words."""
    if request.method == "POST" and form.is_valid():
        try:
            result = save()
        except ValidationError as error:
            show_service_error(form, error)
        else:
            messages.success(request, saved or f"{title}: saved")
            return redirect(done(result) if callable(done) else done)
    context = {"form": form, "title": title, "caption": caption, "back_url": back[0], "back_label": back[1]}
    return render(request, "team/skills/form.html", context)
