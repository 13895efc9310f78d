"""Licence codes for the online programmes: imported in batches, issued to one parent once,
then marked as started and completed."""

import datetime
from collections import Counter

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from families.consent import consent_is_given
from families.models import Caregiver, ConsentRecord
from interventions import permissions, tasks
from interventions.models import Enrolment, LicenceCode, Programme
from piew.services import save_validated
from team.models import User

MAX_CODE_LENGTH = LicenceCode._meta.get_field("code").max_length


def _named(codes) -> str:
    return ", ".join(sorted(codes))


def _import_errors(programme: Programme, batch: str, codes: list[str],
                   expires_on: datetime.date | None) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not programme.uses_licence_codes:
        errors["programme"] = [f"{programme} does not use licence codes"]
    if not batch:
        errors["batch"] = ["Enter the order or batch the codes came in"]
    if expires_on and expires_on < timezone.localdate():
        errors["expires_on"] = ["The licence expiry date must be today or in the future"]
    if not codes:
        errors["codes"] = ["Enter the licence codes, one on each line"]
        return errors
    too_long = [code for code in codes if len(code) > MAX_CODE_LENGTH]
    repeated = [code for code, count in Counter(codes).items() if count > 1]
    known = LicenceCode.objects.filter(code__in=codes).values_list("code", flat=True)
    messages = []
    if too_long:
        messages.append(f"Codes must be {MAX_CODE_LENGTH} characters or fewer: {_named(too_long)}")
    if repeated:
        messages.append(f"These codes are in the list more than once: {_named(repeated)}")
    if known:
        messages.append(f"These codes have already been imported: {_named(known)}")
    if messages:
        errors["codes"] = [*messages, "No codes were imported"]
    return errors


@transaction.atomic
def licence_codes_import(*, programme: Programme, batch: str, codes: str, by: User,
                         expires_on: datetime.date | None = None) -> list[LicenceCode]:
    """Add a batch of codes, one per line: all of them, or none when any is refused."""
    if not permissions.is_team_lead(by):
        raise PermissionDenied("Only the team lead imports licence codes")
    batch = batch.strip()
    lines = [line.strip() for line in codes.splitlines()]
    lines = [line for line in lines if line]
    errors = _import_errors(programme, batch, lines, expires_on)
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            return [save_validated(LicenceCode(programme=programme, code=code, batch=batch,
                                               expires_on=expires_on, imported_by=by)) for code in lines]
    except IntegrityError:  # imported by someone else a moment ago
        raise ValidationError({"codes": ["Some of these codes were imported a moment ago by someone else. "
                                         "No codes were imported"]}) from None


def codes_available(programme: Programme, today: datetime.date | None = None) -> QuerySet[LicenceCode]:
    """Codes not yet issued and not expired, oldest first."""
    today = today or timezone.localdate()
    return LicenceCode.objects.filter(programme=programme, issued_at__isnull=True).filter(
        Q(expires_on__isnull=True) | Q(expires_on__gte=today)).order_by("imported_at", "pk")


def _issue_errors(enrolment: Enrolment, caregiver: Caregiver) -> dict[str, str]:
    if not enrolment.programme.uses_licence_codes:
        return {"caregiver": f"{enrolment.programme} does not use licence codes"}
    if not enrolment.is_open:
        return {"caregiver": f"This enrolment ended on {enrolment.ended_on:%-d %B %Y}: no code can be issued"}
    if not enrolment.caregivers.filter(pk=caregiver.pk).exists():
        return {"caregiver": "Choose a parent or carer taking part in this enrolment"}
    issued = enrolment.licence_codes.filter(caregiver=caregiver).first()
    if issued is not None:
        return {"caregiver": f"{caregiver.full_name} already has a code for this enrolment, issued on "
                             f"{timezone.localtime(issued.issued_at):%-d %B %Y}"}
    if not caregiver.email:
        return {"caregiver": f"{caregiver.full_name} has no email address. Add it to their details first"}
    if not consent_is_given(caregiver=caregiver, purpose=ConsentRecord.Purpose.TAKING_PART):
        return {"caregiver": f"{caregiver.full_name} has not given consent to take part. "
                             "Record their consent first"}
    return {}


def _claim(enrolment: Enrolment, caregiver: Caregiver, by: User) -> LicenceCode | None:
    """The oldest available code, claimed for the parent. Only one row is locked, and rows
    another issue holds are skipped; the conditional update means a code is only ever claimed
    once, even where rows are not locked."""
    for _ in range(5):
        code = codes_available(enrolment.programme).select_for_update(skip_locked=True).first()
        if code is None:
            return None
        claimed = LicenceCode.objects.filter(pk=code.pk, issued_at__isnull=True).update(
            enrolment=enrolment, caregiver=caregiver, issued_by=by, issued_at=timezone.now())
        if claimed:
            code.refresh_from_db()
            code.save()  # the claim in the code's history
            return code
    return None


@transaction.atomic
def licence_issue(*, enrolment: Enrolment, caregiver: Caregiver, by: User) -> LicenceCode:
    """Give the parent the oldest unissued code for the enrolment's programme, and email it to
    them once the issue is saved. A parent gets at most one code per enrolment."""
    enrolment = Enrolment.objects.select_for_update(of=("self",)).select_related(
        "programme", "case__family").get(pk=enrolment.pk)
    if not permissions.can_end(by, enrolment):
        raise PermissionDenied("You cannot issue licence codes for this family")
    errors = _issue_errors(enrolment, caregiver)
    if errors:
        raise ValidationError(errors)
    code = _claim(enrolment, caregiver, by)
    if code is None:
        raise ValidationError({"caregiver": f"There are no unused {enrolment.programme} licence codes left. "
                                            "Ask the team lead to import more"})
    transaction.on_commit(lambda: tasks.send_licence_code.delay(code.pk))
    return code


def _locked_licence(licence: LicenceCode, by: User) -> LicenceCode:
    licence = LicenceCode.objects.select_for_update(of=("self",)).select_related(
        "enrolment__case__family", "caregiver").get(pk=licence.pk)
    if licence.enrolment is None or not permissions.can_end(by, licence.enrolment):
        raise PermissionDenied("You cannot change this licence code")
    return licence


def _check_date(value: datetime.date, *, after: datetime.date, after_label: str, field: str) -> None:
    if value > timezone.localdate():
        raise ValidationError({field: "The date must be today or in the past"})
    if value < after:
        raise ValidationError({field: f"The date must be on or after {after_label}, {after:%-d %B %Y}"})


@transaction.atomic
def licence_mark_redeemed(*, licence: LicenceCode, redeemed_on: datetime.date, by: User) -> LicenceCode:
    """The parent started the online programme with the code."""
    licence = _locked_licence(licence, by)
    if licence.completed_on:
        raise ValidationError({"redeemed_on": "This code is already marked as completed"})
    _check_date(redeemed_on, after=timezone.localdate(licence.issued_at),
                after_label="the date it was issued", field="redeemed_on")
    return save_validated(licence, redeemed_on=redeemed_on)


@transaction.atomic
def licence_mark_completed(*, licence: LicenceCode, completed_on: datetime.date, by: User) -> LicenceCode:
    """The parent finished the online programme."""
    licence = _locked_licence(licence, by)
    if licence.redeemed_on is None:
        raise ValidationError({"completed_on": "Mark the date the parent started the programme first"})
    _check_date(completed_on, after=licence.redeemed_on, after_label="the date they started",
                field="completed_on")
    return save_validated(licence, completed_on=completed_on)


def licence_stock(today: datetime.date | None = None) -> list[dict]:
    """For each programme with licence codes: how many are available, expired unused, issued,
    started and completed."""
    today = today or timezone.localdate()
    unissued = Q(licence_codes__issued_at__isnull=True)
    unexpired = Q(licence_codes__expires_on__isnull=True) | Q(licence_codes__expires_on__gte=today)
    programmes = Programme.objects.filter(uses_licence_codes=True).annotate(
        available=Count("licence_codes", filter=unissued & unexpired),
        expired=Count("licence_codes", filter=unissued & ~unexpired),
        issued=Count("licence_codes", filter=Q(licence_codes__issued_at__isnull=False)),
        redeemed=Count("licence_codes", filter=Q(licence_codes__redeemed_on__isnull=False)),
        completed=Count("licence_codes", filter=Q(licence_codes__completed_on__isnull=False)),
    ).order_by("name")
    return list(programmes)


def licences_issued() -> QuerySet[LicenceCode]:
    return LicenceCode.objects.filter(issued_at__isnull=False).select_related(
        "programme", "enrolment__case__family", "caregiver").order_by("-issued_at", "-pk")


def masked(code: str) -> str:
    """A code as lists show it: only its last four characters."""
    return f"••••{code[-4:]}"
