"""Finding, adding and reading families."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from families import linkage, policy, selectors, services
from families.chronology import categories, family_chronology
from families.consent import family_consent_summary
from families.forms import CaregiverForm, CaseNoteForm, ChildForm, FamilyForm, NewFamilyForm, SearchForm
from families.panels import family_links
from piew.forms import show_service_error


def _record_view(request: HttpRequest, family, page: str) -> None:
    services.family_access_record(family=family, user=request.user, page=page)


@login_required
def family_search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    text = form.cleaned_data["q"] if form.is_valid() else ""
    families = selectors.family_search(user=request.user, text=text)
    page = Paginator(families, settings.PIEW_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form, "query": text, "page": page,
        "can_create": policy.can_create_family(request.user),
    }
    return render(request, "families/search.html", context)


def _new_family_forms(request: HttpRequest) -> dict:
    data = request.POST or None
    return {
        "family_form": FamilyForm(data, embedded=True, prefix="family"),
        "caregiver_form": CaregiverForm(data, embedded=True, prefix="caregiver"),
        "child_form": ChildForm(data, embedded=True, prefix="child", empty_permitted=True,
                                use_required_attribute=False),
        "confirm_form": NewFamilyForm(data, embedded=True, prefix="confirm"),
    }


def _likely_duplicates(forms: dict) -> list:
    caregiver = forms["caregiver_form"].cleaned_data
    return linkage.possible_duplicates(
        first_name=caregiver["first_name"], last_name=caregiver["last_name"],
        date_of_birth=caregiver.get("date_of_birth"), nhs_number=caregiver.get("nhs_number", ""),
        postcode=forms["family_form"].cleaned_data["postcode"],
    )


def _create_family(request: HttpRequest, forms: dict):
    try:
        return services.family_create(
            created_by=request.user,
            family=forms["family_form"].cleaned_data,
            caregiver=forms["caregiver_form"].cleaned_data,
            child=forms["child_form"].cleaned_data or None,
        )
    except ValidationError as error:
        show_service_error(forms["family_form"], error)
        return None


@login_required
def family_create(request: HttpRequest) -> HttpResponse:
    if not policy.can_create_family(request.user):
        raise PermissionDenied
    forms = _new_family_forms(request)
    duplicates = []
    if request.method == "POST" and all(form.is_valid() for form in forms.values()):
        duplicates = _likely_duplicates(forms)
        if not duplicates or forms["confirm_form"].cleaned_data["add_anyway"]:
            family = _create_family(request, forms)
            if family:
                messages.success(request, f"Family {family.reference} added")
                return redirect("families:detail", pk=family.pk)
    context = {
        **forms, "duplicates": duplicates, "all_forms": list(forms.values()),
        "page_has_errors": any(form.errors for form in forms.values()),
    }
    return render(request, "families/create.html", context)


@login_required
def family_detail(request: HttpRequest, pk: int) -> HttpResponse:
    family = selectors.family_detail(user=request.user, pk=pk)
    _record_view(request, family, "Summary")
    can_notes = policy.can_write_case_notes(request.user, family)
    context = {
        "family": family,
        "open_case": family.open_cases[0] if family.open_cases else None,
        "alerts": selectors.family_open_alerts(family=family)
        if policy.can_read_team_record(request.user, family) else [],
        "notes": selectors.family_notes(user=request.user, family=family)[:20],
        "can_read_notes": policy.can_read_case_notes(request.user, family),
        "note_form": CaseNoteForm() if can_notes else None,
        "can_change": policy.can_change_family(request.user, family),
        "can_manage_cases": policy.can_manage_cases(request.user),
        "can_read_history": policy.can_read_record_history(request.user),
        "links": family_links(family=family, user=request.user),
        **_consent_context(request, family),
    }
    return render(request, "families/detail.html", context)


def _consent_context(request: HttpRequest, family) -> dict:
    if not policy.can_read_team_record(request.user, family):
        return {"consent_summary": None}
    return {
        "consent_summary": family_consent_summary(family=family),
        "can_record_consent": policy.can_record_consent(request.user, family),
    }


@login_required
def family_chronology_page(request: HttpRequest, pk: int) -> HttpResponse:
    family = policy.family_get_for_user(user=request.user, pk=pk)
    _record_view(request, family, "Chronology")
    events = family_chronology(family=family, user=request.user)
    chosen = request.GET.get("category", "")
    context = {
        "family": family,
        "events": [event for event in events if not chosen or event.category == chosen],
        "categories": categories(events),
        "chosen": chosen,
        "can_read_history": policy.can_read_record_history(request.user),
    }
    return render(request, "families/chronology.html", context)


@login_required
def family_audit(request: HttpRequest, pk: int) -> HttpResponse:
    """Who changed and who viewed the record: the team lead's audit page."""
    family = policy.family_get_for_user(user=request.user, pk=pk)
    if not policy.can_read_record_history(request.user):
        raise PermissionDenied
    _record_view(request, family, "Audit")
    log = Paginator(selectors.family_access_log(family=family), 50).get_page(request.GET.get("page"))
    context = {"family": family, "log": log, "can_read_history": True}
    return render(request, "families/audit.html", context)


@login_required
@require_POST
def case_note_add(request: HttpRequest, pk: int) -> HttpResponse:
    family = policy.family_get_for_user(user=request.user, pk=pk)
    if not policy.can_write_case_notes(request.user, family):
        raise PermissionDenied
    form = CaseNoteForm(request.POST)
    if form.is_valid():
        services.case_note_add(family=family, author=request.user, text=form.cleaned_data["text"])
        messages.success(request, "Case note added")
        return redirect("families:detail", pk=family.pk)
    return render(request, "families/note_form.html", {"family": family, "form": form})
