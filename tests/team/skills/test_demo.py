"""The demo team's skills: made once, with training running out soon to show the reminders."""

import pytest
from django.utils import timezone

from team.demo import demo_team_create
from team.models import AuditResponse, AuditRound, TrainingRecord
from team.skills import selectors

pytestmark = pytest.mark.django_db


def test_the_demo_team_has_skills_to_show():
    demo_team_create(password="demo-password-123")
    demo_team_create(password="demo-password-123")

    audit_round = AuditRound.objects.get()
    assert audit_round.is_open
    assert set(AuditResponse.objects.values_list("person__username", flat=True)) == {
        "health_visitor", "piew_worker", "piew_worker_2", "partner"}
    assert TrainingRecord.objects.count() == 3
    due = selectors.training_due_for_reminder(today=timezone.localdate())
    assert list(due.values_list("person__username", flat=True)) == ["piew_worker"]
    gaps = selectors.gap_analysis(filters=selectors.GapFilter(audit_round=audit_round))
    safeguarding = next(g for g in gaps.by_competency if g.competency.name == "Safeguarding children")
    assert (safeguarding.below, safeguarding.answered_with_target) == (2, 4)
