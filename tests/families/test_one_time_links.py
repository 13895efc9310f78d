"""One-time links: unguessable, stored only as a hash, used once, and every bad token alike."""

import datetime

import pytest
from django.utils import timezone

from families.models import OneTimeLink
from families.onetime import link_find, link_issue, link_resolve, link_use, links_cancel
from tests.factories import CaregiverFactory

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


@pytest.fixture
def issued():
    return link_issue(caregiver=CaregiverFactory(), purpose=OneTimeLink.Purpose.FEEDBACK, valid_for=28 * DAY)


def test_a_token_carries_at_least_128_bits_and_is_never_stored(issued):
    link, token = issued
    assert len(token) >= 43  # 32 random bytes in URL-safe base64
    stored = OneTimeLink.objects.values_list("token_hash", flat=True).get(pk=link.pk)
    assert token not in stored and len(stored) == 64


def test_the_token_opens_its_link_once(issued):
    link, token = issued
    assert link_resolve(token=token, purpose="feedback") == link
    assert link_use(link=link) is True
    assert link_use(link=link) is False
    assert link_resolve(token=token, purpose="feedback") is None
    assert link_find(token=token, purpose="feedback") == link  # a page can still say "thank you"


@pytest.mark.parametrize("tamper", [
    lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),
    lambda token: token + "x",
    lambda token: "x" * len(token),
    lambda token: "",
    lambda token: "short",
    lambda token: token * 3,
])
def test_a_guessed_or_tampered_token_opens_nothing(issued, tamper):
    _, token = issued
    assert link_find(token=tamper(token), purpose="feedback") is None


def test_a_token_opens_nothing_for_another_purpose(issued):
    _, token = issued
    assert link_resolve(token=token, purpose="measure") is None


def test_an_expired_or_cancelled_link_is_not_usable(issued):
    link, token = issued
    OneTimeLink.objects.filter(pk=link.pk).update(expires_at=timezone.now() - DAY,
                                                  created_at=timezone.now() - 30 * DAY)
    assert link_resolve(token=token, purpose="feedback") is None
    link.refresh_from_db()
    assert link_use(link=link) is False

    other, other_token = link_issue(caregiver=link.caregiver, purpose="feedback", valid_for=DAY)
    links_cancel(caregiver=link.caregiver, purpose="feedback")
    assert link_resolve(token=other_token, purpose="feedback") is None
    other.refresh_from_db()
    assert other.cancelled_at is not None and other.used_at is None
