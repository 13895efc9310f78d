"""A person's own skills: answering the audit, their training records and their CPD log.

The team lead uses the same record pages for anyone's records."""

from pathlib import PurePath

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import slugify

from piew.forms import show_service_error
from team.models import TrainingRecord, User
from team.skills import permissions, selectors, services
from team.skills.forms import AuditForm, CPDEntryForm, TrainingRecordForm
from team.skills.uploads import content_type_of
from team.skills.views.common import files, form_page, posted, require_lead, require_participant


@login_required
def my_skills(request: HttpRequest) -> HttpResponse:
    require_participant(request)
    audit_round = selectors.open_round()
    context = {
        "audit_round": audit_round,
        "response": audit_round and selectors.response_for(audit_round=audit_round, person=request.user),
        "records": selectors.training_records_of(person=request.user),
        "cpd_entries": selectors.cpd_entries_of(person=request.user),
        "cpd_hours": selectors.cpd_hours_of(person=request.user),
        "invitations": selectors.invitations_of(person=request.user),
    }
    return render(request, "team/skills/mine.html", context)


@login_required
def audit_answer(request: HttpRequest) -> HttpResponse:
    """The open audit round's questions, with the person's earlier answers filled in."""
    require_participant(request)
    audit_round = selectors.open_round()
    if audit_round is None:
        return render(request, "team/skills/audit.html", {"audit_round": None})
    response = selectors.response_for(audit_round=audit_round, person=request.user)
    competencies = list(selectors.competencies_with_targets(active_only=True))
    form = AuditForm(posted(request), competencies=competencies, response=response)
    if request.method == "POST" and form.is_valid():
        try:
            services.audit_response_submit(
                audit_round=audit_round, person=request.user, levels=form.levels(),
                learning_wishes=form.cleaned_data["learning_wishes"])
        except ValidationError as error:
            show_service_error(form, error)
        else:
            messages.success(request, f"Your answers to {audit_round.title} are saved")
            return redirect("skills:mine")
    return render(request, "team/skills/audit.html",
                  {"audit_round": audit_round, "form": form, "response": response})


def _records_page(request: HttpRequest, person: User) -> tuple[str, str]:
    """Where to go back to after changing the person's records, and its name."""
    if person.pk == request.user.pk:
        return reverse("skills:mine"), "Back to my skills"
    return reverse("skills:person", args=[person.pk]), f"Back to {person}'s skills"


def _person_for_new_record(request: HttpRequest, person_pk: int | None) -> User:
    if person_pk is None or person_pk == request.user.pk:
        require_participant(request)
        return request.user
    require_lead(request)
    return get_object_or_404(User, pk=person_pk)


@login_required
def training_add(request: HttpRequest, person_pk: int | None = None) -> HttpResponse:
    person = _person_for_new_record(request, person_pk)
    form = TrainingRecordForm(posted(request), files(request))
    back = _records_page(request, person)
    return form_page(
        request, form, title="Add training", back=back, done=back[0], saved="Training added",
        caption="" if person == request.user else str(person),
        save=lambda: services.training_record_add(
            person=person, recorded_by=request.user, **form.record_fields()))


@login_required
def training_edit(request: HttpRequest, pk: int) -> HttpResponse:
    record = permissions.get_visible(
        permissions.training_records_visible_to(request.user).select_related("person"), pk)
    form = TrainingRecordForm(posted(request), files(request), instance=record)
    back = _records_page(request, record.person)
    return form_page(
        request, form, title=f"Change {record.course}", back=back, done=back[0],
        caption="" if record.person == request.user else str(record.person),
        save=lambda: services.training_record_update(record=record, **form.record_fields()))


@login_required
def certificate_download(request: HttpRequest, pk: int) -> HttpResponse:
    """The certificate, to the person and the team lead only. Files are never served directly."""
    record: TrainingRecord = permissions.get_visible(
        permissions.training_records_visible_to(request.user), pk)
    if not record.certificate:
        raise Http404("No certificate")
    try:
        handle = record.certificate.open("rb")
    except FileNotFoundError:
        raise Http404("No certificate") from None
    extension = PurePath(record.certificate.name).suffix.lower()
    return FileResponse(handle, as_attachment=True, content_type=content_type_of(record.certificate.name),
                        filename=f"certificate-{slugify(record.course) or record.pk}{extension}")


@login_required
def cpd_add(request: HttpRequest) -> HttpResponse:
    require_participant(request)
    form = CPDEntryForm(posted(request))
    return form_page(
        request, form, title="Add to my CPD log", back=(reverse("skills:mine"), "Back to my skills"),
        done=reverse("skills:mine"), saved="CPD entry added",
        save=lambda: services.cpd_entry_add(person=request.user, **form.cleaned_data))


@login_required
def cpd_edit(request: HttpRequest, pk: int) -> HttpResponse:
    entry = permissions.get_visible(
        permissions.cpd_entries_visible_to(request.user).select_related("person"), pk)
    form = CPDEntryForm(posted(request), instance=entry)
    back = _records_page(request, entry.person)
    return form_page(
        request, form, title=f"Change {entry.activity}", back=back, done=back[0],
        caption="" if entry.person == request.user else str(entry.person),
        save=lambda: services.cpd_entry_update(entry=entry, **form.cleaned_data))
