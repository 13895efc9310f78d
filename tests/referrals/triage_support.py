"""What the triage page tests share: the roles, reading a page as a person would, and a snapshot
of everything a triage action may change, to assert that a refused one changed nothing."""

import html
import re

from families.models import Case, Family
from referrals.models import Referral
from team.roles import Role
from tests.families.conftest import heading, role_id

__all__ = ["ROLES", "TRIAGE_ROLES", "error_summary", "field_error", "heading", "role_id", "snapshot",
           "text", "date_fields"]

# Every role, plus a signed-in user who holds none.
ROLES = [*Role, None]
TRIAGE_ROLES = frozenset({Role.ADMIN_ASSISTANT, Role.TEAM_LEAD})


def text(response) -> str:
    """The page's text, tags removed and whitespace collapsed."""
    body = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", response.content.decode(), flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", body))).strip()


def error_summary(response) -> list[str]:
    """The messages in the GOV.UK error summary at the top of the page."""
    found = re.search(r"govuk-error-summary__list\">(.*?)</ul>", response.content.decode(), flags=re.S)
    if not found:
        return []
    items = re.findall(r"<li>(.*?)</li>", found.group(1), flags=re.S)
    return [html.unescape(re.sub(r"<[^>]+>", "", item)).strip() for item in items]


def field_error(response, name: str) -> str:
    """The error message shown at the field, or ''."""
    page = response.content.decode()
    hidden = '<span class="govuk-visually-hidden">Error:</span>'
    found = re.search(rf'id="id_{name}_1_error"[^>]*>\s*{hidden}(.*?)</span>', page, flags=re.S)
    return html.unescape(re.sub(r"\s+", " ", found.group(1))).strip() if found else ""


def snapshot(referral: Referral) -> dict:
    """Everything about a referral a triage action could change, and the families and cases."""
    row = Referral.objects.filter(pk=referral.pk).values(
        "status", "triaged_at", "triaged_by", "decision_note", "family", "closed_at", "duplicate_of",
        "signposted_to",
    ).get()
    return {**row, "families": Family.objects.count(), "cases": Case.objects.count(),
            "history": referral.history.count()}


def date_fields(prefix: str, day) -> dict:
    return {f"{prefix}_0": day.day, f"{prefix}_1": day.month, f"{prefix}_2": day.year}


assert role_id and heading  # re-exported
