"""The team lead's list of partner organisations, kept current: who they are, how to reach
them and what they offer families."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path

from team.forms import OrganisationForm
from team.models import Organisation, User
from team.roles import Role


def can_manage_organisations(user: User) -> bool:
    return user.is_active and (user.is_superuser or user.role == Role.TEAM_LEAD)


def _require(request: HttpRequest) -> None:
    if not can_manage_organisations(request.user):
        raise PermissionDenied


@transaction.atomic
def organisation_save(*, form: OrganisationForm) -> Organisation:
    organisation = form.save(commit=False)
    organisation.full_clean()
    organisation.save()
    return organisation


@login_required
def organisation_list(request: HttpRequest) -> HttpResponse:
    _require(request)
    organisations = Organisation.objects.order_by("-active", "name")
    return render(request, "team/organisations.html", {"organisations": organisations})


@login_required
def organisation_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    _require(request)
    organisation = get_object_or_404(Organisation, pk=pk) if pk else None
    form = OrganisationForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        saved = organisation_save(form=form)
        messages.success(request, f"{saved.name}: saved")
        return redirect("organisations")
    title = f"Change {organisation.name}" if organisation else "Add an organisation"
    return render(request, "team/organisation_form.html", {"form": form, "title": title})


urlpatterns = [
    path("organisations/", organisation_list, name="organisations"),
    path("organisations/new/", organisation_edit, name="organisation-create"),
    path("organisations/<int:pk>/", organisation_edit, name="organisation-edit"),
]
