"""Every write in the skills audit: one function per action, each in a transaction."""

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from piew.services import save_validated
from team.models import (
    AuditResponse,
    AuditRound,
    Competency,
    CompetencyTarget,
    CourseInvitation,
    CPDEntry,
    PlannedCourse,
    SelfAssessment,
    TrainingRecord,
    User,
)


@transaction.atomic
def competency_create(*, by: User, targets: dict[str, int | None] | None = None, **fields: Any) -> Competency:
    """A new competency, asked about last in the audit."""
    last = Competency.objects.aggregate(last=Max("position"))["last"] or 0
    competency = save_validated(Competency(position=last + 1), **fields)
    competency_targets_set(competency=competency, by=by, targets=targets or {})
    return competency


@transaction.atomic
def competency_update(*, competency: Competency, by: User, targets: dict[str, int | None] | None = None,
                      **fields: Any) -> Competency:
    save_validated(competency, **fields)
    if targets is not None:
        competency_targets_set(competency=competency, by=by, targets=targets)
    return competency


@transaction.atomic
def competency_targets_set(*, competency: Competency, by: User, targets: dict[str, int | None]) -> None:
    """Set the level needed, by kind of organisation ("" for everyone); None removes a target."""
    for kind, level in targets.items():
        existing = CompetencyTarget.objects.select_for_update().filter(
            competency=competency, organisation_kind=kind).first()
        if level is None:
            if existing:
                existing.delete()
        elif existing is None:
            save_validated(CompetencyTarget(competency=competency, organisation_kind=kind, level=level,
                                            set_by=by))
        elif existing.level != level:
            save_validated(existing, level=level, set_by=by, set_at=timezone.now())


@transaction.atomic
def audit_round_open(*, by: User, title: str, closes_on: datetime.date) -> AuditRound:
    """Open a round for everyone to answer. At most one is open (a database constraint)."""
    return save_validated(AuditRound(opened_by=by), title=title, closes_on=closes_on)


@transaction.atomic
def audit_round_close(*, audit_round: AuditRound, by: User) -> bool:
    """Close the round; answers can no longer change. False if it was already closed."""
    return bool(AuditRound.objects.filter(pk=audit_round.pk, closed_at__isnull=True).update(
        closed_at=timezone.now(), closed_by=by))


def _check_levels(levels: dict[int, int]) -> dict[int, Competency]:
    competencies = {c.pk: c for c in Competency.objects.filter(active=True)}
    unknown = set(levels) - set(competencies)
    if unknown:
        raise ValidationError({"assessments": "Answer only the competencies in the audit"})
    missing = [c.name for pk, c in competencies.items() if pk not in levels]
    if missing:
        raise ValidationError({"assessments": f"Select your level for {', '.join(missing)}"})
    return competencies


@transaction.atomic
def audit_response_submit(*, audit_round: AuditRound, person: User, levels: dict[int, int],
                          learning_wishes: str = "") -> AuditResponse:
    """Save the person's answers (competency id -> level) in the open round, replacing earlier ones."""
    locked = AuditRound.objects.select_for_update().get(pk=audit_round.pk)
    if not locked.is_open:
        raise ValidationError("This audit round has closed. Your answers can no longer change")
    competencies = _check_levels(levels)
    response, _ = AuditResponse.objects.get_or_create(audit_round=locked, person=person)
    save_validated(response, submitted_at=timezone.now(), learning_wishes=learning_wishes)
    existing = {a.competency_id: a for a in response.assessments.select_for_update()}
    for pk, level in levels.items():
        assessment = existing.get(pk) or SelfAssessment(response=response, competency=competencies[pk])
        if assessment.pk is None or assessment.level != level:
            save_validated(assessment, level=level)
    return response


def _with_expiry(fields: dict[str, Any]) -> dict[str, Any]:
    """Fills in the expiry date from the competency when none was typed."""
    competency, completed_on = fields.get("competency"), fields.get("completed_on")
    if not fields.get("expires_on") and competency and completed_on:
        return {**fields, "expires_on": competency.expiry_for(completed_on)}
    return fields


@transaction.atomic
def training_record_add(*, person: User, recorded_by: User, **fields: Any) -> TrainingRecord:
    return save_validated(TrainingRecord(person=person, recorded_by=recorded_by), **_with_expiry(fields))


@transaction.atomic
def training_record_update(*, record: TrainingRecord, **fields: Any) -> TrainingRecord:
    """Change a record. A new expiry date is reminded about afresh.

    The record is read again under a lock: a form may already have changed the object passed in.
    """
    stored = TrainingRecord.objects.select_for_update().get(pk=record.pk)
    expires_before = stored.expires_on
    save_validated(stored, **_with_expiry(fields))
    if stored.expires_on != expires_before and stored.reminder_sent_at:
        save_validated(stored, reminder_sent_at=None)
    return stored


@transaction.atomic
def cpd_entry_add(*, person: User, **fields: Any) -> CPDEntry:
    return save_validated(CPDEntry(person=person), **fields)


@transaction.atomic
def cpd_entry_update(*, entry: CPDEntry, **fields: Any) -> CPDEntry:
    return save_validated(entry, **fields)


@transaction.atomic
def course_plan(*, by: User, **fields: Any) -> PlannedCourse:
    return save_validated(PlannedCourse(planned_by=by), **fields)


@transaction.atomic
def course_update(*, course: PlannedCourse, **fields: Any) -> PlannedCourse:
    places = fields.get("places", course.places)
    invited = course.invitations.count()
    if places < invited:
        raise ValidationError({"places": f"{invited} people are invited already. Enter {invited} or more"})
    return save_validated(course, **fields)


@transaction.atomic
def course_invite(*, course: PlannedCourse, people: Iterable[User], by: User) -> list[CourseInvitation]:
    """Invite people to the course, up to its places. Someone invited already stays as they were."""
    locked = PlannedCourse.objects.select_for_update().get(pk=course.pk)
    already = set(locked.invitations.values_list("person_id", flat=True))
    new = [person for person in {p.pk: p for p in people}.values() if person.pk not in already]
    free = locked.places - len(already)
    if len(new) > free:
        raise ValidationError(
            f"The course has {free} place{'s' if free != 1 else ''} left. Select {free} people or fewer")
    return [save_validated(CourseInvitation(course=locked, person=person, invited_by=by)) for person in new]


@transaction.atomic
def course_attendance_record(*, invitation: CourseInvitation, attended: bool | None, completed: bool,
                             by: User) -> CourseInvitation:
    """Record whether the person came and completed the course; completing it adds (or updates)
    their training record, and withdrawing completion removes the record the course made."""
    invitation = CourseInvitation.objects.select_for_update(of=("self",)).select_related(
        "course__competency", "training_record").get(pk=invitation.pk)
    save_validated(invitation, attended=attended, completed=completed)
    if completed:
        _training_from_course(invitation=invitation, by=by)
    elif invitation.training_record:
        record = invitation.training_record
        save_validated(invitation, training_record=None)
        record.delete()
    return invitation


def _training_from_course(*, invitation: CourseInvitation, by: User) -> TrainingRecord:
    course = invitation.course
    fields = {"competency": course.competency, "course": course.title, "provider": course.trainer,
              "completed_on": course.date, "expires_on": None, "source": TrainingRecord.Source.COURSE}
    if invitation.training_record:
        return training_record_update(record=invitation.training_record, **fields)
    record = training_record_add(person=invitation.person, recorded_by=by, **fields)
    save_validated(invitation, training_record=record)
    return record


def training_reminder_claim(*, record_id: int) -> bool:
    """Mark the record reminded, if nobody has yet. Only one caller ever wins."""
    return bool(TrainingRecord.objects.filter(pk=record_id, reminder_sent_at__isnull=True).update(
        reminder_sent_at=timezone.now()))


def training_reminder_release(*, record_id: int) -> None:
    """Undo a claim whose email could not be sent, so the reminder is tried again."""
    TrainingRecord.objects.filter(pk=record_id).update(reminder_sent_at=None)


@transaction.atomic
def course_attendance_save(*, changes: list[tuple[CourseInvitation, bool | None, bool]], by: User) -> int:
    """Record attendance for several people at once: all of it, or none."""
    for invitation, attended, completed in changes:
        course_attendance_record(invitation=invitation, attended=attended, completed=completed, by=by)
    return len(changes)
