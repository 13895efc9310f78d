"""Consultation and supervision notes: who may read and write them, writing them, and their page.

The family itself is reached through the one access policy; these notes are narrower still.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path

from caseloads.forms import ConsultationNoteForm
from caseloads.models import ConsultationNote
from families import policy
from families.models import Case
from families.services import family_access_record
from piew.services import save_validated
from team.models import User
from team.roles import Role


def can_read_consultation_notes(user: User, case: Case) -> bool:
    if not (user.is_authenticated and user.is_active):
        return False
    return user.role in (Role.CLINICAL_PSYCHOLOGIST, Role.TEAM_LEAD) or case.key_worker_id == user.pk


def can_write_consultation_notes(user: User, case: Case) -> bool:
    return user.is_active and user.role == Role.CLINICAL_PSYCHOLOGIST


@transaction.atomic
def consultation_note_add(*, case: Case, author: User, kind: str, text: str) -> ConsultationNote:
    return save_validated(ConsultationNote(case=case, author=author), kind=kind, text=text)


def _case(request: HttpRequest, case_pk: int) -> Case:
    """404 unless the user may see the family and read these notes."""
    case = get_object_or_404(Case.objects.select_related("family", "key_worker"), pk=case_pk)
    policy.family_get_for_user(user=request.user, pk=case.family_id)
    if not can_read_consultation_notes(request.user, case):
        raise Http404("No notes found")
    return case


@login_required
def consultation_notes(request: HttpRequest, case_pk: int) -> HttpResponse:
    case = _case(request, case_pk)
    can_write = can_write_consultation_notes(request.user, case)
    form = ConsultationNoteForm(request.POST or None) if can_write else None
    if request.method == "POST":
        if not can_write:
            raise Http404("No notes found")
        if form.is_valid():
            consultation_note_add(case=case, author=request.user, **form.cleaned_data)
            messages.success(request, "Note added")
            return redirect("caseloads:consultation", case_pk=case.pk)
    else:
        family_access_record(family=case.family, user=request.user, page="Consultation notes")
    notes = case.consultation_notes.select_related("author")
    return render(request, "caseloads/consultation.html", {"case": case, "notes": notes, "form": form})


urlpatterns = [
    path("cases/<int:case_pk>/consultation/", consultation_notes, name="consultation"),
]
