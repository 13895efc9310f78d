"""One-time links: issue a link to a parent or carer, resolve a token, use it once.

A token carries 256 bits from ``secrets`` and is shown once, in the link sent to the parent;
only its SHA-256 is stored. Resolving hashes the token presented and finds the link by that
hash, then compares the hashes again in constant time. A guessed, tampered, expired,
cancelled or used token resolves to the same ``None``, so a page never tells them apart.
"""

import datetime
import hashlib
import hmac
import secrets

from django.db import transaction
from django.utils import timezone

from families.models import Caregiver, OneTimeLink
from team.models import User

TOKEN_BYTES = 32


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def link_issue(*, caregiver: Caregiver, purpose: str, valid_for: datetime.timedelta,
               created_by: User | None = None) -> tuple[OneTimeLink, str]:
    """A new link and its token. The token is not kept: put it in the message now."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    now = timezone.now()
    link = OneTimeLink.objects.create(caregiver=caregiver, purpose=purpose, token_hash=_hash(token),
                                      created_at=now, expires_at=now + valid_for, created_by=created_by)
    return link, token


def link_find(*, token: str, purpose: str) -> OneTimeLink | None:
    """The link the token opens, whatever its state, or None when no link has this token."""
    if not isinstance(token, str) or not 20 <= len(token) <= 100:
        return None
    presented = _hash(token)
    link = OneTimeLink.objects.select_related("caregiver").filter(
        token_hash=presented, purpose=purpose).first()
    if link is None or not hmac.compare_digest(link.token_hash, presented):
        return None
    return link


def link_resolve(*, token: str, purpose: str) -> OneTimeLink | None:
    """The link, if the token opens one that is still usable (not used, cancelled or expired)."""
    link = link_find(token=token, purpose=purpose)
    return link if link is not None and link.is_usable else None


def link_use(*, link: OneTimeLink) -> bool:
    """Mark the link used. True for the one caller that did; False if it was already used,
    cancelled or expired (a conditional update, so two submissions cannot both use it)."""
    now = timezone.now()
    used = OneTimeLink.objects.filter(pk=link.pk, used_at__isnull=True, cancelled_at__isnull=True,
                                      expires_at__gt=now).update(used_at=now)
    if used:
        link.used_at = now
    return bool(used)


def links_cancel(*, caregiver: Caregiver, purpose: str) -> int:
    """Cancel the parent's unused links for the purpose (for example when they withdraw consent)."""
    return OneTimeLink.objects.filter(caregiver=caregiver, purpose=purpose, used_at__isnull=True,
                                      cancelled_at__isnull=True).update(cancelled_at=timezone.now())
