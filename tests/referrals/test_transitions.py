"""Every allowed move of a referral works; every other is refused and changes nothing."""

import pytest

from referrals.models import Referral
from referrals.services.state import TransitionRefused, transition
from referrals.transitions import (
    CLOSED_STATUSES,
    TRANSITIONS,
    Action,
    Status,
    actions_from,
    allowed_from,
    target,
)
from tests.factories import ReferralFactory

pytestmark = pytest.mark.django_db

ALLOWED = [(action, status) for action, (sources, _) in TRANSITIONS.items() for status in sources]
REFUSED = [(action, status) for action in Action for status in Status
           if status not in allowed_from(action)]


def _referral_in(status: Status) -> Referral:
    referral = ReferralFactory()
    closed_at = referral.received_at if status in CLOSED_STATUSES else None
    Referral.objects.filter(pk=referral.pk).update(status=status, closed_at=closed_at)
    return Referral.objects.get(pk=referral.pk)


@pytest.mark.parametrize("action, status", ALLOWED)
def test_allowed_moves(action, status):
    referral = _referral_in(status)
    moved = transition(referral_id=referral.pk, action=action)
    assert moved.status == target(action)
    assert Referral.objects.get(pk=referral.pk).status == target(action)
    assert moved.history.count() == 2


@pytest.mark.parametrize("action, status", REFUSED)
def test_refused_moves_change_nothing(action, status):
    referral = _referral_in(status)
    with pytest.raises(TransitionRefused) as refused:
        transition(referral_id=referral.pk, action=action)
    assert "Nothing was changed" in str(refused.value)
    assert Referral.objects.get(pk=referral.pk).status == status
    assert referral.history.count() == 1


def test_closing_states_stamp_the_closing_time():
    referral = _referral_in(Status.NEW)
    declined = transition(referral_id=referral.pk, action=Action.DECLINE, decision_note="Out of area")
    assert declined.closed_at is not None


def test_the_actions_offered_match_the_table():
    assert actions_from(Status.NEW) == [Action.ACCEPT, Action.REQUEST_INFO, Action.DECLINE,
                                        Action.SIGNPOST, Action.MARK_DUPLICATE]
    assert actions_from(Status.DUPLICATE) == []
