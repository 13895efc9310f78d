"""Pairs, change at each threshold, recovery, the family's outcome page and the team's summary."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments import measures
from assessments.outcome_models import MeasureAdministration
from assessments.outcome_selectors import outcomes_summary
from families.models import FamilyAccessLog
from team.roles import Role
from tests.assessments.outcome_world import epds, gad7, measures_world_fixture, phq9  # noqa: F401
from tests.conftest import sign_in
from tests.interventions.conftest import consenting_case, enrolled

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "pre, post, reliable, significant",
    [
        (16, 12, "improved", True),  # a fall of exactly 4, from 13+ to below 13
        (16, 13, "no_reliable_change", False),  # a fall of 3
        (14, 10, "improved", True),
        (17, 13, "improved", False),  # reliable, but still at the cut-off
        (8, 12, "deteriorated", False),  # a rise of exactly 4
        (8, 11, "no_reliable_change", False),
    ],
)
def test_epds_change_at_the_thresholds_is_stored_on_the_end(measures_world, pre, post, reliable, significant):
    baseline = measures_world.record("EPDS", "baseline", answers=epds(pre), days_ago=60)
    end = measures_world.record("EPDS", "end", answers=epds(post))
    end.refresh_from_db()
    assert (end.baseline, end.change, end.reliable, end.clinically_significant) == (
        baseline,
        post - pre,
        reliable,
        significant,
    )
    expected = measures.change("EPDS", pre, post)
    assert (end.change, end.reliable) == (expected.delta, expected.reliable)


def test_an_end_recorded_before_its_baseline_is_paired_when_the_baseline_arrives(measures_world):
    end = measures_world.record("EPDS", "end", answers=epds(5))
    assert end.baseline is None
    baseline = measures_world.record("EPDS", "baseline", answers=epds(15), days_ago=90)
    end.refresh_from_db()
    assert (end.baseline, end.change, end.reliable) == (baseline, -10, "improved")


def test_pairs_are_per_caregiver_and_per_enrolment(measures_world):
    measures_world.record("EPDS", "baseline", answers=epds(15))
    measures_world.record("EPDS", "end", answers=epds(5), caregiver=measures_world.father)
    measures_world.record("EPDS", "end", answers=epds(5), enrolment=None)
    assert not MeasureAdministration.objects.filter(baseline__isnull=False).exists()


def test_a_measure_without_a_threshold_keeps_its_change_without_a_verdict(measures_world):
    measures_world.record("PIRGAS", "baseline", total=35)
    end = measures_world.record("PIRGAS", "end", total=60)
    assert (end.change, end.reliable, end.clinically_significant) == (25, "", None)


@pytest.mark.parametrize(
    "phq, gad, recovered, reliable_recovery",
    [
        ((15, 9), (12, 7), True, True),  # PHQ-9 falls 6 (reliable), both below caseness at the end
        ((15, 10), (12, 7), False, False),  # PHQ-9 still at caseness
        ((15, 10), (12, 4), False, False),
        ((12, 9), (9, 7), True, False),  # recovered, but neither fall is reliable
        ((5, 3), (5, 2), None, False),  # not a case at the start
    ],
)
def test_phq9_and_gad7_pairs_give_recovery(measures_world, phq, gad, recovered, reliable_recovery):
    measures_world.record("PHQ9", "baseline", answers=phq9(phq[0]), days_ago=60)
    measures_world.record("GAD7", "baseline", answers=gad7(gad[0]), days_ago=60)
    measures_world.record("PHQ9", "end", answers=phq9(phq[1]))
    measures_world.record("GAD7", "end", answers=gad7(gad[1]))
    expected = measures.recovery(phq[0], phq[1], gad[0], gad[1])
    for row in MeasureAdministration.objects.filter(time_point="end"):
        assert (row.recovered, row.reliable_recovery) == (expected.recovered, expected.reliable_recovery)
        assert (row.recovered, row.reliable_recovery) == (recovered, reliable_recovery)


def test_the_outcome_page_shows_the_pair_the_chart_and_the_table(measures_world, client):
    measures_world.record("EPDS", "baseline", answers=epds(16), days_ago=60)
    measures_world.record("EPDS", "end", answers=epds(12))
    sign_in(client, measures_world.key_worker)
    page = client.get(
        reverse("assessments:family-outcomes", args=[measures_world.family.pk])
    ).content.decode()
    assert page.count('<svg class="app-chart"') == 1 and "<polyline" in page
    assert "Reliably improved" in page and ">-4<" in page
    assert page.count("govuk-table__row") >= 4  # headers, the pair, the two administrations
    assert FamilyAccessLog.objects.filter(user=measures_world.key_worker, page="Outcome measures").exists()


def _outcome_queries(world, client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("assessments:family-outcomes", args=[world.family.pk]))
    assert response.status_code == 200
    return len(queries)


def test_the_outcome_page_queries_do_not_grow_with_the_measures(measures_world, client):
    sign_in(client, measures_world.key_worker)
    measures_world.record("EPDS", "baseline", answers=epds(16), days_ago=60)
    measures_world.record("EPDS", "end", answers=epds(12))
    few = _outcome_queries(measures_world, client)
    for caregiver in (measures_world.mother, measures_world.father):
        measures_world.record("PHQ9", "baseline", answers=phq9(15), days_ago=60, caregiver=caregiver)
        measures_world.record("PHQ9", "end", answers=phq9(7), caregiver=caregiver)
        measures_world.record("GAD7", "mid", answers=gad7(9), days_ago=20, caregiver=caregiver)
    measures_world.record("EPDS", "end", answers=epds(3), enrolment=None, caregiver=measures_world.father)
    assert _outcome_queries(measures_world, client) == few


def _pair(world, case, enrolment, code, pre, post, caregiver=None):
    make = {"EPDS": epds, "PHQ9": phq9, "GAD7": gad7}[code]
    caregiver = caregiver or case.family.caregivers.first()
    world.case, world.enrolment = case, enrolment
    world.record(code, "baseline", answers=make(pre), days_ago=60, caregiver=caregiver)
    world.record(code, "end", answers=make(post), caregiver=caregiver)


def test_the_summary_on_a_known_fixture(measures_world):
    w = measures_world
    vig_case, vig = w.case, w.enrolment
    _pair(w, vig_case, vig, "EPDS", 16, 12)  # improved, -4
    _pair(w, vig_case, vig, "EPDS", 10, 16, caregiver=w.father)  # deteriorated, +6
    other = consenting_case(key_worker=w.key_worker)
    _pair(w, other, enrolled(case=other, code="vig", practitioner=w.key_worker), "EPDS", 20, 19)  # no change
    third = consenting_case(key_worker=w.key_worker)
    solihull = enrolled(case=third, code="solihull_perinatal_plus", practitioner=w.key_worker)
    _pair(w, third, solihull, "PHQ9", 15, 9)
    _pair(w, third, solihull, "GAD7", 12, 7)
    w.record("EPDS", "baseline", answers=epds(20), caregiver=third.family.caregivers.first())  # unpaired
    rows = {(row["instrument"], row["intervention"]): row for row in outcomes_summary()}
    epds_vig = rows[("EPDS", "Video Interaction Guidance")]
    assert (epds_vig["pairs"], epds_vig["mean_change"]) == (3, 0.33)
    assert (epds_vig["improved"], epds_vig["deteriorated"], epds_vig["judged"]) == (1, 1, 3)
    assert (epds_vig["improved_share"], epds_vig["deteriorated_share"]) == (33.3, 33.3)
    assert epds_vig["recovered_share"] is None
    phq = rows[("PHQ9", "Solihull Approach Perinatal Plus")]
    assert (
        phq["pairs"],
        phq["mean_change"],
        phq["improved_share"],
        phq["recovered_share"],
        phq["reliably_recovered_share"],
    ) == (1, -6, 100.0, 100.0, 100.0)
    assert set(rows) == {
        ("EPDS", "Video Interaction Guidance"),
        ("PHQ9", "Solihull Approach Perinatal Plus"),
        ("GAD7", "Solihull Approach Perinatal Plus"),
    }


@pytest.mark.parametrize(
    "role, status",
    [
        (Role.TEAM_LEAD, 200),
        (Role.CLINICAL_PSYCHOLOGIST, 200),
        (Role.HEALTH_VISITOR, 404),
        (Role.PIEW_WORKER, 404),
        (Role.ADMIN_ASSISTANT, 404),
        (Role.PARTNER, 404),
        (Role.VIEWER, 404),
    ],
)
def test_who_may_read_the_summary(measures_world, client, make_user, role, status):
    measures_world.record("EPDS", "baseline", answers=epds(16), days_ago=60)
    measures_world.record("EPDS", "end", answers=epds(12))
    sign_in(client, make_user(role))
    response = client.get(reverse("assessments:outcomes-summary"))
    assert response.status_code == status
    if status == 200:
        assert "100.0% (1 of 1)" in response.content.decode()


def test_measures_appear_in_the_chronology_for_those_who_may_read_them(measures_world, client):
    measures_world.record("EPDS", "baseline", answers=epds(16))
    url = reverse("families:chronology", args=[measures_world.family.pk])
    sign_in(client, measures_world.key_worker)
    page = client.get(url).content.decode()
    assert f"EPDS baseline (before) for {measures_world.mother.full_name}" in page
    assert "total 16 (probable depression)" in page
    sign_in(client, measures_world.admin)
    assert "EPDS baseline" not in client.get(url).content.decode()
