"""Reads of family records, always through the access policy."""

import re
from datetime import date, datetime

from django.db.models import Prefetch, Q, QuerySet, Value
from django.db.models.functions import Replace, Upper

from families.models import Alert, AlertRecipient, Case, CaseNote, Family, FamilyAccessLog
from families.policy import can_read_case_notes, families_visible_to, family_get_for_user
from team.models import User

DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d", "%d %B %Y", "%d %b %Y", "%d.%m.%Y")


def parse_search_date(text: str) -> date | None:
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    return None


def _name_filter(text: str) -> Q:
    """Every word must appear in a parent's, carer's or baby's first or last name."""
    condition = Q()
    for word in text.split():
        condition &= (
            Q(caregivers__first_name__icontains=word)
            | Q(caregivers__last_name__icontains=word)
            | Q(children__first_name__icontains=word)
            | Q(children__last_name__icontains=word)
        )
    return condition


def _search_filter(text: str) -> Q:
    day = parse_search_date(text)
    if day:
        return Q(caregivers__date_of_birth=day) | Q(children__date_of_birth=day)
    compact = re.sub(r"[\s-]", "", text).upper()
    if compact.isdigit():
        return Q(caregivers__nhs_number__contains=compact) | Q(children__nhs_number__contains=compact)
    condition = _name_filter(text)
    if re.fullmatch(r"[A-Z]{1,2}[0-9][A-Z0-9]*", compact):
        condition |= Q(compact_postcode__contains=compact)
    return condition


def _with_summary(families: QuerySet[Family]) -> QuerySet[Family]:
    open_cases = Case.objects.filter(closed_at__isnull=True).select_related("key_worker")
    return families.select_related("hub").prefetch_related(
        "caregivers", "children", Prefetch("cases", queryset=open_cases, to_attr="open_cases")
    )


def family_search(*, user: User, text: str) -> QuerySet[Family]:
    """Families the user may see that match a name, NHS number, postcode or date of birth."""
    families = families_visible_to(user).annotate(
        compact_postcode=Upper(Replace("postcode", Value(" "), Value("")))
    )
    if text.strip():
        matching = families.filter(_search_filter(text)).values("pk")
        families = families.filter(pk__in=matching)
    return _with_summary(families).order_by("-created_at", "-pk")


def family_detail(*, user: User, pk: int) -> Family:
    """The family with everything its summary page shows, or 404."""
    family = family_get_for_user(user=user, pk=pk)
    return _with_summary(Family.objects.filter(pk=family.pk)).get()


def family_notes(*, user: User, family: Family) -> QuerySet[CaseNote]:
    if not can_read_case_notes(user, family):
        return CaseNote.objects.none()
    return family.notes.select_related("author")


def family_open_alerts(*, family: Family) -> QuerySet[Alert]:
    """Alerts someone has still to acknowledge."""
    waiting = AlertRecipient.objects.select_related("user")
    return (
        family.alerts.filter(recipients__acknowledged_at__isnull=True)
        .distinct()
        .select_related("raised_by")
        .prefetch_related(Prefetch("recipients", queryset=waiting))
    )


def alerts_for_user(*, user: User) -> QuerySet[AlertRecipient]:
    """The user's own alerts still to acknowledge, on families they may see."""
    return AlertRecipient.objects.filter(
        user=user, acknowledged_at__isnull=True, alert__family__in=families_visible_to(user)
    ).select_related("alert", "alert__family")


def family_access_log(*, family: Family) -> QuerySet[FamilyAccessLog]:
    return family.access_log.select_related("user")
