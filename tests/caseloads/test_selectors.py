"""Waiting list, My caseload and Team caseloads: the figures, and a constant number of queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from caseloads import selectors
from caseloads.models import CasePlan
from interventions.models import Programme
from referrals.models import ContactAttempt
from tests.caseloads.conftest import assessed_case
from tests.factories import AcceptedReferralFactory, CaseNoteFactory, ClosedCaseFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_waiting_list_oldest_first_with_days_recommendation_and_risks(team_lead, health_visitor):
    newer = assessed_case(days_ago=2)
    older = assessed_case(days_ago=9, interventions=("triple_p_baby", "peer_support"), risk_safeguarding=True)
    assessed_case(key_worker=health_visitor)  # allocated: not waiting
    assessed_case(interventions=(), no_further_action=True)  # nothing more to do: not waiting
    ClosedCaseFactory()  # closed, never assessed: not waiting
    rows = selectors.waiting_rows()
    assert [case.pk for case in rows] == [older.pk, newer.pk]
    assert (rows[0].days_waiting, rows[0].recommendation, rows[0].risk_flags) == (
        9, ["Triple P Baby", "Peer support"], ["Safeguarding"])
    assert selectors.waiting_summary()["length"] == 2


def test_weights_come_from_the_catalogue(team_lead, health_visitor, piew_worker):
    # Catalogue weights as seeded: VIG 3, Triple P Baby 2, peer support 1.
    for interventions in [("vig",), ("vig", "peer_support"), ("triple_p_baby",), ()]:
        assessed_case(key_worker=health_visitor, interventions=interventions)
    assessed_case(key_worker=piew_worker, interventions=("peer_support",))

    def figures():
        return {row.practitioner.username: (row.open_cases, row.weighted_load, row.capacity,
                                            row.over_capacity)
                for row in selectors.team_caseloads() if row.practitioner.username != "assessor"}

    # hv: 3 + 3 (VIG first) + 2 (Triple P Baby) + 1 (no recommendation)
    assert figures() == {"hv": (4, 9, 10, False), "piew": (1, 1, 12, False)}
    Programme.objects.filter(code="vig").update(caseload_weight=5)
    Programme.objects.filter(code="peer_support").update(caseload_weight=0)
    assert figures() == {"hv": (4, 13, 10, True), "piew": (1, 0, 12, False)}


def test_my_caseload_rows(health_visitor):
    overdue = assessed_case(key_worker=health_visitor)
    later = assessed_case(key_worker=health_visitor)
    today = timezone.localdate()
    yesterday = today - datetime.timedelta(days=1)
    CasePlan.objects.create(case=overdue, next_action="Phone mum", next_action_due=yesterday,
                            updated_by=health_visitor)
    CasePlan.objects.create(case=later, next_action="Visit", next_action_due=today, updated_by=health_visitor)
    noted = timezone.now() - datetime.timedelta(days=5)
    CaseNoteFactory(family=overdue.family, written_at=noted)
    referral = AcceptedReferralFactory(family=later.family)
    attempted = timezone.now() - datetime.timedelta(days=1)
    ContactAttempt.objects.create(referral=referral, attempted_at=attempted, method="phone",
                                  outcome="reached", recorded_by=health_visitor)
    rows = {case.pk: case for case in selectors.caseload_for(practitioner=health_visitor)}
    assert (rows[overdue.pk].overdue, rows[overdue.pk].last_contact) == (True, noted)
    assert (rows[later.pk].overdue, rows[later.pk].last_contact) == (False, attempted)


def _queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries)


def _add_cases(count: int, worker) -> None:
    for number in range(count):
        case = assessed_case(key_worker=worker, risk_safeguarding=number % 2 == 0)
        CasePlan.objects.create(case=case, next_action="Visit", next_action_due=timezone.localdate(),
                                updated_by=worker)
        CaseNoteFactory(family=case.family)
        assessed_case()  # and one waiting


def test_page_query_counts_do_not_grow_with_cases(client_for, team_lead, health_visitor):
    _add_cases(5, health_visitor)
    mine_5 = _queries(client_for(user=health_visitor), "/caseloads/")
    team_5 = _queries(client_for(user=team_lead), "/caseloads/team/")
    waiting_5 = _queries(client_for(user=team_lead), "/caseloads/waiting/")
    _add_cases(20, health_visitor)
    UserFactory()  # not a practitioner: not on the team page
    assert _queries(client_for(user=health_visitor), "/caseloads/") == mine_5
    assert _queries(client_for(user=team_lead), "/caseloads/team/") == team_5
    assert _queries(client_for(user=team_lead), "/caseloads/waiting/") == waiting_5
