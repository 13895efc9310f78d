"""Enrolling a family in an intervention, starting it, and ending it (the one place it ends)."""

import datetime
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from families.consent import consent_is_given, family_consent_state
from families.models import Caregiver, Case, ConsentRecord
from interventions import hooks, permissions
from interventions.models import DeliveryOverride, Enrolment, Programme, Reminder, Session, VideoRecording
from interventions.models.video import RETENTION_DAYS
from interventions.qualification import delivery_refusal
from piew.services import save_validated
from team.models import User

OVERRIDE_ONLY_TEAM_LEAD = ("Only the team lead can allow someone to deliver an intervention they are not "
                           "qualified for")


def _refuse_unless(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _consent_errors(caregivers: list[Caregiver]) -> list[str]:
    return [f"{caregiver.full_name} has not given consent to take part. Record their consent first"
            for caregiver in caregivers
            if not consent_is_given(caregiver=caregiver, purpose=ConsentRecord.Purpose.TAKING_PART)]


def _check_practitioner(*, programme: Programme, practitioner: User, family, by: User,
                        override_reason: str) -> str:
    """The override reason to log, or "" when none is needed; raises when refused."""
    if not permissions.can_deliver_to(practitioner, family):
        raise ValidationError({"practitioner": (
            f"{practitioner.get_full_name() or practitioner} cannot see {family.reference}'s record. "
            "Choose the family's key worker, the clinical psychologist or the team lead, or reallocate "
            "the case first")})
    refusal = delivery_refusal(programme=programme, practitioner=practitioner)
    if refusal is None:
        return ""
    if not override_reason.strip():
        raise ValidationError({"practitioner": refusal})
    if not permissions.is_team_lead(by):
        raise ValidationError({"override_reason": OVERRIDE_ONLY_TEAM_LEAD})
    return override_reason.strip()


@transaction.atomic
def enrol(*, case: Case, programme: Programme, caregivers: Iterable[Caregiver], practitioner: User,
          format: str, by: User, goals: str = "", planned_cycles: int | None = None,
          starts_on: datetime.date | None = None, override_reason: str = "") -> Enrolment:
    """Enrol the case's parents or carers in the intervention with the practitioner.

    Refused without each parent's consent to take part, for a closed case, for an intervention
    no longer offered, when the family is already in it, and when the practitioner is not
    qualified to deliver it (unless the team lead allows it with a reason, which is logged).
    """
    case = Case.objects.select_for_update().select_related("family").get(pk=case.pk)
    family = case.family
    _refuse_unless(permissions.can_enrol(by, family), "You cannot enrol this family")
    caregivers = list(caregivers)
    errors: dict[str, list[str]] = {}
    if case.closed_at is not None:
        errors["case"] = [f"The case for {family.reference} is closed: open a new case first"]
    if not programme.active:
        errors["programme"] = [f"{programme} is no longer offered"]
    elif case.enrolments.filter(programme=programme, status__in=Enrolment.OPEN).exists():
        errors["programme"] = [f"{family.reference} is already enrolled in {programme}"]
    if not caregivers:
        errors["caregivers"] = ["Choose the parents or carers taking part"]
    elif any(caregiver.family_id != family.pk for caregiver in caregivers):
        errors["caregivers"] = ["Choose parents or carers from this family"]
    elif consent_errors := _consent_errors(caregivers):
        errors["caregivers"] = consent_errors
    if errors:
        raise ValidationError(errors)
    override = _check_practitioner(programme=programme, practitioner=practitioner, family=family, by=by,
                                   override_reason=override_reason)
    if programme.uses_cycles and planned_cycles is None:
        planned_cycles = programme.default_cycles
    started = starts_on is not None and starts_on <= timezone.localdate()
    status = Enrolment.Status.ACTIVE if started else Enrolment.Status.WAITING
    enrolment = save_validated(Enrolment(
        case=case, programme=programme, practitioner=practitioner, format=format, goals=goals,
        planned_cycles=planned_cycles if programme.uses_cycles else None, starts_on=starts_on,
        status=status, enrolled_by=by))
    enrolment.caregivers.set(caregivers)
    if override:
        DeliveryOverride.objects.create(programme=programme, practitioner=practitioner, enrolment=enrolment,
                                        reason=override, decided_by=by)
    return enrolment


@transaction.atomic
def enrolment_update(*, enrolment: Enrolment, by: User, **fields) -> Enrolment:
    """Change the goals, the planned cycles or the practitioner of an open enrolment."""
    enrolment = Enrolment.objects.select_for_update().select_related("case__family", "programme").get(
        pk=enrolment.pk)
    _refuse_unless(permissions.can_end(by, enrolment), "You cannot change this enrolment")
    if not enrolment.is_open:
        raise ValidationError(f"This enrolment ended on {enrolment.ended_on:%-d %B %Y}. Nothing was changed")
    practitioner = fields.get("practitioner")
    override_reason = fields.pop("override_reason", "")
    override = ""
    if practitioner is not None and practitioner.pk != enrolment.practitioner_id:
        override = _check_practitioner(programme=enrolment.programme, practitioner=practitioner,
                                       family=enrolment.case.family, by=by, override_reason=override_reason)
    planned = fields.get("planned_cycles")
    if planned is not None and enrolment.programme.uses_cycles:
        cycles = enrolment.sessions.exclude(cycle=None).order_by("-cycle").values_list("cycle", flat=True)
        highest = cycles.first()
        if highest and planned < highest:
            raise ValidationError({"planned_cycles": (
                f"Sessions are already booked in cycle {highest}: plan at least {highest} cycles")})
    save_validated(enrolment, **fields)
    if override:
        DeliveryOverride.objects.create(programme=enrolment.programme, practitioner=practitioner,
                                        enrolment=enrolment, reason=override, decided_by=by)
    return enrolment


def start_if_waiting(enrolment: Enrolment, *, on: datetime.date) -> None:
    """A waiting enrolment starts on the day its first session is attended."""
    if enrolment.status == Enrolment.Status.WAITING:
        enrolment.status = Enrolment.Status.ACTIVE
        enrolment.starts_on = enrolment.starts_on or on
        enrolment.save(update_fields=["status", "starts_on"])


@transaction.atomic
def enrolment_start(*, enrolment: Enrolment, by: User, starts_on: datetime.date | None = None) -> Enrolment:
    enrolment = Enrolment.objects.select_for_update().select_related("case__family").get(pk=enrolment.pk)
    _refuse_unless(permissions.can_end(by, enrolment), "You cannot change this enrolment")
    if enrolment.status != Enrolment.Status.WAITING:
        raise ValidationError(f"This enrolment is {enrolment.get_status_display().lower()}, not waiting")
    start_if_waiting(enrolment, on=starts_on or timezone.localdate())
    return enrolment


def attended_count(enrolment: Enrolment) -> int:
    """Sessions with the family that the family attended: what completion counts."""
    return enrolment.sessions.filter(attendance=Session.Attendance.ATTENDED).filter(
        Q(kind__isnull=True) | Q(kind__with_family=True)).count()


def _completion_errors(enrolment: Enrolment) -> dict[str, str]:
    programme = enrolment.programme
    attended = attended_count(enrolment)
    if attended < programme.minimum_attended:
        return {"outcome": (
            f"{programme} counts as completed after {programme.minimum_attended} attended sessions, and "
            f"{attended} {'has' if attended == 1 else 'have'} been attended. Record the sessions, or end it "
            "early and say why")}
    finished_online = enrolment.licence_codes.filter(completed_on__isnull=False).exists()
    if programme.uses_licence_codes and not finished_online:
        return {"outcome": "Mark the parent's licence code as completed first, or end it early and say why"}
    return {}


def keeps_clips(enrolment: Enrolment) -> bool:
    """Clips are kept for training only if every parent taking part agreed, as their latest say."""
    state = family_consent_state(family=enrolment.case.family)
    return all(
        (record := state.get((caregiver_id, ConsentRecord.Purpose.KEEP_CLIPS, None))) is not None
        and record.decision == ConsentRecord.Decision.GIVEN
        for caregiver_id in enrolment.caregivers.values_list("pk", flat=True))


def schedule_clip_deletion(enrolment: Enrolment) -> None:
    """Give the enrolment's recordings their deletion date now that it has ended."""
    recordings = VideoRecording.objects.filter(enrolment=enrolment, deleted_at__isnull=True)
    if keeps_clips(enrolment):
        recordings.update(keep_for_training=True, delete_after=None)
    else:
        recordings.update(keep_for_training=False,
                          delete_after=enrolment.ended_on + datetime.timedelta(days=RETENTION_DAYS))


@transaction.atomic
def enrolment_complete(*, enrolment: Enrolment, by: User, completed: bool,
                       ended_on: datetime.date | None = None, end_reason: str = "",
                       end_note: str = "") -> Enrolment:
    """End an enrolment, as completed or early. The one place an enrolment ends.

    Completed needs the intervention's minimum of attended sessions; ending early needs a
    reason. After the commit, every hook registered with ``interventions.hooks`` runs.
    """
    enrolment = Enrolment.objects.select_for_update(of=("self",)).select_related(
        "case__family", "programme").get(pk=enrolment.pk)
    _refuse_unless(permissions.can_end(by, enrolment), "You cannot end this enrolment")
    if not enrolment.is_open:
        raise ValidationError(f"This enrolment was already {enrolment.get_status_display().lower()} on "
                              f"{enrolment.ended_on:%-d %B %Y}. Nothing was changed")
    ended_on = ended_on or timezone.localdate()
    errors = _completion_errors(enrolment) if completed else {}
    if not completed and end_reason not in Enrolment.EndReason.values:
        errors["end_reason"] = "Choose why the enrolment ended early"
    if not completed and end_reason == Enrolment.EndReason.OTHER and not end_note.strip():
        errors["end_note"] = "Say why the enrolment ended"
    if enrolment.starts_on and ended_on < enrolment.starts_on:
        errors["ended_on"] = f"The end date must be on or after the start, {enrolment.starts_on:%-d %B %Y}"
    if ended_on > timezone.localdate():
        errors["ended_on"] = "The end date must be today or in the past"
    if errors:
        raise ValidationError(errors)
    first = enrolment.sessions.filter(attendance=Session.Attendance.ATTENDED).order_by("starts_at").first()
    enrolment.starts_on = enrolment.starts_on or (timezone.localdate(first.starts_at) if first else ended_on)
    save_validated(
        enrolment, status=Enrolment.Status.COMPLETED if completed else Enrolment.Status.ENDED_EARLY,
        ended_on=ended_on, end_reason="" if completed else end_reason, end_note=end_note, ended_by=by)
    Reminder.objects.filter(enrolment=enrolment, resolved_at__isnull=True).update(resolved_at=timezone.now())
    schedule_clip_deletion(enrolment)
    hooks.run_after_commit(enrolment_id=enrolment.pk)
    return enrolment
