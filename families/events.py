"""The chronology sources of the families app: cases, notes, alerts and record changes."""

from collections.abc import Iterable, Iterator

from django.db.models import Model, QuerySet

from families.chronology import Event, register
from families.models import Alert, AlertRecipient, Caregiver, Case, CaseNote, Child, Family
from families.policy import can_read_case_notes, can_read_team_record
from team.models import User

HISTORY_TYPES = {"+": "added", "~": "changed", "-": "removed"}
UNTRACKED = {"history_id", "history_date", "history_type", "history_user", "history_change_reason",
             "history_user_id", "id"}


def _sentence_case(text: str) -> str:
    """Lower-case the first letter only, so "PIEW" stays as the team writes it."""
    return text[:1].lower() + text[1:]


def _actor(user: User | None) -> str:
    return str(user) if user else "The system"


@register
def case_events(*, family: Family, user: User) -> Iterator[Event]:
    for case in family.cases.select_related("opened_by", "key_worker"):
        worker = f"Key worker: {case.key_worker}" if case.key_worker else "No key worker yet"
        yield Event(case.opened_at, "Case", "Case opened", worker, _actor(case.opened_by))
        if case.closed_at:
            detail = f"{case.get_closure_reason_display()}. {case.closure_note}".strip()
            yield Event(case.closed_at, "Case", "Case closed", detail)


@register
def note_events(*, family: Family, user: User) -> Iterator[Event]:
    if not can_read_case_notes(user, family):
        return
    for note in family.notes.select_related("author"):
        yield Event(note.written_at, "Case note", "Case note", note.text, _actor(note.author))


@register
def alert_events(*, family: Family, user: User) -> Iterator[Event]:
    if not can_read_team_record(user, family):
        return
    for alert in family.alerts.select_related("raised_by"):
        yield Event(alert.raised_at, "Alert", f"Alert raised: {alert.title}", alert.detail,
                    _actor(alert.raised_by))
    acknowledged = AlertRecipient.objects.filter(
        alert__family=family, acknowledged_at__isnull=False
    ).select_related("alert", "user")
    for row in acknowledged:
        yield Event(row.acknowledged_at, "Alert", f"Alert acknowledged: {row.alert.title}",
                    row.action_taken, _actor(row.user))


def _changed_fields(previous: Model | None, current: Model) -> list[str]:
    if previous is None:
        return []
    return [
        field.verbose_name
        for field in current._meta.fields
        if field.attname not in UNTRACKED
        and getattr(previous, field.attname) != getattr(current, field.attname)
    ]


def _describe(row: Model) -> str:
    """A short name for the changed record that needs no further query."""
    instance = row.instance
    for attribute in ("full_name", "display_name", "title", "reference"):
        if hasattr(instance, attribute):
            return f": {getattr(instance, attribute)}"
    return ""


def _history_events(rows: QuerySet, label: str) -> Iterator[Event]:
    previous_by_id: dict[int, Model] = {}
    for row in rows.select_related("history_user").order_by("history_date", "history_id"):
        changed = _changed_fields(previous_by_id.get(row.id), row)
        previous_by_id[row.id] = row
        if row.history_type == "~" and not changed:
            continue
        detail = f"Changed: {', '.join(changed)}" if changed else ""
        title = f"{label} {HISTORY_TYPES[row.history_type]}{_describe(row)}"
        yield Event(row.history_date, "Record change", title, detail, _actor(row.history_user))


def _history_sources(family: Family, user: User) -> Iterable[tuple[QuerySet, str]]:
    yield Family.history.filter(id=family.pk), "Family record"
    yield Caregiver.history.filter(family_id=family.pk), "Parent or carer"
    yield Child.history.filter(family_id=family.pk), "Baby"
    yield Case.history.filter(family_id=family.pk), "Case"
    if can_read_team_record(user, family):
        yield Alert.history.filter(family_id=family.pk), "Alert"
    if can_read_case_notes(user, family):
        yield CaseNote.history.filter(family_id=family.pk), "Case note"


@register
def record_history_events(*, family: Family, user: User) -> Iterator[Event]:
    for rows, label in _history_sources(family, user):
        yield from _history_events(rows, label)


@register
def consent_events(*, family: Family, user: User) -> Iterator[Event]:
    if not can_read_team_record(user, family):
        return
    records = family.consents.select_related("caregiver", "organisation", "recorded_by")
    for record in records:
        partner = f" with {record.organisation}" if record.organisation_id else ""
        yield Event(
            record.recorded_at, "Consent",
            f"Consent {record.get_decision_display().lower()}: "
            f"{_sentence_case(record.get_purpose_display())}{partner}",
            f"{record.caregiver.full_name}, {record.get_method_display().lower()}, "
            f"on {record.decided_on:%-d %B %Y}. {record.note}".strip(),
            _actor(record.recorded_by),
        )
