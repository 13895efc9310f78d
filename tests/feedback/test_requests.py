"""Feedback requests: made when an enrolment ends, sent exactly once, retried, swept, reminded,
and cancelled when a parent withdraws consent."""

import datetime
import re
import smtplib
from unittest import mock

import pytest
from django.utils import timezone

from families.models import Caregiver, ConsentRecord, OneTimeLink
from families.onetime import link_resolve
from feedback import hooks, services, tasks
from feedback.delivery import TransientDeliveryError
from feedback.models import FeedbackRequest
from tests.feedback.conftest import FEEDBACK, end_enrolment
from tests.interventions.conftest import attended_session, consent, consenting_case, enrolled, programme

State = FeedbackRequest.State
LINK = re.compile(r"http://testserver/feedback/([A-Za-z0-9_-]{40,})/")


def token_in(body: str) -> str:
    return LINK.search(body).group(1)


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = "http://testserver"


def test_completing_an_enrolment_sends_each_consenting_parent_their_own_link(
        enrolment, worker, mailoutbox, django_capture_on_commit_callbacks):
    filming = programme("vig").session_kinds.get(name="Filming")
    for day in (30, 20, 10, 2):
        attended_session(enrolment, worker, days_ago=day, kind=filming, cycle=1)
    from interventions import services as interventions

    with django_capture_on_commit_callbacks(execute=True):
        interventions.enrolment_complete(enrolment=enrolment, by=worker, completed=True)

    requests = list(FeedbackRequest.objects.filter(enrolment=enrolment).select_related("caregiver", "link"))
    assert len(requests) == 2
    assert {r.state for r in requests} == {State.SENT}
    assert all(r.sent_at and r.claimed_at and r.attempts == 1 for r in requests)
    assert sorted(m.to[0] for m in mailoutbox) == sorted(r.caregiver.email for r in requests)
    for message in mailoutbox:
        request = next(r for r in requests if r.caregiver.email == message.to[0])
        assert f"Dear {request.caregiver.first_name}," in message.body
        assert request.caregiver.last_name not in message.body
        link = link_resolve(token=token_in(message.body), purpose=OneTimeLink.Purpose.FEEDBACK)
        assert link == request.link
        assert link.expires_at - link.created_at == datetime.timedelta(days=28)


def test_the_hook_running_twice_makes_one_request_per_parent(ended, mailoutbox,
                                                             django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        hooks.request_feedback(enrolment_id=ended.pk)
        hooks.request_feedback(enrolment_id=ended.pk)
    assert FeedbackRequest.objects.filter(enrolment=ended).count() == 2
    assert len(mailoutbox) == 2


def test_a_repeated_send_task_sends_nothing_twice(ended, mailoutbox):
    request = FeedbackRequest.objects.filter(enrolment=ended).first()
    assert tasks.send_feedback_request.delay(request.pk).get() == "not claimed"
    assert len(mailoutbox) == 2


def test_no_request_for_a_parent_without_consent_or_contact_details(
        worker, django_capture_on_commit_callbacks, mailoutbox):
    case = consenting_case(key_worker=worker, with_father=True)
    mother, father = case.family.caregivers.order_by("pk")
    mother.email = "mum@example.org"
    mother.save()
    consent(mother, FEEDBACK, worker, decision=ConsentRecord.Decision.REFUSED)
    consent(father, FEEDBACK, worker)  # consents, but gave neither an email nor a mobile
    enrolment = enrolled(case=case, code="vig", practitioner=worker)
    end_enrolment(enrolment, worker, django_capture_on_commit_callbacks)
    assert not FeedbackRequest.objects.exists()
    assert mailoutbox == []


def test_consent_is_checked_at_the_moment_of_sending(enrolment, worker, mailoutbox,
                                                     django_capture_on_commit_callbacks):
    with mock.patch("feedback.services.requests._queue_send", return_value=lambda: None):
        end_enrolment(enrolment, worker, django_capture_on_commit_callbacks)
    mother = enrolment.caregivers.get(relationship=Caregiver.Relationship.MOTHER)
    # The withdrawal is recorded without its hooks, as if it came in between queueing and sending.
    consent(mother, FEEDBACK, worker, decision=ConsentRecord.Decision.WITHDRAWN)

    for request in FeedbackRequest.objects.all():
        tasks.send_feedback_request.delay(request.pk)

    refused = FeedbackRequest.objects.get(caregiver=mother)
    assert refused.state == State.CANCELLED and refused.cancelled_at and refused.sent_at is None
    assert refused.link is None
    assert [m.to[0] for m in mailoutbox] == [enrolment.caregivers.get(relationship="father").email]


def test_withdrawing_consent_cancels_pending_requests_and_links_at_once(
        ended, worker, mailoutbox, django_capture_on_commit_callbacks):
    father = ended.caregivers.get(relationship=Caregiver.Relationship.FATHER)
    request = FeedbackRequest.objects.get(caregiver=father)
    from families.services import consent_withdraw

    with django_capture_on_commit_callbacks(execute=True):
        consent_withdraw(caregiver=father, purpose=FEEDBACK, method=ConsentRecord.Method.VERBAL,
                         recorded_by=worker)

    request.refresh_from_db()
    assert request.cancelled_at is not None
    assert request.link.cancelled_at is not None
    # No reminder goes, even once it is due.
    FeedbackRequest.objects.filter(pk=request.pk).update(sent_at=timezone.now() - datetime.timedelta(days=8))
    with django_capture_on_commit_callbacks(execute=True):
        services.requests_sweep()
    assert len(mailoutbox) == 2
    mother_request = FeedbackRequest.objects.exclude(pk=request.pk).get()
    assert mother_request.cancelled_at is None


def test_a_queued_request_is_cancelled_by_withdrawal_before_it_goes(
        enrolment, worker, mailoutbox, django_capture_on_commit_callbacks):
    with mock.patch("feedback.services.requests._queue_send", return_value=lambda: None):
        end_enrolment(enrolment, worker, django_capture_on_commit_callbacks)
    mother = enrolment.caregivers.get(relationship=Caregiver.Relationship.MOTHER)
    with django_capture_on_commit_callbacks(execute=True):
        consent(mother, FEEDBACK, worker, decision=ConsentRecord.Decision.WITHDRAWN)
    request = FeedbackRequest.objects.get(caregiver=mother)
    assert request.state == State.CANCELLED
    assert tasks.send_feedback_request.delay(request.pk).get() == "not claimed"
    assert mailoutbox == []


def test_a_mail_server_failure_is_retried_with_the_claim_released(ended, mailoutbox):
    request = FeedbackRequest.objects.first()
    FeedbackRequest.objects.filter(pk=request.pk).update(state=State.QUEUED, sent_at=None)
    with mock.patch("django.core.mail.EmailMessage.send", side_effect=smtplib.SMTPServerDisconnected("gone")):
        with pytest.raises(TransientDeliveryError):
            services.request_send(request_id=request.pk)
    request.refresh_from_db()
    assert (request.state, request.claimed_at, request.sent_at) == (State.QUEUED, None, None)
    assert request.attempts == 2
    first_link = request.link

    assert services.request_send(request_id=request.pk) == "sent"
    request.refresh_from_db()
    assert request.state == State.SENT and request.attempts == 3
    first_link.refresh_from_db()
    assert first_link.cancelled_at is not None  # only the link in the message that went is open
    assert request.link.is_usable


def test_the_task_retries_transient_failures_with_backoff(ended):
    request = FeedbackRequest.objects.first()
    FeedbackRequest.objects.filter(pk=request.pk).update(state=State.QUEUED)
    assert tasks.send_feedback_request.autoretry_for == (TransientDeliveryError,)
    assert tasks.send_feedback_request.retry_backoff == 30
    task = tasks.send_feedback_request
    with mock.patch("django.core.mail.EmailMessage.send", side_effect=ConnectionRefusedError()), \
            mock.patch.object(task, "retry", side_effect=RuntimeError("retry")) as retry:
        with pytest.raises(RuntimeError, match="retry"):
            tasks.send_feedback_request.apply(args=[request.pk], throw=True)
    assert retry.call_count == 1
    assert isinstance(retry.call_args.kwargs["exc"], TransientDeliveryError)


def test_a_refused_address_marks_the_request_failed_with_the_reason(ended):
    request = FeedbackRequest.objects.first()
    FeedbackRequest.objects.filter(pk=request.pk).update(state=State.QUEUED)
    refused = smtplib.SMTPRecipientsRefused({request.caregiver.email: (550, b"No such user")})
    with mock.patch("django.core.mail.EmailMessage.send", side_effect=refused):
        assert services.request_send(request_id=request.pk) == "failed"
    request.refresh_from_db()
    assert request.state == State.FAILED
    assert request.failure_reason.startswith("The mail server refused the address")
    assert request.link.cancelled_at is not None


def test_the_sweep_requeues_requests_left_queued_or_sending(enrolment, worker, mailoutbox,
                                                            django_capture_on_commit_callbacks):
    with mock.patch("feedback.services.requests._queue_send", return_value=lambda: None):
        end_enrolment(enrolment, worker, django_capture_on_commit_callbacks)
    lost, crashed = FeedbackRequest.objects.order_by("pk")
    old = timezone.now() - datetime.timedelta(minutes=11)
    FeedbackRequest.objects.filter(pk=lost.pk).update(queued_at=old)
    FeedbackRequest.objects.filter(pk=crashed.pk).update(state=State.SENDING, claimed_at=old, attempts=1)

    with django_capture_on_commit_callbacks(execute=True):
        assert services.requests_sweep()["requeued"] == 2
    assert sorted(m.to[0] for m in mailoutbox) == sorted([lost.caregiver.email, crashed.caregiver.email])
    assert set(FeedbackRequest.objects.values_list("state", flat=True)) == {State.SENT}
    with django_capture_on_commit_callbacks(execute=True):
        assert services.requests_sweep()["requeued"] == 0
    assert len(mailoutbox) == 2


def test_the_sweep_leaves_a_recent_claim_alone(ended, mailoutbox, django_capture_on_commit_callbacks):
    request = FeedbackRequest.objects.first()
    FeedbackRequest.objects.filter(pk=request.pk).update(
        state=State.SENDING, sent_at=None, claimed_at=timezone.now() - datetime.timedelta(minutes=9))
    with django_capture_on_commit_callbacks(execute=True):
        assert services.requests_sweep()["requeued"] == 0
    assert len(mailoutbox) == 2


def test_a_reminder_goes_once_after_seven_days_with_a_link_of_its_own(ended, mailoutbox,
                                                                      django_capture_on_commit_callbacks):
    FeedbackRequest.objects.update(sent_at=timezone.now() - datetime.timedelta(days=6, hours=23))
    with django_capture_on_commit_callbacks(execute=True):
        assert services.requests_sweep()["reminders"] == 0
    FeedbackRequest.objects.update(sent_at=timezone.now() - datetime.timedelta(days=7, minutes=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert services.requests_sweep()["reminders"] == 2
        services.requests_sweep()
    reminders = [m for m in mailoutbox if m.subject.startswith("A reminder")]
    assert len(reminders) == 2
    for request in FeedbackRequest.objects.select_related("link", "reminder_link"):
        assert request.reminder_sent_at is not None
        assert request.reminder_link.expires_at == request.link.expires_at or (
            abs(request.reminder_link.expires_at - request.link.expires_at) < datetime.timedelta(seconds=5))
        assert request.link.is_usable and request.reminder_link.is_usable


def test_no_reminder_once_the_parent_has_answered(ended, mailoutbox, django_capture_on_commit_callbacks):
    request = FeedbackRequest.objects.first()
    OneTimeLink.objects.filter(pk=request.link_id).update(used_at=timezone.now())
    FeedbackRequest.objects.update(sent_at=timezone.now() - datetime.timedelta(days=8))
    with django_capture_on_commit_callbacks(execute=True):
        assert services.requests_sweep()["reminders"] == 1
