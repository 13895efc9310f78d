"""Group runs: places and the waiting list, promotion, register rows and the register itself."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from interventions import services
from interventions.models import Enrolment, GroupRun, Session
from interventions.services import groups
from team.roles import Role
from tests.factories import HubFactory
from tests.interventions.conftest import person, programme
from tests.interventions.groups_helpers import at, triple_p_run, waiting_family

pytestmark = pytest.mark.django_db

A = Session.Attendance


@pytest.fixture
def run(team_lead, piew_worker):
    return triple_p_run(by=team_lead, facilitators=[team_lead, piew_worker], capacity=2, first_days=-8)


def families(team_lead, piew_worker, count: int) -> list[Enrolment]:
    return [waiting_family(practitioner=team_lead, key_worker=piew_worker) for _ in range(count)]


def rows_of(enrolment: Enrolment) -> list[int]:
    return sorted(enrolment.sessions.values_list("group_session__number", flat=True))


def test_a_run_gets_weekly_sessions_of_the_programmes_group_kind_at_the_same_local_time(team_lead):
    run = triple_p_run(by=team_lead, first_days=-14, sessions=4, minutes=120)
    sessions = list(run.sessions.order_by("number"))
    assert [session.number for session in sessions] == [1, 2, 3, 4]
    assert {session.kind.name for session in sessions} == {"Group session"}
    assert [session.starts_at for session in sessions] == [at(-14), at(-7), at(0), at(7)]
    assert (run.starts_on, run.ends_on) == (at(-14).date(), at(7).date())
    assert run.history.count() >= 1 and sessions[0].history.count() == 1


@pytest.mark.parametrize("fields, field, message", [
    ({"capacity": 0}, "capacity", "Enter the number of places, 1 or more"),
    ({"hub": None}, "hub", "Choose the Family Hub where the group meets, or enter another venue"),
    ({"sessions": 0}, "sessions", "Enter the number of weekly sessions, from 1 to 20"),
    ({"facilitators": []}, "facilitators", "Choose at least one facilitator"),
])
def test_a_run_with_bad_details_is_refused_with_the_field_named(team_lead, fields, field, message):
    details = {"programme": programme("triple_p_baby"), "title": "Spring", "hub": HubFactory(), "capacity": 4,
               "facilitators": [team_lead], "first_session": at(3), "sessions": 4, "by": team_lead} | fields
    with pytest.raises(ValidationError) as refused:
        groups.run_create(**details)
    assert refused.value.message_dict[field] == [message]
    assert not GroupRun.objects.exists()


def test_a_one_to_one_programme_cannot_run_as_a_group(team_lead):
    with pytest.raises(ValidationError) as refused:
        groups.run_create(programme=programme("vig"), title="VIG group", hub=HubFactory(), capacity=4,
                          facilitators=[team_lead], first_session=at(3), sessions=4, by=team_lead)
    assert refused.value.message_dict["programme"] == [
        "Video Interaction Guidance is not delivered in groups"]


def test_a_practitioner_setting_up_a_run_must_facilitate_it(team_lead, piew_worker):
    with pytest.raises(ValidationError) as refused:
        triple_p_run(by=piew_worker, facilitators=[team_lead])
    assert refused.value.message_dict["facilitators"] == [
        "Include yourself as a facilitator: you see only the groups you facilitate"]


def test_partners_and_viewers_cannot_set_up_runs(team_lead):
    for role, name in ((Role.PARTNER, "partner"), (Role.VIEWER, "viewer")):
        with pytest.raises(PermissionDenied):
            triple_p_run(by=person(role, name), facilitators=[team_lead])
    assert not GroupRun.objects.exists()


def test_places_up_to_capacity_then_the_waiting_list(run, team_lead, piew_worker):
    first, second, third = families(team_lead, piew_worker, 3)
    assert groups.group_place(run=run, enrolment=first, by=team_lead) is True
    assert groups.group_place(run=run, enrolment=second, by=team_lead) is True
    assert groups.group_place(run=run, enrolment=third, by=team_lead) is False
    assert list(groups.placed(run).order_by("pk")) == [first, second]
    assert list(groups.waiting_list(run)) == [third]
    # Places are for the sessions still to come (sessions 3 and 4; 1 and 2 have passed).
    assert rows_of(first) == rows_of(second) == [3, 4] and rows_of(third) == []
    first.refresh_from_db()
    assert (first.group_run, first.status) == (run, Enrolment.Status.WAITING)


def test_register_rows_are_at_the_hub_with_the_group_kind(run, team_lead, piew_worker):
    (enrolment,) = families(team_lead, piew_worker, 1)
    groups.group_place(run=run, enrolment=enrolment, by=team_lead)
    row = enrolment.sessions.get(group_session__number=3)
    assert (row.mode, row.hub, row.kind.name, row.booked_by) == (Session.Mode.HUB, run.hub, "Group session",
                                                                 team_lead)
    assert row.starts_at == row.group_session.starts_at


def test_a_run_at_another_venue_books_its_register_there(team_lead, piew_worker):
    venue_run = groups.run_create(
        programme=programme("triple_p_baby"), title="Triple P Baby, church hall", hub=None,
        venue="  St John's Church Hall, Brigg ", capacity=4, facilitators=[team_lead], first_session=at(3),
        sessions=4, by=team_lead)
    assert (venue_run.hub, venue_run.venue, venue_run.where) == (None, "St John's Church Hall, Brigg",
                                                                 "St John's Church Hall, Brigg")
    (enrolment,) = families(team_lead, piew_worker, 1)
    groups.group_place(run=venue_run, enrolment=enrolment, by=team_lead)
    assert {(row.mode, row.hub_id) for row in enrolment.sessions.all()} == {(Session.Mode.VENUE, None)}

    groups.run_update(run=venue_run, by=team_lead, hub=HubFactory(name="Riddings Family Hub"),
                      venue="Ignored")
    venue_run.refresh_from_db()
    assert (str(venue_run.hub), venue_run.venue) == ("Riddings Family Hub", "")


def test_sessions_added_later_are_booked_for_every_family_with_a_place(run, team_lead, piew_worker):
    first, second, third = families(team_lead, piew_worker, 3)
    for enrolment in (first, second, third):
        groups.group_place(run=run, enrolment=enrolment, by=team_lead)
    added = groups.group_sessions_add(run=run, first_session=at(30), sessions=2, by=team_lead)
    assert [session.number for session in added] == [5, 6]
    assert rows_of(first) == rows_of(second) == [3, 4, 5, 6] and rows_of(third) == []
    run.refresh_from_db()
    assert run.ends_on == at(37).date()


def test_new_sessions_must_come_after_the_last(run, team_lead):
    with pytest.raises(ValidationError) as refused:
        groups.group_sessions_add(run=run, first_session=at(0), sessions=1, by=team_lead)
    assert refused.value.message_dict["first_session"][0].startswith("Session 4 is on ")
    assert run.sessions.count() == 4


def test_taking_a_family_off_promotes_the_first_on_the_waiting_list(run, team_lead, piew_worker):
    first, second, third, fourth = families(team_lead, piew_worker, 4)
    for enrolment in (first, second, third, fourth):
        groups.group_place(run=run, enrolment=enrolment, by=team_lead)
    groups.group_remove(run=run, enrolment=first, by=team_lead)
    first.refresh_from_db()
    assert first.group_run is None and first.is_open and rows_of(first) == []
    assert set(groups.placed(run)) == {second, third}
    assert list(groups.waiting_list(run)) == [fourth]
    assert rows_of(third) == [3, 4]


def test_attendance_already_recorded_stays_when_a_family_leaves(team_lead, piew_worker):
    run = triple_p_run(by=team_lead, capacity=2, first_days=1)
    (enrolment,) = families(team_lead, piew_worker, 1)
    groups.group_place(run=run, enrolment=enrolment, by=team_lead)
    first_row = enrolment.sessions.get(group_session__number=1)
    Session.objects.filter(pk=first_row.pk).update(starts_at=at(-1))  # the first session has happened
    services.attendance_record(session=first_row, by=team_lead, attendance=A.ATTENDED, who=["mother"])
    Session.objects.filter(pk=first_row.pk).update(starts_at=at(1))
    groups.group_remove(run=run, enrolment=enrolment, by=team_lead)
    assert rows_of(enrolment) == [1]


def test_more_places_promote_and_fewer_than_taken_are_refused(run, team_lead, piew_worker):
    first, second, third = families(team_lead, piew_worker, 3)
    for enrolment in (first, second, third):
        groups.group_place(run=run, enrolment=enrolment, by=team_lead)
    with pytest.raises(ValidationError) as refused:
        groups.run_update(run=run, by=team_lead, capacity=1)
    assert refused.value.message_dict["capacity"] == [
        "2 families hold places on this run: take families off it before reducing the places below 2"]
    groups.run_update(run=run, by=team_lead, capacity=3)
    assert set(groups.placed(run)) == {first, second, third}


def test_an_ended_enrolment_frees_its_place(run, team_lead, piew_worker, django_capture_on_commit_callbacks):
    first, second, third = families(team_lead, piew_worker, 3)
    for enrolment in (first, second, third):
        groups.group_place(run=run, enrolment=enrolment, by=team_lead)
    with django_capture_on_commit_callbacks(execute=True):
        services.enrolment_complete(enrolment=first, by=team_lead, completed=False, end_reason="withdrew")
    assert set(groups.placed(run)) == {second, third}
    assert rows_of(third) == [3, 4]


@pytest.mark.parametrize("make, message", [
    (lambda lead, worker: waiting_family(practitioner=lead, key_worker=worker, code="vig"),
     "is enrolled in Video Interaction Guidance, not Triple P Baby"),
])
def test_an_enrolment_in_another_programme_is_refused(run, team_lead, piew_worker, make, message):
    other = make(team_lead, piew_worker)
    with pytest.raises(ValidationError) as refused:
        groups.group_place(run=run, enrolment=other, by=team_lead)
    assert message in refused.value.message_dict["enrolment"][0]
    other.refresh_from_db()
    assert other.group_run is None and not other.sessions.exists()


def test_a_family_on_another_run_is_refused(run, team_lead, piew_worker):
    other_run = triple_p_run(by=team_lead, title="Autumn", first_days=20)
    (enrolment,) = families(team_lead, piew_worker, 1)
    groups.group_place(run=other_run, enrolment=enrolment, by=team_lead)
    with pytest.raises(ValidationError) as refused:
        groups.group_place(run=run, enrolment=enrolment, by=team_lead)
    assert refused.value.message_dict["enrolment"] == [
        f"{enrolment.case.family.reference} is already on Autumn: take them off it first"]


def test_a_run_whose_sessions_have_all_started_takes_no_one(team_lead, piew_worker):
    run = triple_p_run(by=team_lead, first_days=-30)
    (enrolment,) = families(team_lead, piew_worker, 1)
    with pytest.raises(ValidationError, match="All this run's sessions have started"):
        groups.group_place(run=run, enrolment=enrolment, by=team_lead)


def test_a_practitioner_who_does_not_facilitate_cannot_place(run, team_lead, piew_worker):
    (enrolment,) = families(team_lead, piew_worker, 1)
    outsider = person(Role.PIEW_WORKER, "outsider")
    with pytest.raises(PermissionDenied):
        groups.group_place(run=run, enrolment=enrolment, by=outsider)
    assert not Enrolment.objects.filter(group_run=run).exists()


def past_register(team_lead, piew_worker, count: int):
    """A run whose first session is tomorrow, with families placed, then the session moved into
    the past as if it had happened."""
    run = triple_p_run(by=team_lead, facilitators=[team_lead, piew_worker], capacity=count, first_days=1)
    enrolments = families(team_lead, piew_worker, count)
    for enrolment in enrolments:
        groups.group_place(run=run, enrolment=enrolment, by=team_lead)
    group_session = run.sessions.get(number=1)
    group_session.starts_at = at(-1)
    group_session.save()
    group_session.register.update(starts_at=at(-1))
    return group_session, enrolments


def test_the_register_records_every_family_at_once(team_lead, piew_worker, admin_assistant):
    group_session, (first, second) = past_register(team_lead, piew_worker, 2)
    one, two = (enrolment.sessions.get(group_session=group_session) for enrolment in (first, second))
    groups.register_record(group_session=group_session, by=admin_assistant, entries=[
        groups.RegisterEntry(one.pk, A.ATTENDED, frozenset({"mother", "father"})),
        groups.RegisterEntry(two.pk, A.DID_NOT_ATTEND)])
    one.refresh_from_db()
    two.refresh_from_db()
    assert (one.attendance, one.mother_attended, one.father_attended, one.attendance_recorded_by) == (
        A.ATTENDED, True, True, admin_assistant)
    assert two.attendance == A.DID_NOT_ATTEND
    first.refresh_from_db()
    assert first.status == Enrolment.Status.ACTIVE  # started by the first attended session


def test_a_facilitator_keeps_the_register_for_families_not_on_their_caseload(team_lead, piew_worker):
    group_session, (first,) = past_register(team_lead, piew_worker, 1)
    facilitator = person(Role.PIEW_WORKER, "facilitator")
    group_session.run.facilitators.add(facilitator)
    row = first.sessions.get(group_session=group_session)
    groups.register_record(group_session=group_session, by=facilitator,
                           entries=[groups.RegisterEntry(row.pk, A.ATTENDED, frozenset({"mother"}))])
    row.refresh_from_db()
    assert row.attendance_recorded_by == facilitator


def test_the_register_is_all_or_nothing(team_lead, piew_worker):
    group_session, (first, second) = past_register(team_lead, piew_worker, 2)
    one, two = (enrolment.sessions.get(group_session=group_session) for enrolment in (first, second))
    with pytest.raises(ValidationError) as refused:
        groups.register_record(group_session=group_session, by=team_lead, entries=[
            groups.RegisterEntry(one.pk, A.ATTENDED, frozenset({"mother"})),
            groups.RegisterEntry(two.pk, A.ATTENDED)])  # who attended is missing
    assert refused.value.message_dict == {str(two.pk): ["Choose who attended: mother, father or other carer"]}
    assert not Session.objects.filter(pk__in=[one.pk, two.pk]).exclude(attendance="").exists()


def test_the_register_refuses_someone_who_does_not_keep_it(team_lead, piew_worker):
    group_session, (first,) = past_register(team_lead, piew_worker, 1)
    row = first.sessions.get(group_session=group_session)
    for outsider in (person(Role.PIEW_WORKER, "outsider"), person(Role.PARTNER, "partner")):
        with pytest.raises(PermissionDenied):
            groups.register_record(group_session=group_session, by=outsider,
                                   entries=[groups.RegisterEntry(row.pk, A.DID_NOT_ATTEND)])
    row.refresh_from_db()
    assert row.attendance == ""


def test_a_row_from_another_session_is_refused(team_lead, piew_worker):
    group_session, (first,) = past_register(team_lead, piew_worker, 1)
    other_row = first.sessions.get(group_session__number=2)
    with pytest.raises(ValidationError) as refused:
        groups.register_record(group_session=group_session, by=team_lead,
                               entries=[groups.RegisterEntry(other_row.pk, A.DID_NOT_ATTEND)])
    assert refused.value.message_dict == {
        str(other_row.pk): ["This family is not on this session's register"]}


def test_cancelling_a_run_sends_its_families_back_to_waiting_and_keeps_attendance(team_lead, piew_worker):
    cancelled = triple_p_run(by=team_lead, facilitators=[team_lead], capacity=1, first_days=-8)
    holding, waiting = families(team_lead, piew_worker, 2)
    groups.group_place(run=cancelled, enrolment=holding, by=team_lead)
    groups.group_place(run=cancelled, enrolment=waiting, by=team_lead)
    held = holding.sessions.get(group_session__number=3)
    Session.objects.filter(pk=held.pk).update(starts_at=at(-1))  # as if it had already happened
    services.attendance_record(session=held, by=team_lead, attendance=A.ATTENDED, who={"mother"})

    groups.run_cancel(run=cancelled, by=team_lead)
    cancelled.refresh_from_db()
    assert cancelled.cancelled_at is not None
    assert not Enrolment.objects.filter(group_run=cancelled).exists()
    assert list(holding.sessions.values_list("group_session__number", "attendance")) == [(3, A.ATTENDED)]
    statuses = {e.status for e in Enrolment.objects.filter(pk__in=[holding.pk, waiting.pk])}
    assert statuses <= set(Enrolment.OPEN)
    with pytest.raises(ValidationError, match="already cancelled"):
        groups.run_cancel(run=cancelled, by=team_lead)
    with pytest.raises(ValidationError):
        groups.group_place(run=cancelled, enrolment=waiting, by=team_lead)
    with pytest.raises(ValidationError, match="was cancelled on"):
        groups.run_update(run=cancelled, by=team_lead, capacity=9)


def test_only_those_who_keep_the_register_cancel_a_run(run, team_lead):
    outsider = person(Role.PIEW_WORKER, "outsider")
    with pytest.raises(PermissionDenied):
        groups.run_cancel(run=run, by=outsider)
    run.refresh_from_db()
    assert run.cancelled_at is None
