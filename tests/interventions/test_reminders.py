"""Reminders: attendance not recorded two days after a session, and active enrolments with no
session for 21 days; each raised once, emailed once, with counts and no personal details."""

import datetime
from unittest import mock

import pytest
from django.core import mail
from django.utils import timezone

from interventions import services, tasks
from interventions.models import Reminder, Session
from interventions.services import reminders
from team.roles import Role
from tests.interventions.conftest import attended_session, consenting_case, enrolled, past, person, programme

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def book(enrolment, by, days_ago: int) -> Session:
    return services.session_book(enrolment=enrolment, by=by, starts_at=past(days_ago), mode=Session.Mode.HOME)


def filming():
    return programme("vig").session_kinds.get(name="Filming")


@pytest.fixture
def www(case, piew_worker):
    return enrolled(case=case, code="watch_wait_wonder", practitioner=piew_worker)


def open_kinds(practitioner) -> list[tuple[str, int | None]]:
    return [(r.kind, r.session_id) for r in reminders.tasks_for(practitioner=practitioner)]


def test_a_session_without_attendance_is_reminded_two_days_after_it_was_due(www, piew_worker):
    due = book(www, piew_worker, days_ago=2)
    book(www, piew_worker, days_ago=1)  # still within the grace days
    assert reminders.reminders_raise(today=TODAY) == 1
    assert reminders.reminders_raise(today=TODAY) == 0
    reminder = Reminder.objects.get()
    assert (reminder.kind, reminder.session, reminder.practitioner, reminder.enrolment) == (
        Reminder.Kind.ATTENDANCE_MISSING, due, piew_worker, www)
    assert open_kinds(piew_worker) == [(Reminder.Kind.ATTENDANCE_MISSING, due.pk)]


def test_recording_attendance_resolves_the_reminder_and_it_is_not_emailed(www, piew_worker):
    session = book(www, piew_worker, days_ago=3)
    reminders.reminders_raise(today=TODAY)
    services.attendance_record(session=session, by=piew_worker, attendance=Session.Attendance.DID_NOT_ATTEND)
    assert open_kinds(piew_worker) == []
    assert reminders.reminder_digest_send(today=TODAY) == 0
    assert mail.outbox == []
    assert Reminder.objects.get().resolved_at is not None


def test_no_reminder_for_a_session_after_the_enrolment_ended(www, piew_worker):
    book(www, piew_worker, days_ago=5)
    services.enrolment_complete(enrolment=www, by=piew_worker, completed=False, end_reason="moved",
                                ended_on=TODAY - datetime.timedelta(days=6))
    assert reminders.reminders_raise(today=TODAY) == 0


def test_an_active_enrolment_quiet_for_21_days_is_reminded_once_per_gap(www, piew_worker):
    last = attended_session(www, piew_worker, days_ago=21)
    assert reminders.reminders_raise(today=TODAY - datetime.timedelta(days=1)) == 0
    assert reminders.reminders_raise(today=TODAY) == 1
    assert reminders.reminders_raise(today=TODAY) == 0
    reminder = Reminder.objects.get()
    assert (reminder.kind, reminder.quiet_since) == (Reminder.Kind.NO_RECENT_SESSION,
                                                    timezone.localdate(last.starts_at))
    # A session booked since: the reminder no longer applies, and is closed by the next run.
    services.session_book(enrolment=www, by=piew_worker, mode=Session.Mode.HOME,
                          starts_at=timezone.now() + datetime.timedelta(days=2))
    assert open_kinds(piew_worker) == []
    reminders.reminders_raise(today=TODAY)
    reminder.refresh_from_db()
    assert reminder.resolved_at is not None


def test_waiting_enrolments_and_recent_sessions_are_not_quiet(www, piew_worker):
    other = enrolled(case=consenting_case(key_worker=piew_worker), code="vig", practitioner=piew_worker)
    attended_session(other, piew_worker, days_ago=20, kind=filming(), cycle=1)
    assert www.status == "waiting"
    assert reminders.reminders_raise(today=TODAY) == 0


def test_reminders_sent_once_per_item_in_one_email_with_counts_only(www, piew_worker, case):
    book(www, piew_worker, days_ago=3)
    book(www, piew_worker, days_ago=4)
    quiet = enrolled(case=consenting_case(key_worker=piew_worker), code="vig",
                     practitioner=piew_worker)
    attended_session(quiet, piew_worker, days_ago=30, kind=filming(), cycle=1)
    other_worker = person(Role.PIEW_WORKER, "sam")
    theirs = enrolled(case=consenting_case(key_worker=other_worker), code="watch_wait_wonder",
                      practitioner=other_worker)
    book(theirs, other_worker, days_ago=3)

    assert tasks.raise_and_send_reminders.delay().get() == 2
    assert tasks.raise_and_send_reminders.delay().get() == 0
    assert len(mail.outbox) == 2
    mine = next(message for message in mail.outbox if message.to == [piew_worker.email])
    assert mine.subject == "Your PIEW task list"
    assert mine.body == (
        f"Hello {piew_worker.first_name},\n\n2 sessions need attendance recording; 1 family has had no "
        "session for 21 days.\n\nSign in to see your task list: http://127.0.0.1:8000/interventions/tasks/\n")
    for family in (case.family, quiet.case.family):
        assert family.reference not in mine.body
        assert all(caregiver.first_name not in mine.body for caregiver in family.caregivers.all())
    assert not Reminder.objects.filter(emailed_at__isnull=True).exists()

    # A new item the next day is emailed on its own; the earlier ones are not sent again.
    book(www, piew_worker, days_ago=2)
    assert tasks.raise_and_send_reminders.delay().get() == 1
    assert "1 session needs attendance recording.\n" in mail.outbox[-1].body


def test_a_failed_send_releases_the_claim_so_the_next_run_sends_it(www, piew_worker):
    book(www, piew_worker, days_ago=3)
    reminders.reminders_raise(today=TODAY)
    with mock.patch("interventions.services.reminders.send_mail", side_effect=OSError("mail server down")):
        with pytest.raises(OSError):
            reminders.reminder_digest_send(today=TODAY)
    assert Reminder.objects.get().emailed_at is None
    assert reminders.reminder_digest_send(today=TODAY) == 1
    assert len(mail.outbox) == 1


def test_a_reminder_claimed_by_another_run_is_not_sent_again(www, piew_worker):
    book(www, piew_worker, days_ago=3)
    reminders.reminders_raise(today=TODAY)
    Reminder.objects.update(emailed_at=timezone.now())  # the other run's claim
    assert reminders.reminder_digest_send(today=TODAY) == 0
    assert mail.outbox == []
