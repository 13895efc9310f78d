"""The team lead's pages: competencies and targets, audit rounds, a person's skills and the
training that is running out."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from team.models import AuditRound, Competency, User
from team.skills import selectors, services
from team.skills.lead_forms import AuditRoundForm, CompetencyForm
from team.skills.views.common import form_page, posted, require_lead

ONE_OPEN_ROUND = "An audit round is already open. Close it before opening another"


@login_required
def competency_list(request: HttpRequest) -> HttpResponse:
    require_lead(request)
    return render(request, "team/skills/competencies.html",
                  {"competencies": selectors.competencies_with_targets()})


@login_required
def competency_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    require_lead(request)
    competency = get_object_or_404(Competency, pk=pk) if pk else None
    form = CompetencyForm(posted(request), instance=competency)

    def save():
        if competency is None:
            return services.competency_create(by=request.user, targets=form.targets(),
                                              **form.competency_fields())
        return services.competency_update(competency=competency, by=request.user,
                                          targets=form.targets(), **form.competency_fields())

    back = (reverse("skills:competencies"), "Back to competencies")
    title = f"Change {competency.name}" if competency else "Add a competency"
    return form_page(request, form, title=title, save=save, done=back[0], back=back)


@login_required
def round_list(request: HttpRequest) -> HttpResponse:
    require_lead(request)
    return render(request, "team/skills/rounds.html",
                  {"rounds": selectors.rounds(), "open_round": selectors.open_round()})


@login_required
def round_open(request: HttpRequest) -> HttpResponse:
    require_lead(request)
    form = AuditRoundForm(posted(request))

    def save():
        try:
            services.audit_round_open(by=request.user, **form.cleaned_data)
        except (IntegrityError, ValidationError):
            raise ValidationError(ONE_OPEN_ROUND) from None

    back = (reverse("skills:rounds"), "Back to audit rounds")
    return form_page(request, form, title="Open an audit round", save=save, back=back,
                     done=back[0], saved="The audit round is open. Everyone can now answer it")


@login_required
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Who has answered the round and who has not."""
    require_lead(request)
    audit_round = get_object_or_404(AuditRound.objects.select_related("opened_by", "closed_by"), pk=pk)
    people = list(selectors.round_participation(audit_round=audit_round))
    context = {
        "audit_round": audit_round, "people": people,
        "answered": sum(1 for person in people if person.responded_at),
    }
    return render(request, "team/skills/round_detail.html", context)


@login_required
@require_POST
def round_close(request: HttpRequest, pk: int) -> HttpResponse:
    require_lead(request)
    audit_round = get_object_or_404(AuditRound, pk=pk)
    if services.audit_round_close(audit_round=audit_round, by=request.user):
        messages.success(request, f"{audit_round.title} is closed. Answers can no longer change")
    return redirect("skills:round", pk=audit_round.pk)


@login_required
def person_skills(request: HttpRequest, pk: int) -> HttpResponse:
    """Everything the skills audit holds about one person."""
    require_lead(request)
    person = get_object_or_404(User.objects.select_related("profile__organisation"), pk=pk)
    audit_round = selectors.latest_round()
    context = {
        "person": person, "audit_round": audit_round,
        "response": audit_round and selectors.response_for(audit_round=audit_round, person=person),
        "records": selectors.training_records_of(person=person),
        "cpd_entries": selectors.cpd_entries_of(person=person),
        "cpd_hours": selectors.cpd_hours_of(person=person),
        "invitations": selectors.invitations_of(person=person),
    }
    return render(request, "team/skills/person.html", context)


@login_required
def expiring_training(request: HttpRequest) -> HttpResponse:
    require_lead(request)
    today = timezone.localdate()
    records = selectors.expiring_training(today=today)
    return render(request, "team/skills/expiring.html", {"records": records, "today": today})
