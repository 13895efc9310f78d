"""The catalogue pages: every team role reads the interventions and who may deliver them; the
team lead adds and changes them, and reads the log of decisions to let someone unqualified
deliver one."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path

from interventions import catalogue_selectors as selectors
from interventions import permissions
from interventions.forms.catalogue import ProgrammeForm
from interventions.models import Programme
from interventions.services.catalogue import programme_create, programme_update
from piew.forms import show_service_error

OVERRIDES_PER_PAGE = 50


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


@login_required
def catalogue(request: HttpRequest) -> HttpResponse:
    _require(permissions.can_read_catalogue(request.user))
    programmes = list(selectors.programmes())
    qualified = selectors.qualified_staff(catalogue=programmes)
    rows = [(programme, qualified.get(programme.pk)) for programme in programmes]
    return render(request, "interventions/catalogue_list.html", {
        "rows": rows, "can_edit": permissions.can_edit_catalogue(request.user)})


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require(permissions.can_read_catalogue(request.user))
    programme = get_object_or_404(selectors.programmes(), pk=pk)
    qualified = selectors.qualified_staff(catalogue=[programme]).get(programme.pk)
    is_lead = permissions.can_edit_catalogue(request.user)
    requirements = [(req.competency.name, req.competency.level_label(req.minimum_level))
                    for req in programme.delivery_requirements.all()]
    context = {"programme": programme, "qualified": qualified, "can_edit": is_lead,
               "requirements": requirements,
               "last_change": programme.history.select_related("history_user").first() if is_lead else None,
               "overrides": list(selectors.delivery_overrides(programme=programme)[:10]) if is_lead else []}
    return render(request, "interventions/catalogue_detail.html", context)


def _edit_page(request: HttpRequest, programme: Programme | None) -> HttpResponse:
    _require(permissions.can_edit_catalogue(request.user))
    form = ProgrammeForm(request.POST if request.method == "POST" else None,
                         instance=Programme.objects.get(pk=programme.pk) if programme else None)
    if request.method == "POST" and form.is_valid():
        arguments = {"by": request.user, "session_kinds": form.kinds, "requirements": form.requirements(),
                     **form.programme_fields()}
        try:
            saved = (programme_update(programme=programme, **arguments) if programme
                     else programme_create(**arguments))
        except ValidationError as error:
            show_service_error(form, error)
        else:
            messages.success(request, f"{saved} saved")
            return redirect("interventions:catalogue-detail", pk=saved.pk)
    title = f"Change {programme}" if programme else "Add an intervention"
    return render(request, "interventions/catalogue_form.html",
                  {"form": form, "title": title, "programme": programme})


@login_required
def add(request: HttpRequest) -> HttpResponse:
    return _edit_page(request, None)


@login_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    _require(permissions.can_edit_catalogue(request.user))
    return _edit_page(request, get_object_or_404(Programme, pk=pk))


@login_required
def overrides(request: HttpRequest) -> HttpResponse:
    _require(permissions.can_edit_catalogue(request.user))
    page = Paginator(selectors.delivery_overrides(), OVERRIDES_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "interventions/catalogue_overrides.html", {"page": page})


urls = [
    path("catalogue/", catalogue, name="catalogue"),
    path("catalogue/add/", add, name="catalogue-add"),
    path("catalogue/overrides/", overrides, name="catalogue-overrides"),
    path("catalogue/<int:pk>/", detail, name="catalogue-detail"),
    path("catalogue/<int:pk>/edit/", edit, name="catalogue-edit"),
]
