"""Enrolment rules: consent, who may deliver, attendance and the minimum for completion."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from families.models import ConsentRecord
from interventions import hooks, services
from interventions.models import DeliveryOverride, Enrolment, Session
from tests.interventions.conftest import (
    attended_session,
    consent,
    consenting_case,
    enrolled,
    past,
    programme,
    qualify,
)

pytestmark = pytest.mark.django_db


def test_no_enrolment_without_each_parents_consent_to_take_part(piew_worker):
    case = consenting_case(key_worker=piew_worker, with_father=True, purposes=("mdt_sharing",))
    mother, father = case.family.caregivers.order_by("pk")
    consent(mother, "taking_part", piew_worker)
    qualify(piew_worker, "vig")
    with pytest.raises(ValidationError) as refused:
        services.enrol(case=case, programme=programme("vig"), caregivers=[mother, father],
                       practitioner=piew_worker, format="one_to_one", by=piew_worker)
    assert refused.value.message_dict["caregivers"] == [
        f"{father.full_name} has not given consent to take part. Record their consent first"]
    assert not Enrolment.objects.exists()


def test_withdrawn_consent_to_take_part_refuses_enrolment(piew_worker, case):
    mother = case.family.caregivers.order_by("pk").first()
    consent(mother, "taking_part", piew_worker, decision=ConsentRecord.Decision.WITHDRAWN)
    with pytest.raises(ValidationError):
        enrolled(case=case, code="vig", practitioner=piew_worker)


def test_enrolment_takes_the_usual_cycles_and_waits_until_the_first_attended_session(vig, piew_worker):
    assert vig.planned_cycles == 3
    assert vig.status == Enrolment.Status.WAITING
    attended_session(vig, piew_worker, kind=programme("vig").session_kinds.get(name="Filming"), cycle=1)
    vig.refresh_from_db()
    assert vig.status == Enrolment.Status.ACTIVE
    assert vig.starts_on is not None


def test_the_same_intervention_twice_at_once_is_refused(vig, case, piew_worker):
    with pytest.raises(ValidationError, match="already enrolled in Video Interaction Guidance"):
        enrolled(case=case, code="vig", practitioner=piew_worker)


def test_an_unqualified_practitioner_is_refused_with_what_they_need(case, piew_worker):
    with pytest.raises(ValidationError) as refused:
        services.enrol(case=case, programme=programme("vig"), caregivers=case.family.caregivers.all(),
                       practitioner=piew_worker, format="one_to_one", by=piew_worker)
    message = refused.value.message_dict["practitioner"][0]
    assert "is not recorded as qualified to deliver Video Interaction Guidance" in message
    assert "Video Interaction Guidance (VIG) at “Trainee guider” or above" in message


def test_only_the_team_lead_may_override_and_the_override_is_logged(case, piew_worker, team_lead):
    chosen = programme("watch_wait_wonder")
    arguments = dict(case=case, programme=chosen, caregivers=case.family.caregivers.all(),
                     practitioner=piew_worker, format="one_to_one",
                     override_reason="Supervised by the psychologist while training")
    with pytest.raises(ValidationError) as refused:
        services.enrol(by=piew_worker, **arguments)
    assert "Only the team lead" in refused.value.message_dict["override_reason"][0]
    enrolment = services.enrol(by=team_lead, **arguments)
    override = DeliveryOverride.objects.get()
    assert (override.enrolment, override.practitioner, override.decided_by) == (
        enrolment, piew_worker, team_lead)
    assert override.reason == "Supervised by the psychologist while training"


def test_completion_needs_the_minimum_attended_and_runs_hooks_once_after_commit(
        vig, piew_worker, django_capture_on_commit_callbacks):
    filming = programme("vig").session_kinds.get(name="Filming")
    for day in (30, 20, 10):
        attended_session(vig, piew_worker, days_ago=day, kind=filming, cycle=1)
    missed = services.session_book(enrolment=vig, by=piew_worker, starts_at=past(5), mode="home",
                                   kind=filming, cycle=2)
    services.attendance_record(session=missed, by=piew_worker, attendance=Session.Attendance.DID_NOT_ATTEND)
    with pytest.raises(ValidationError) as refused:
        services.enrolment_complete(enrolment=vig, by=piew_worker, completed=True)
    assert "after 4 attended sessions, and 3 have been attended" in refused.value.message_dict["outcome"][0]

    attended_session(vig, piew_worker, days_ago=2, kind=filming, cycle=2)
    called = []
    hooks.on_enrolment_ended(hook := lambda *, enrolment_id: called.append(enrolment_id))
    try:
        with django_capture_on_commit_callbacks(execute=True):
            services.enrolment_complete(enrolment=vig, by=piew_worker, completed=True)
        with pytest.raises(ValidationError, match="already completed"):
            services.enrolment_complete(enrolment=vig, by=piew_worker, completed=True)
    finally:
        hooks._ended_hooks.remove(hook)
    assert called == [vig.pk]
    vig.refresh_from_db()
    assert vig.status == Enrolment.Status.COMPLETED


def test_ending_early_needs_a_reason(vig, piew_worker):
    with pytest.raises(ValidationError) as refused:
        services.enrolment_complete(enrolment=vig, by=piew_worker, completed=False)
    assert refused.value.message_dict == {"end_reason": ["Choose why the enrolment ended early"]}
    services.enrolment_complete(enrolment=vig, by=piew_worker, completed=False, end_reason="moved")
    vig.refresh_from_db()
    assert (vig.status, vig.end_reason) == (Enrolment.Status.ENDED_EARLY, "moved")


def test_attendance_names_who_came_and_is_never_recorded_in_advance(vig, piew_worker):
    session = services.session_book(enrolment=vig, by=piew_worker, starts_at=past(1), mode="video",
                                    kind=programme("vig").session_kinds.get(name="Filming"), cycle=1)
    with pytest.raises(ValidationError, match="Choose who attended"):
        services.attendance_record(session=session, by=piew_worker, attendance="attended")
    services.attendance_record(session=session, by=piew_worker, attendance="attended",
                               who={"mother", "father"})
    session.refresh_from_db()
    assert session.who_attended() == ["Mother", "Father"]
    future = services.session_book(enrolment=vig, by=piew_worker, starts_at=past(-2), mode="home",
                                   kind=programme("vig").session_kinds.get(name="Filming"), cycle=2)
    with pytest.raises(ValidationError, match="record attendance once it has happened"):
        services.attendance_record(session=future, by=piew_worker, attendance="did_not_attend")


def test_a_cycle_beyond_the_plan_is_refused(vig, piew_worker):
    with pytest.raises(ValidationError, match="plans 3 cycles. Change the plan to add cycle 4"):
        services.session_book(enrolment=vig, by=piew_worker, starts_at=past(1), mode="home",
                              kind=programme("vig").session_kinds.get(name="Filming"), cycle=4)


def test_the_administrator_records_attendance_but_never_notes(vig, admin_assistant):
    session = services.session_book(enrolment=vig, by=admin_assistant, starts_at=past(1), mode="phone",
                                    kind=programme("vig").session_kinds.get(name="Shared review"), cycle=1)
    with pytest.raises(PermissionDenied):
        services.attendance_record(session=session, by=admin_assistant, attendance="attended", who={"mother"},
                                   notes="Talked about sleep")
    services.attendance_record(session=session, by=admin_assistant, attendance="attended", who={"mother"})


def test_several_sessions_are_recorded_all_or_none(vig, piew_worker):
    filming = programme("vig").session_kinds.get(name="Filming")
    first = services.session_book(enrolment=vig, by=piew_worker, starts_at=past(3), mode="home",
                                  kind=filming, cycle=1)
    second = services.session_book(enrolment=vig, by=piew_worker, starts_at=past(2), mode="home",
                                   kind=filming, cycle=2)
    with pytest.raises(ValidationError) as refused:
        services.attendance_record_many(by=piew_worker, entries=[
            services.sessions.Attendance(first, "attended", frozenset({"mother"})),
            services.sessions.Attendance(second, "attended")])
    assert list(refused.value.message_dict) == [str(second.pk)]
    first.refresh_from_db()
    assert first.attendance == ""
