"""Every write to outcome measures: recording an administration, its pair and its risk alert."""

import datetime
import re
import uuid

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from assessments import measures
from assessments.outcome_models import (
    PAIRED_TIME_POINTS,
    MeasureAdministration,
    MeasureAlertEmail,
    MeasureRequest,
)
from assessments.outcome_tasks import REMOTE_VALID_FOR, send_measure_alert_email, send_measure_request  # noqa: F401
from families.models import Alert, Caregiver, Case, OneTimeLink
from families.onetime import link_use
from families.services import alert_raise
from interventions.models import Enrolment
from piew.services import save_validated
from team.models import User
from team.roles import Role

ALERT_TITLE = "Risk item answered on an outcome measure: read the measure and act today"
RECOVERY_PAIR = {"PHQ9": "GAD7", "GAD7": "PHQ9"}
_ITEMS = re.compile(r"\bitems? ((?:\d+(?:, )?)+)")


def item_errors(message: str) -> dict[str, str]:
    """A scoring error keyed by the item(s) it names (``item_3``), or by ``answers``."""
    found = _ITEMS.search(message)
    if not found:
        return {"answers": message}
    numbers = [number for number in found.group(1).split(", ") if number]
    return {f"item_{number}": message for number in numbers}


def _scored(instrument: measures.Instrument, answers, total) -> tuple[list, measures.Score]:
    if instrument.totals_only:
        try:
            return [], measures.score_total(instrument.code, total)
        except ValueError as error:
            raise ValidationError({"total": str(error)}) from None
    try:
        return list(answers), measures.score(instrument.code, answers)
    except ValueError as error:
        raise ValidationError(item_errors(str(error))) from None
    except TypeError:
        raise ValidationError(
            {"answers": f"{instrument.code}: answers must be a list, one per item"}
        ) from None


def _instrument(code: str) -> measures.Instrument:
    try:
        return measures.get(code)
    except ValueError as error:
        raise ValidationError({"instrument": str(error)}) from None


def _pair_filter(row: MeasureAdministration) -> Q:
    scope = Q(enrolment=row.enrolment) if row.enrolment_id else Q(enrolment__isnull=True, case=row.case)
    return scope & Q(caregiver=row.caregiver, instrument=row.instrument)


def _already_recorded(row: MeasureAdministration) -> None:
    if row.time_point not in PAIRED_TIME_POINTS:
        return
    if MeasureAdministration.objects.filter(_pair_filter(row), time_point=row.time_point).exists():
        where = "this enrolment" if row.enrolment_id else "this case outside an enrolment"
        raise ValidationError(
            {
                "time_point": (
                    f"A {row.get_time_point_display().lower()} {row.instrument} is already recorded for "
                    f"{row.caregiver.full_name} in {where}. Choose another time point"
                )
            }
        )


@transaction.atomic
def administration_record(
    *,
    caregiver: Caregiver,
    case: Case,
    instrument: str,
    time_point: str,
    completed_on: datetime.date,
    method: str,
    recorded_by: User | None,
    administered_by: User | None = None,
    enrolment: Enrolment | None = None,
    answers: list | None = None,
    total: float | None = None,
    submission_key: uuid.UUID | None = None,
) -> MeasureAdministration:
    """Score and store one measure. A risk item answered raises one alert, at once.

    Sending the same ``submission_key`` again returns the administration already recorded.
    """
    if submission_key:
        existing = MeasureAdministration.objects.filter(submission_key=submission_key).first()
        if existing and existing.caregiver_id == caregiver.pk:
            return existing
        if existing:
            raise ValidationError({"submission_key": "This submission key was used for another record"})
    chosen = _instrument(instrument)
    stored_answers, result = _scored(chosen, answers if answers is not None else [], total)
    row = MeasureAdministration(
        caregiver=caregiver,
        case=case,
        enrolment=enrolment,
        instrument=chosen.code,
        time_point=time_point,
        completed_on=completed_on,
        method=method,
        administered_by=administered_by,
        answers=stored_answers,
        total=result.total,
        subscales=dict(result.subscales),
        band=result.band,
        flags=list(result.flags),
        prorated=result.prorated,
        submission_key=submission_key,
    )
    if enrolment is not None and not enrolment.caregivers.filter(pk=caregiver.pk).exists():
        raise ValidationError(
            {
                "enrolment": f"{caregiver.full_name} is not enrolled in {enrolment.programme.name}: "
                "choose another intervention or none"
            }
        )
    _already_recorded(row)
    try:
        with transaction.atomic():
            row = save_validated(row)
    except IntegrityError:
        raise ValidationError(
            {
                "time_point": "This administration was recorded at the same moment by "
                "someone else. Check the family's outcomes"
            }
        ) from None
    if pair_refresh(row=row):
        row.refresh_from_db()
    if row.flags:
        _raise_risk_alert(row, recorded_by)
    return row


def _change(end: MeasureAdministration, baseline: MeasureAdministration) -> dict:
    if baseline.total is None or end.total is None:
        return {"change": None, "reliable": "", "clinically_significant": None}
    try:
        result = measures.change(end.instrument, baseline.total, end.total)
    except ValueError:
        # No published reliable change threshold: the change is kept, without a verdict.
        return {
            "change": round(end.total - baseline.total, 6),
            "reliable": "",
            "clinically_significant": None,
        }
    return {
        "change": result.delta,
        "reliable": result.reliable,
        "clinically_significant": result.clinically_significant,
    }


def pair_refresh(*, row: MeasureAdministration) -> MeasureAdministration | None:
    """Pair the row's baseline and end, if both are recorded, and store the change on the end."""
    if row.time_point not in PAIRED_TIME_POINTS:
        return None
    both = {
        a.time_point: a
        for a in MeasureAdministration.objects.filter(_pair_filter(row), time_point__in=PAIRED_TIME_POINTS)
    }
    end, baseline = both.get("end"), both.get("baseline")
    if not (end and baseline):
        return None
    save_validated(end, baseline=baseline, **_change(end, baseline))
    if end.instrument in RECOVERY_PAIR:
        _recovery_refresh(end)
    return end


def _recovery_refresh(end: MeasureAdministration) -> None:
    """NHS Talking Therapies recovery across the caregiver's PHQ-9 and GAD-7 pairs."""
    scope = Q(enrolment=end.enrolment) if end.enrolment_id else Q(enrolment__isnull=True, case=end.case)
    other = (
        MeasureAdministration.objects.filter(
            scope,
            caregiver=end.caregiver,
            instrument=RECOVERY_PAIR[end.instrument],
            time_point="end",
            baseline__isnull=False,
        )
        .select_related("baseline")
        .first()
    )
    if other is None:
        return
    phq, gad = (end, other) if end.instrument == "PHQ9" else (other, end)
    result = measures.recovery(phq.baseline.total, phq.total, gad.baseline.total, gad.total)
    for row in (phq, gad):
        save_validated(row, recovered=result.recovered, reliable_recovery=result.reliable_recovery)


def alert_recipients(*, case: Case) -> list[User]:
    """The case's key worker and the active clinical psychologist(s)."""
    psychologists = User.objects.filter(is_active=True, groups__name=Role.CLINICAL_PSYCHOLOGIST.value)
    people = list(psychologists.distinct().order_by("pk"))
    if case.key_worker_id and case.key_worker.is_active:
        people.insert(0, case.key_worker)
    return list({user.pk: user for user in people}.values())


def _raise_risk_alert(row: MeasureAdministration, by: User | None) -> None:
    recipients = alert_recipients(case=row.case)
    kind = Alert.Kind.SAFEGUARDING if measures.SAFEGUARDING_RISK in row.flags else Alert.Kind.RISK
    # Everyone who reads the family's alerts sees the title: it says where to look, not what.
    alert = alert_raise(
        family=row.case.family, kind=kind, recipients=recipients, raised_by=by, title=ALERT_TITLE
    )
    save_validated(row, risk_alert=alert)
    for user in recipients:
        email = MeasureAlertEmail.objects.create(administration=row, recipient=user)
        transaction.on_commit(lambda email_id=email.pk: send_measure_alert_email.delay(email_id))


class LinkNotUsable(Exception):
    """The one-time link was used, cancelled or expired while the answers were being sent."""


def remote_instruments() -> list[measures.Instrument]:
    """Measures a parent may complete on their own: item text may be shown, and every item has it."""
    return [
        instrument
        for _, instrument in sorted(measures.INSTRUMENTS.items())
        if instrument.item_text_allowed
        and not instrument.totals_only
        and all(i.text for i in instrument.items)
    ]


@transaction.atomic
def measure_request_send(
    *,
    caregiver: Caregiver,
    case: Case,
    instrument: str,
    time_point: str,
    by: User,
    enrolment: Enrolment | None = None,
) -> MeasureRequest:
    """Ask a parent or carer to complete a measure from a one-time link sent by email."""
    chosen = _instrument(instrument)
    if chosen.code not in {allowed.code for allowed in remote_instruments()}:
        raise ValidationError(
            {
                "instrument": f"{chosen.code} cannot be completed online: its licence does not "
                "allow its questions to be shown. Record it face to face"
            }
        )
    if not caregiver.email:
        raise ValidationError({"caregiver": f"{caregiver.full_name} has no email address: add one first"})
    if enrolment is not None and enrolment.case_id != case.pk:
        raise ValidationError({"enrolment": "Choose an enrolment of this family's case"})
    row = save_validated(
        MeasureRequest(
            caregiver=caregiver,
            case=case,
            enrolment=enrolment,
            instrument=chosen.code,
            time_point=time_point,
            requested_by=by,
        )
    )
    transaction.on_commit(lambda: send_measure_request.delay(row.pk))
    return row


def measure_request_for_link(link: OneTimeLink) -> MeasureRequest | None:
    return MeasureRequest.objects.select_related("caregiver", "case").filter(link=link).first()


@transaction.atomic
def measure_request_complete(*, link: OneTimeLink, answers: list) -> MeasureAdministration:
    """Record the parent's answers as self-completed online, and use the link up.

    Raises ValidationError for answers that cannot be scored (the link stays usable) and
    LinkNotUsable if the link was used, cancelled or expired meanwhile.
    """
    row = MeasureRequest.objects.select_for_update().select_related("caregiver", "case").get(link=link)
    if row.administration_id:
        raise LinkNotUsable
    if not link_use(link=link):
        raise LinkNotUsable
    administration = administration_record(
        caregiver=row.caregiver,
        case=row.case,
        enrolment=row.enrolment,
        instrument=row.instrument,
        time_point=row.time_point,
        completed_on=timezone.localdate(),
        method=MeasureAdministration.Method.ONLINE,
        recorded_by=None,
        administered_by=None,
        answers=answers,
    )
    save_validated(row, administration=administration)
    return administration
