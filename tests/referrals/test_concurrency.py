"""Two administrators accept the same referral at the same moment: exactly one succeeds."""

import threading

import pytest
from django.db import connection, connections

from families.models import Case, Family
from referrals import services
from referrals.models import Referral
from referrals.transitions import Status
from team.roles import Role
from tests.factories import ReferralFactory, UserFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql",
                       reason="needs PostgreSQL's row locks (CI runs it)"),
]


def _accept_in_own_connection(referral_id, user, barrier, results):
    try:
        barrier.wait()
        services.referral_accept(referral_id=referral_id, by=user)
        results.append(("accepted", user.username))
    except services.TransitionRefused as refused:
        results.append(("refused", str(refused)))
    except Exception as error:  # noqa: BLE001 - reported by the assertion below
        results.append(("error", repr(error)))
    finally:
        connections.close_all()


def test_two_concurrent_accepts_exactly_one_wins():
    referral = ReferralFactory()
    karen = UserFactory(username="karen", first_name="Karen", last_name="Dale",
                        role=Role.ADMIN_ASSISTANT)
    helen = UserFactory(username="helen", role=Role.TEAM_LEAD)
    barrier, results = threading.Barrier(2), []
    threads = [threading.Thread(target=_accept_in_own_connection,
                                args=(referral.pk, user, barrier, results))
               for user in (karen, helen)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    outcomes = sorted(kind for kind, _ in results)
    assert outcomes == ["accepted", "refused"]
    winner = next(detail for kind, detail in results if kind == "accepted")
    message = next(detail for kind, detail in results if kind == "refused")
    assert "Accepted: awaiting first contact" in message
    assert "Nothing was changed" in message
    referral.refresh_from_db()
    assert referral.status == Status.AWAITING_CONTACT
    assert referral.triaged_by.username == winner
    assert Family.objects.count() == 1
    assert Case.objects.count() == 1
    triagers = set(Referral.history.filter(id=referral.pk).exclude(triaged_by=None)
                   .values_list("triaged_by__username", flat=True))
    assert triagers == {winner}
