"""seed_demo's outcome measures: baseline and end pairs for the demo's completed enrolments, so
the outcome pages and the summary have something to show, and no risk alert raised."""

import pytest
from django.core.management import call_command

from assessments.outcome_models import MeasureAdministration
from families.models import Alert

pytestmark = pytest.mark.django_db


def test_demo_measures_pair_baseline_with_end_and_raise_no_alerts():
    call_command("seed_demo", families=400, seed=5, password="demo-password-123")
    rows = MeasureAdministration.objects.select_related("enrolment")
    ends = [row for row in rows if row.time_point == MeasureAdministration.TimePoint.END]
    assert ends and all(row.enrolment.status == "completed" for row in rows)
    assert all(row.reliable for row in ends if row.instrument in {"EPDS", "PHQ9", "GAD7"})
    assert not [row for row in rows if row.flags]
    assert not Alert.objects.exists()
