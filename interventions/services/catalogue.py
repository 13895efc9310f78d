"""Adding and changing the interventions in the catalogue: the team lead's settings."""

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from assessments.measures import INSTRUMENTS
from interventions import permissions
from interventions.models import DeliveryRequirement, Enrolment, Format, Programme, Session, SessionKind
from piew.services import save_validated
from team.models import Level, User

ONLY_TEAM_LEAD = "Only the team lead can change the catalogue"
PROGRAMME_FIELDS = (
    "code", "name", "description", "formats", "minimum_attended", "uses_cycles", "default_cycles",
    "uses_licence_codes", "uses_video", "measures_before", "measures_after", "caseload_weight",
    "delivered_by_partner", "active",
)


def _refuse_unless_lead(by: User) -> None:
    if not permissions.can_edit_catalogue(by):
        raise PermissionDenied(ONLY_TEAM_LEAD)


def _measure_errors(fields: dict[str, Any]) -> dict[str, str]:
    errors = {}
    for name in ("measures_before", "measures_after"):
        chosen = fields.get(name)
        if chosen is not None and (not isinstance(chosen, list) or set(chosen) - set(INSTRUMENTS)):
            errors[name] = "Choose measures from the list"
    return errors


def _kind_errors(kinds: list[dict]) -> list[str]:
    names = [kind["name"].strip().casefold() for kind in kinds]
    errors = [f"Give each kind of session its own name: “{kind['name']}” is used twice"
              for position, kind in enumerate(kinds) if names.index(names[position]) != position]
    errors += [f"Enter how many “{kind['name']}” sessions there are, 1 or more"
               for kind in kinds if not kind.get("expected")]
    return errors


def _minimum_errors(programme: Programme, kinds: list[dict] | None) -> dict[str, str]:
    """Completion cannot ask for more attended sessions than the intervention expects."""
    if kinds is None:
        kinds = [{"expected": kind.expected, "with_family": kind.with_family}
                 for kind in programme.session_kinds.all()] if programme.pk else []
    with_family = sum(kind["expected"] or 0 for kind in kinds if kind.get("with_family", True))
    if programme.minimum_attended is not None and programme.minimum_attended > with_family:
        return {"minimum_attended": (
            f"The sessions attended to count as completed cannot be more than the {with_family} "
            f"session{'s' if with_family != 1 else ''} with the family it expects")}
    return {}


def _code_errors(programme: Programme, fields: dict[str, Any]) -> dict[str, str]:
    code = fields.get("code")
    if programme.pk and code is not None and code != programme.code and programme.enrolments.exists():
        return {"code": f"The code cannot change: families are enrolled in {programme}"}
    return {}


def _format_errors(programme: Programme, fields: dict[str, Any]) -> dict[str, str]:
    """A format that families still taking part are enrolled in must stay: their enrolments are
    checked against the intervention's formats whenever they change."""
    formats = fields.get("formats")
    if not programme.pk or not isinstance(formats, list):
        return {}
    in_use = set(programme.enrolments.filter(status__in=Enrolment.OPEN).values_list("format", flat=True))
    dropped = [label for value, label in Format.choices if value in in_use - set(formats)]
    if dropped:
        return {"formats": (f"Families still taking part are enrolled as {' and '.join(dropped).lower()}: "
                            "keep that format until their enrolments end")}
    return {}


def _save_kinds(programme: Programme, kinds: list[dict], by: User) -> None:
    """Make the programme's kinds of session match the list: an entry with an ``id`` changes that
    kind, one without adds a kind, and a kind left out is removed unless sessions use it."""
    existing = {kind.pk: kind for kind in programme.session_kinds.all()}
    unknown = [kind["id"] for kind in kinds if kind.get("id") and kind["id"] not in existing]
    if unknown:
        raise ValidationError({"session_kinds": "Choose kinds of session of this intervention"})
    kept = {kind.get("id") for kind in kinds}
    for kind in existing.values():
        if kind.pk in kept:
            continue
        if Session.objects.filter(kind=kind).exists():
            raise ValidationError({"session_kinds": (
                f"Sessions are booked as “{kind.name}”, so it cannot be removed. Keep it, or rename it")})
        kind._history_user = by
        kind.delete()
    for position, entry in enumerate(kinds):
        kind = existing.get(entry.get("id")) or SessionKind(programme=programme)
        kind._history_user = by
        save_validated(kind, name=entry["name"].strip(), expected=entry["expected"],
                       with_family=entry.get("with_family", True), position=position)


def _save_requirements(programme: Programme, requirements: Iterable[dict], by: User) -> None:
    """Make the delivery requirements match the list of competencies and minimum levels."""
    wanted = {entry["competency"].pk: entry for entry in requirements}
    for requirement in programme.delivery_requirements.all():
        entry = wanted.pop(requirement.competency_id, None)
        requirement._history_user = by
        if entry is None:
            requirement.delete()
        elif entry["minimum_level"] != requirement.minimum_level:
            save_validated(requirement, minimum_level=entry["minimum_level"])
    for entry in wanted.values():
        requirement = DeliveryRequirement(programme=programme, competency=entry["competency"])
        requirement._history_user = by
        save_validated(requirement, minimum_level=entry["minimum_level"])


def _requirement_errors(requirements: list[dict] | None) -> dict[str, str]:
    if requirements is None:
        return {}
    competencies = [entry["competency"].pk for entry in requirements]
    if len(competencies) != len(set(competencies)):
        return {"delivery_requirements": "Give each competency one minimum level"}
    levels = (Level.AWARE, Level.SKILLED, Level.EXPERT)
    if any(entry["minimum_level"] not in levels for entry in requirements):
        return {"delivery_requirements": "Choose a minimum level of 1, 2 or 3 for each competency"}
    return {}


def _save(programme: Programme, *, by: User, fields: dict[str, Any], session_kinds: list[dict] | None,
          requirements: list[dict] | None) -> Programme:
    unknown = set(fields) - set(PROGRAMME_FIELDS)
    if unknown:
        raise ValueError(f"Not a catalogue field: {', '.join(sorted(unknown))}")
    errors = (_code_errors(programme, fields) | _format_errors(programme, fields) | _measure_errors(fields)
              | _requirement_errors(requirements))
    if session_kinds is not None and (kind_errors := _kind_errors(session_kinds)):
        errors["session_kinds"] = kind_errors
    for name, value in fields.items():
        setattr(programme, name, value)
    errors = _minimum_errors(programme, session_kinds) | errors
    if errors:
        raise ValidationError(errors)
    programme._history_user = by
    save_validated(programme)
    if session_kinds is not None:
        _save_kinds(programme, session_kinds, by)
    if requirements is not None:
        _save_requirements(programme, requirements, by)
    return programme


@transaction.atomic
def programme_create(*, by: User, session_kinds: list[dict] | None = None,
                     requirements: list[dict] | None = None, **fields: Any) -> Programme:
    """Add an intervention to the catalogue with its kinds of session (``name``, ``expected``,
    ``with_family``) and who may deliver it (``competency``, ``minimum_level``)."""
    _refuse_unless_lead(by)
    return _save(Programme(), by=by, fields=fields, session_kinds=session_kinds or [],
                 requirements=requirements or [])


@transaction.atomic
def programme_update(*, programme: Programme, by: User, session_kinds: list[dict] | None = None,
                     requirements: list[dict] | None = None, **fields: Any) -> Programme:
    """Change an intervention. Kinds of session or requirements left as None stay as they are.
    The code cannot change once families are enrolled: the returns count by it."""
    _refuse_unless_lead(by)
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    return _save(programme, by=by, fields=fields, session_kinds=session_kinds, requirements=requirements)
