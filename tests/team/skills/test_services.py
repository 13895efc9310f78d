"""The skills audit's writes: rounds, answers, targets, training records and the training plan."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from team.models import (
    AuditRound,
    Competency,
    CompetencyTarget,
    CourseInvitation,
    SelfAssessment,
    TrainingRecord,
)
from team.models.skills import add_months
from team.roles import Role
from team.skills import services
from tests.factories import (
    AuditRoundFactory,
    ClosedAuditRoundFactory,
    CompetencyFactory,
    CourseInvitationFactory,
    PlannedCourseFactory,
    TrainingRecordFactory,
    UserFactory,
)
from tests.team.skills.conftest import all_levels

pytestmark = pytest.mark.django_db


def test_the_seeded_competencies_are_there_with_their_levels():
    vig = Competency.objects.get(name="Video Interaction Guidance (VIG)")
    safeguarding = Competency.objects.get(name="Safeguarding children")
    assert [label for _, label in vig.level_choices()] == [
        "None", "Trainee guider", "Accredited guider", "Supervisor"]
    assert (safeguarding.expert_label, safeguarding.expires_after_months, safeguarding.required) == (
        "Level 3", 36, True)
    assert set(Competency.objects.values_list("name", flat=True)) >= {
        "Awareness of perinatal mental health", "Awareness of parent-infant relationships",
        "Solihull Approach foundation", "Solihull Approach Perinatal Plus", "Triple P Baby",
        "Watch, Wait and Wonder", "Safeguarding adults", "Routine enquiry about domestic abuse"}


def test_only_one_round_is_open_at_a_time(workforce):
    first = services.audit_round_open(by=workforce.lead, title="Spring 2026",
                                      closes_on=datetime.date(2030, 3, 27))
    with pytest.raises(ValidationError, match="already open"):
        services.audit_round_open(by=workforce.lead, title="Again", closes_on=datetime.date(2030, 4, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        AuditRound.objects.create(title="Round the side", opened_by=workforce.lead,
                                  closes_on=datetime.date(2030, 4, 1))

    assert services.audit_round_close(audit_round=first, by=workforce.lead) is True
    assert services.audit_round_close(audit_round=first, by=workforce.lead) is False
    second = services.audit_round_open(by=workforce.lead, title="Autumn 2026",
                                       closes_on=datetime.date(2030, 10, 1))
    assert list(AuditRound.objects.filter(closed_at__isnull=True)) == [second]


def test_answers_replace_earlier_ones_and_keep_their_history(workforce):
    audit_round = AuditRoundFactory()
    vig = Competency.objects.get(name="Video Interaction Guidance (VIG)")
    services.audit_response_submit(audit_round=audit_round, person=workforce.worker,
                                   levels=all_levels(1), learning_wishes="VIG")
    response = services.audit_response_submit(
        audit_round=audit_round, person=workforce.worker, levels=all_levels(1, **{str(vig.pk): 2}),
        learning_wishes="VIG supervision")

    assert response.learning_wishes == "VIG supervision"
    assert response.assessments.count() == Competency.objects.filter(active=True).count()
    answer = response.assessments.get(competency=vig)
    assert (answer.level, answer.level_name) == (2, "Accredited guider")
    assert [h.level for h in answer.history.order_by("history_date")] == [1, 2]


def test_every_competency_must_be_answered(workforce):
    audit_round = AuditRoundFactory()
    levels = all_levels(1)
    missing = Competency.objects.get(name="Triple P Baby")
    del levels[missing.pk]
    with pytest.raises(ValidationError, match="Select your level for Triple P Baby"):
        services.audit_response_submit(audit_round=audit_round, person=workforce.worker, levels=levels)
    assert not SelfAssessment.objects.exists()


def test_a_closed_round_takes_no_answers(workforce):
    audit_round = ClosedAuditRoundFactory()
    with pytest.raises(ValidationError, match="has closed"):
        services.audit_response_submit(audit_round=audit_round, person=workforce.worker, levels=all_levels())
    assert not audit_round.responses.exists()


def test_targets_are_set_changed_and_removed(workforce):
    competency = CompetencyFactory()
    services.competency_targets_set(competency=competency, by=workforce.lead,
                                    targets={"": 1, "piew_team": 3, "voluntary": None})
    services.competency_targets_set(competency=competency, by=workforce.lead,
                                    targets={"": None, "piew_team": 2})
    target = CompetencyTarget.objects.get(competency=competency)
    assert (target.organisation_kind, target.level, target.set_by) == ("piew_team", 2, workforce.lead)


def test_a_new_competency_is_asked_last(workforce):
    competency = services.competency_create(by=workforce.lead, name="Infant massage",
                                            targets={"": 1})
    assert list(Competency.objects.all())[-1] == competency
    assert competency.targets.get().level == 1


def test_expiry_is_worked_out_from_the_competency_unless_typed(workforce):
    safeguarding = Competency.objects.get(name="Safeguarding children")
    worked_out = services.training_record_add(
        person=workforce.worker, recorded_by=workforce.worker, competency=safeguarding,
        course="Safeguarding children level 3", completed_on=datetime.date(2024, 2, 29))
    typed = services.training_record_add(
        person=workforce.worker, recorded_by=workforce.worker, competency=safeguarding,
        course="Safeguarding children level 3", completed_on=datetime.date(2024, 2, 29),
        expires_on=datetime.date(2025, 2, 28))
    assert worked_out.expires_on == datetime.date(2027, 2, 28)
    assert typed.expires_on == datetime.date(2025, 2, 28)
    assert add_months(datetime.date(2026, 1, 31), 1) == datetime.date(2026, 2, 28)


def test_an_expiry_before_completion_is_refused(workforce):
    with pytest.raises(ValidationError, match="on or after the date completed"):
        services.training_record_add(
            person=workforce.worker, recorded_by=workforce.worker, course="Triple P Baby",
            completed_on=datetime.date(2025, 5, 1), expires_on=datetime.date(2025, 4, 1))
    assert not TrainingRecord.objects.exists()


def test_a_new_expiry_date_is_reminded_about_again(workforce):
    record = TrainingRecordFactory(person=workforce.worker, expires_on=timezone.localdate(),
                                   reminder_sent_at=timezone.now())
    services.training_record_update(record=record, course=record.course, provider="NSPCC")
    record.refresh_from_db()
    assert record.reminder_sent_at is not None
    later = timezone.localdate() + datetime.timedelta(days=9)
    services.training_record_update(record=record, expires_on=later)
    record.refresh_from_db()
    assert record.reminder_sent_at is None


def test_invitations_stop_at_the_places(workforce):
    course = PlannedCourseFactory(places=2)
    people = [UserFactory(role=Role.PIEW_WORKER) for _ in range(3)]
    services.course_invite(course=course, people=people[:1], by=workforce.lead)
    with pytest.raises(ValidationError, match="1 place left. Select 1 people or fewer"):
        services.course_invite(course=course, people=people[1:], by=workforce.lead)
    again = services.course_invite(course=course, people=people[:2], by=workforce.lead)
    assert [i.person for i in again] == [people[1]]
    assert course.invitations.count() == 2


def test_completing_a_course_adds_then_updates_the_training_record(workforce):
    safeguarding = Competency.objects.get(name="Safeguarding children")
    course = PlannedCourseFactory(competency=safeguarding, title="Safeguarding level 3",
                                  date=datetime.date(2026, 3, 3), trainer="Jo Barker")
    invitation = CourseInvitationFactory(course=course, person=workforce.worker)

    services.course_attendance_record(invitation=invitation, attended=True, completed=True, by=workforce.lead)
    services.course_attendance_record(invitation=invitation, attended=True, completed=True, by=workforce.lead)

    record = TrainingRecord.objects.get(person=workforce.worker)
    assert (record.course, record.provider, record.completed_on, record.expires_on, record.source) == (
        "Safeguarding level 3", "Jo Barker", datetime.date(2026, 3, 3), datetime.date(2029, 3, 3),
        TrainingRecord.Source.COURSE)
    invitation.refresh_from_db()
    assert invitation.training_record == record


def test_withdrawing_completion_removes_the_record_the_course_made(workforce):
    invitation, lead = CourseInvitationFactory(person=workforce.worker), workforce.lead
    services.course_attendance_record(invitation=invitation, attended=True, completed=True, by=lead)
    services.course_attendance_record(invitation=invitation, attended=True, completed=False, by=lead)
    assert not TrainingRecord.objects.exists()
    assert TrainingRecord.history.filter(history_type="-").count() == 1


def test_completion_without_attendance_is_refused(workforce):
    invitation = CourseInvitationFactory(person=workforce.worker)
    with pytest.raises(ValidationError):
        services.course_attendance_record(invitation=invitation, attended=False, completed=True,
                                          by=workforce.lead)
    assert CourseInvitation.objects.get().attended is None
    assert not TrainingRecord.objects.exists()


def test_places_cannot_drop_below_those_invited(workforce):
    course = PlannedCourseFactory(places=3)
    CourseInvitationFactory.create_batch(2, course=course)
    with pytest.raises(ValidationError, match="2 people are invited already"):
        services.course_update(course=course, places=1)
    course.refresh_from_db()
    assert course.places == 3
