"""Booking, drafts, completion, locking and addenda."""

import pytest
from django.core.exceptions import ValidationError

from assessments import services
from assessments.models import AssessmentAddendum, InitialAssessment
from families.models import Alert
from tests.assessments.conftest import COMPLETE, RISK_PLAN


def test_a_booking_is_a_draft_on_the_familys_open_case(world):
    assessment = world.refresh()
    assert assessment.status == InitialAssessment.Status.DRAFT
    assert assessment.case == world.family.cases.get()
    assert not assessment.locked and assessment.completed_at is None


def test_a_second_booking_while_a_draft_is_open_is_refused(world):
    with pytest.raises(ValidationError, match="already has an initial assessment booked"):
        services.assessment_book(family=world.family, assessor=world.assessor, place="home",
                                 booked_for=world.assessment.booked_for, booked_by=world.assessor)
    assert world.family.initial_assessments.count() == 1


def test_booking_fields_cannot_be_changed_through_the_draft(world):
    with pytest.raises(ValidationError) as error:
        services.assessment_save_draft(assessment=world.assessment, place="hub")
    assert "These cannot be changed here: place" in str(error.value)
    assert world.refresh().place == "home"


def test_a_draft_is_saved_in_parts_and_kept_in_history(world):
    services.assessment_save_draft(assessment=world.assessment, presenting_needs="Low mood")
    services.assessment_save_draft(assessment=world.assessment, medication="None")
    assessment = world.refresh()
    assert (assessment.presenting_needs, assessment.medication) == ("Low mood", "None")
    assert assessment.history.count() == 3  # booked, then two saves


def test_unknown_interventions_are_refused_with_the_field_named(world):
    with pytest.raises(ValidationError) as error:
        services.assessment_save_draft(assessment=world.assessment, recommended_interventions=["reiki"])
    assert "recommended_interventions" in error.value.message_dict
    assert world.refresh().recommended_interventions == []


def test_completing_locks_and_stamps_the_time(world):
    services.assessment_save_draft(assessment=world.assessment, **COMPLETE)
    services.assessment_complete(assessment=world.assessment, by=world.assessor)
    assessment = world.refresh()
    assert assessment.status == InitialAssessment.Status.COMPLETED
    assert assessment.locked and assessment.completed_at is not None
    assert not Alert.objects.exists()  # no risk, no alert


def test_completing_an_empty_draft_names_every_missing_section(world):
    with pytest.raises(ValidationError) as error:
        services.assessment_complete(assessment=world.assessment, by=world.assessor)
    missing = error.value.message_dict
    assert missing["presenting_needs"] == ["Enter the presenting needs"]
    assert missing["risk_self_harm"] == ["Answer whether there is a risk of self-harm or suicide"]
    assert missing["consent_confirmed"] == ["Answer whether the family confirmed consent to take part"]
    assert world.refresh().status == InitialAssessment.Status.DRAFT


@pytest.mark.parametrize("question, plan", [
    ("risk_self_harm", "risk_self_harm_plan"),
    ("risk_harm_to_baby", "risk_harm_to_baby_plan"),
    ("risk_safeguarding", "risk_safeguarding_plan"),
])
def test_a_yes_risk_without_a_plan_is_refused_with_the_plan_named(world, question, plan):
    services.assessment_save_draft(assessment=world.assessment, **{**COMPLETE, question: True})
    with pytest.raises(ValidationError) as error:
        services.assessment_complete(assessment=world.assessment, by=world.assessor)
    assert list(error.value.message_dict) == [plan]
    assert error.value.message_dict[plan][0].startswith("Enter the plan for the")
    assert world.refresh().status == InitialAssessment.Status.DRAFT
    assert not Alert.objects.exists()


def test_domestic_abuse_enquiry_not_asked_needs_the_reason(world):
    services.assessment_save_draft(assessment=world.assessment, **{**COMPLETE, "domestic_abuse_asked": False})
    with pytest.raises(ValidationError) as error:
        services.assessment_complete(assessment=world.assessment, by=world.assessor)
    assert error.value.message_dict == {
        "domestic_abuse_not_asked_reason": ["Enter why the routine enquiry was not asked"]}


def test_no_further_action_cannot_sit_with_a_recommendation(world):
    services.assessment_save_draft(assessment=world.assessment, **{**COMPLETE, "no_further_action": True})
    with pytest.raises(ValidationError, match="only when nothing else is recommended"):
        services.assessment_complete(assessment=world.assessment, by=world.assessor)


def _completed(world) -> InitialAssessment:
    services.assessment_save_draft(assessment=world.assessment, **COMPLETE)
    return services.assessment_complete(assessment=world.assessment, by=world.assessor)


def test_a_completed_assessment_refuses_edits_and_nothing_changes(world):
    _completed(world)
    with pytest.raises(ValidationError, match="completed and locked. Add an addendum"):
        services.assessment_save_draft(assessment=world.assessment, presenting_needs="Changed")
    assessment = world.refresh()
    assert assessment.presenting_needs == COMPLETE["presenting_needs"]
    assert assessment.history.count() == 3  # booked, draft, completed


def test_an_addendum_only_after_completion(world):
    with pytest.raises(ValidationError, match="Addenda are for completed assessments"):
        services.assessment_addendum_add(assessment=world.assessment, author=world.assessor, text="x")
    assert not AssessmentAddendum.objects.exists()
    _completed(world)
    addendum = services.assessment_addendum_add(
        assessment=world.assessment, author=world.assessor, text="Medication is 100mg, not 50mg")
    assert addendum.author == world.assessor and addendum.written_at is not None
    assert addendum.history.get().history_type == "+"
    assert world.refresh().medication == COMPLETE["medication"]  # the record itself is untouched


def test_a_new_booking_is_possible_once_the_draft_is_completed(world):
    _completed(world)
    again = services.assessment_book(family=world.family, assessor=world.assessor, place="video",
                                     booked_for=world.assessment.booked_for, booked_by=world.team_lead)
    assert again.is_draft and world.family.initial_assessments.count() == 2


def test_completing_with_a_risk_and_its_plan(world):
    services.assessment_save_draft(assessment=world.assessment,
                                   **{**COMPLETE, "risk_self_harm": True, "risk_self_harm_plan": RISK_PLAN})
    assessment = services.assessment_complete(assessment=world.assessment, by=world.assessor)
    assert assessment.locked and assessment.risk_alert.kind == Alert.Kind.RISK
