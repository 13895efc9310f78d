"""seed_demo's feedback: answers from parents of completed enrolments, mums and dads, online and
on paper, so the results page has something to show."""

import pytest
from django.core.management import call_command

from feedback.models import FeedbackResponse
from feedback.selectors import feedback_results
from interventions.models import Enrolment

pytestmark = pytest.mark.django_db


def test_demo_feedback_answers_completed_enrolments_and_counts_in_the_results():
    call_command("seed_demo", families=400, seed=5, password="demo-password-123")
    responses = list(FeedbackResponse.objects.select_related("enrolment", "request", "questionnaire"))
    assert responses
    for response in responses:
        response.full_clean()
        assert response.enrolment.status == Enrolment.Status.COMPLETED
        if response.request is not None:
            assert response.request.caregiver in response.enrolment.caregivers.all()
    assert {response.source for response in responses} <= {"online", "paper"}
    results = feedback_results()
    assert results.responses == len(responses) and results.positive_percent is not None
