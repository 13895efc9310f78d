"""The dashboard's figures, each on referrals with known times (tests/referrals/report_data.py)."""

import datetime
import random
import statistics

import pytest
from django.db import connection
from django.db.models import F, Value
from django.test.utils import CaptureQueriesContext

from referrals import reports
from referrals.models import Referral
from referrals.transitions import Status
from tests.factories import ReferralFactory
from tests.referrals.report_data import NOW, R6_WAITING_DAYS, known_referrals

pytestmark = pytest.mark.django_db

D = datetime.date
WHOLE_RANGE = reports.ReportFilter(received_from=D(2026, 1, 1), received_to=D(2026, 4, 30))


@pytest.fixture
def known():
    return known_referrals()


def counts(rows) -> dict:
    return {row.key: row.count for row in rows}


def test_referrals_by_month_in_the_range(known):
    rows = reports.referrals_by_month(WHOLE_RANGE, today=D(2026, 11, 28))

    assert [(row.month, row.count) for row in rows] == [
        (D(2026, 1, 1), 2), (D(2026, 2, 1), 2), (D(2026, 3, 1), 1), (D(2026, 4, 1), 2)]


def test_by_month_shows_the_last_12_months_up_to_the_end_of_the_range_with_empty_months(known):
    rows = reports.referrals_by_month(reports.ReportFilter(received_to=D(2026, 4, 30)),
                                      today=D(2026, 11, 28))

    assert [row.month for row in rows] == [D(2025, 5, 1), D(2025, 6, 1), D(2025, 7, 1), D(2025, 8, 1),
                                           D(2025, 9, 1), D(2025, 10, 1), D(2025, 11, 1), D(2025, 12, 1),
                                           D(2026, 1, 1), D(2026, 2, 1), D(2026, 3, 1), D(2026, 4, 1)]
    assert [row.count for row in rows] == [0] * 8 + [2, 2, 1, 2]


def test_by_month_without_dates_ends_this_month(known):
    rows = reports.referrals_by_month(reports.ReportFilter(), today=D(2026, 5, 14))

    assert (rows[0].month, rows[-1].month, len(rows)) == (D(2025, 6, 1), D(2026, 5, 1), 12)
    assert sum(row.count for row in rows) == 7


def test_a_referral_half_an_hour_into_april_in_london_counts_in_april(known):
    """R6 arrived at 00:30 BST on 1 April: 23:30 on 31 March in UTC."""
    march = reports.ReportFilter(received_from=D(2026, 3, 1), received_to=D(2026, 3, 31))

    assert [(row.month, row.count) for row in reports.referrals_by_month(march, today=NOW.date())] == [
        (D(2026, 3, 1), 1)]
    assert reports.referrals_by_source(march)[0].count == 1  # R5 only


def test_referrals_by_source_and_channel(known):
    assert counts(reports.referrals_by_source(WHOLE_RANGE)) == {
        "self": 4, "professional": 2, "partner": 1}
    assert counts(reports.referrals_by_channel(WHOLE_RANGE)) == {
        "in_person": 1, "email": 3, "messenger": 1, "phone": 2, "online_form": 0, "other": 0}


def test_triage_outcomes(known):
    assert counts(reports.triage_outcomes(WHOLE_RANGE)) == {
        "accepted": 2, "more_info": 1, "declined": 1, "signposted": 1, "duplicate": 1,
        "not_triaged": 1}


def test_every_status_has_exactly_one_triage_outcome():
    mapped = [status for statuses in reports.Outcome.STATUSES.values() for status in statuses]
    assert sorted(mapped) == sorted(Status.values)


def test_waiting_times_median_and_90th_percentile(known):
    triage, contact = reports.waiting_times(WHOLE_RANGE)

    assert (triage.label, triage.count) == ("Received to first triage decision", 6)
    assert triage.median == pytest.approx(2.5, abs=1e-6)
    assert triage.p90 == pytest.approx(7.0, abs=1e-6)
    assert (contact.label, contact.count) == ("Received to first contact", 2)
    assert contact.median == pytest.approx(6.0, abs=1e-6)
    assert contact.p90 == pytest.approx(6.8, abs=1e-6)


def test_waiting_times_with_nothing_to_measure():
    triage, contact = reports.waiting_times(WHOLE_RANGE)

    assert (triage.count, triage.median, triage.p90) == (0, None, None)
    assert (contact.count, contact.median, contact.p90) == (0, None, None)


def test_the_triage_queue_and_its_oldest_referral(known):
    queue = reports.triage_queue(WHOLE_RANGE, now=NOW)

    assert queue.count == 2
    assert queue.oldest.reference == known[6].reference
    assert queue.oldest_days == pytest.approx(R6_WAITING_DAYS, abs=1e-6)


def test_an_empty_queue():
    assert reports.triage_queue(WHOLE_RANGE, now=NOW) == reports.Queue(count=0)


def test_filtering_by_hub(known):
    north = reports.referrals_dashboard(
        filters=reports.ReportFilter(hub=known.north, received_to=D(2026, 4, 30)), now=NOW)

    assert north.total == 5
    assert counts(north.outcomes) == {"accepted": 2, "more_info": 0, "declined": 1, "signposted": 1,
                                      "duplicate": 1, "not_triaged": 0}
    triage = north.waits[0]
    assert (triage.count, triage.median, triage.p90) == (5, pytest.approx(3.0), pytest.approx(7.6))
    assert north.queue == reports.Queue(count=0)
    assert [row.count for row in north.by_month][-4:] == [2, 2, 1, 0]


def test_filtering_by_dates_includes_both_days(known):
    february = reports.referrals_dashboard(
        filters=reports.ReportFilter(received_from=D(2026, 2, 3), received_to=D(2026, 3, 2)), now=NOW)

    assert february.total == 3  # R3 (3 Feb), R4, R5 (2 Mar)
    assert [(row.month, row.count) for row in february.by_month] == [(D(2026, 2, 1), 2), (D(2026, 3, 1), 1)]
    assert counts(february.by_source) == {"self": 1, "professional": 1, "partner": 1}
    assert february.waits[0].median == pytest.approx(4.0)
    assert february.waits[1].count == 0


def test_the_whole_dashboard_takes_a_fixed_number_of_queries(known):
    with CaptureQueriesContext(connection) as queries:
        reports.referrals_dashboard(filters=WHOLE_RANGE, now=NOW)
    assert len(queries) == 8


# The percentile definition, on both ways of computing it.

def _waits(values: list[float]):
    received = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    for value in values:
        ReferralFactory(received_at=received, triaged_at=received + datetime.timedelta(days=value))
    return Referral.objects.annotate(days=reports.DaysBetween(F("triaged_at"), F("received_at")))


@pytest.mark.parametrize("values", [[4.0], [1.0, 2.0], [3.0, 1.0, 2.0, 10.0], [2.0, 2.0, 2.0, 9.0, 9.0]])
def test_percentiles_are_linear_interpolation_between_closest_ranks(values):
    figures = reports.percentiles(_waits(values), "days")

    assert figures["count"] == len(values)
    assert figures["median"] == pytest.approx(statistics.median(values), abs=1e-6)
    p90 = statistics.quantiles(values, n=10, method="inclusive")[8] if len(values) > 1 else values[0]
    assert figures["p90"] == pytest.approx(p90, abs=1e-6)


def test_both_methods_agree_on_random_waits():
    """The window-function method runs everywhere; PostgreSQL's percentile_cont where it can."""
    values = [round(random.Random(8).uniform(0, 60), 4) + n / 1000 for n in range(37)]
    waits = _waits(values)
    expected = {"count": 37, "median": pytest.approx(statistics.median(values), abs=1e-6),
                "p90": pytest.approx(statistics.quantiles(values, n=10, method="inclusive")[8], abs=1e-6)}

    assert reports.percentiles(waits, "days", native=False) == expected
    if connection.vendor == "postgresql":
        assert reports.percentiles(waits, "days", native=True) == expected
        assert reports.percentiles(waits, "days") == expected


def test_days_between_is_fractional_days():
    ReferralFactory()
    annotated = Referral.objects.annotate(
        days=reports.DaysBetween(Value(NOW), Value(NOW - datetime.timedelta(days=2, hours=6)))).get()
    assert annotated.days == pytest.approx(2.25, abs=1e-6)


# The filter form.

def _form(**dates):
    data = {}
    for name, value in dates.items():
        day, month, year = value
        data.update({f"{name}_0": day, f"{name}_1": month, f"{name}_2": year})
    return reports.DashboardFilterForm(data)


def test_the_form_makes_the_filters(known):
    form = reports.DashboardFilterForm({"received_from_0": "3", "received_from_1": "2",
                                        "received_from_2": "2026", "hub": str(known.south.pk)})
    assert form.is_valid(), form.errors
    assert form.filters() == reports.ReportFilter(received_from=D(2026, 2, 3), hub=known.south)


def test_to_before_from_is_refused_at_the_to_date():
    form = _form(received_from=("10", "3", "2026"), received_to=("9", "3", "2026"))

    assert not form.is_valid()
    assert form.errors == {"received_to": ["Received to must be the same as or after 10 March 2026"]}


def test_the_same_day_is_a_range():
    form = _form(received_from=("10", "3", "2026"), received_to=("10", "3", "2026"))
    assert form.is_valid(), form.errors


def test_a_part_typed_date_is_refused():
    form = _form(received_from=("10", "", "2026"))
    assert form.errors == {"received_from": ["Received from must include a month"]}
