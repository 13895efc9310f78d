"""Sending through GOV.UK Notify: the client library runs; only its HTTP API is answered here."""

import datetime
import re

import pytest
from django.utils import timezone

from families.models import Caregiver
from feedback import services
from feedback.delivery import TransientDeliveryError
from feedback.models import FeedbackRequest
from tests.feedback.conftest import end_enrolment

State = FeedbackRequest.State
NOTIFY = "https://api.notifications.service.gov.uk"


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = "https://piew.example.org"


def test_email_and_text_go_with_their_templates_and_the_first_name_and_link_only(
        notify, enrolment, worker, mailoutbox, django_capture_on_commit_callbacks):
    father = enrolment.caregivers.get(relationship=Caregiver.Relationship.FATHER)
    Caregiver.objects.filter(pk=father.pk).update(email="")  # a mobile only: a text message
    end_enrolment(enrolment, worker, django_capture_on_commit_callbacks)

    assert mailoutbox == []
    calls = {url.rsplit("/", 1)[1]: body for method, url, body in notify.calls}
    assert all(method == "POST" and url.startswith(f"{NOTIFY}/v2/notifications/")
               for method, url, _ in notify.calls)
    mother = enrolment.caregivers.get(relationship=Caregiver.Relationship.MOTHER)
    email, sms = calls["email"], calls["sms"]
    assert email["email_address"] == mother.email
    assert email["template_id"] == "11111111-1111-1111-1111-111111111111"
    assert set(email["personalisation"]) == {"first_name", "link"}
    assert email["personalisation"]["first_name"] == mother.first_name
    link = email["personalisation"]["link"]
    assert re.fullmatch(r"https://piew\.example\.org/feedback/[A-Za-z0-9_-]{43}/", link)
    assert sms["phone_number"] == "07700900123"
    assert sms["template_id"] == "22222222-2222-2222-2222-222222222222"
    assert sms["personalisation"]["first_name"] == father.first_name
    requests = {r.channel: r for r in FeedbackRequest.objects.all()}
    assert requests["text"].state == State.SENT and requests["text"].notify_id
    assert email["reference"] == f"feedback-request-{requests['email'].pk}"


def test_a_notify_server_error_or_rate_limit_is_retried(notify, enrolment, worker,
                                                        django_capture_on_commit_callbacks):
    from unittest import mock

    with mock.patch("feedback.services.requests._queue_send", return_value=lambda: None):
        end_enrolment(enrolment, worker, django_capture_on_commit_callbacks)
    request = FeedbackRequest.objects.first()
    for status in (500, 429):
        notify.reply(status, {"errors": [{"error": "Busy", "message": "Try later"}], "status_code": status})
        with pytest.raises(TransientDeliveryError, match=str(status)):
            services.request_send(request_id=request.pk)
        request.refresh_from_db()
        assert request.state == State.QUEUED and request.sent_at is None
    assert services.request_send(request_id=request.pk) == "sent"
    request.refresh_from_db()
    assert request.state == State.SENT and request.attempts == 3


def test_a_notify_bad_request_marks_the_request_failed(notify, enrolment, worker,
                                                       django_capture_on_commit_callbacks):
    invalid = "email_address Not a valid email address"
    notify.reply(400, {"errors": [{"error": "ValidationError", "message": invalid}], "status_code": 400})
    end_enrolment(enrolment, worker, django_capture_on_commit_callbacks)
    failed = FeedbackRequest.objects.get(state=State.FAILED)
    assert failed.failure_reason == f"GOV.UK Notify refused it (400): {invalid}"
    assert FeedbackRequest.objects.filter(state=State.SENT).count() == 1


def test_the_reminder_uses_its_own_template(notify, ended, django_capture_on_commit_callbacks):
    notify.calls.clear()
    FeedbackRequest.objects.update(sent_at=timezone.now() - datetime.timedelta(days=8))
    with django_capture_on_commit_callbacks(execute=True):
        services.requests_sweep()
    templates = sorted(body["template_id"] for method, url, body in notify.calls if method == "POST")
    assert templates == ["33333333-3333-3333-3333-333333333333"] * 2


def test_the_sweep_records_what_notify_says_was_delivered(notify, ended, django_capture_on_commit_callbacks):
    notify.calls.clear()
    delivered, lost = FeedbackRequest.objects.order_by("pk")
    notify.reply(200, {"id": delivered.notify_id, "status": "delivered"})
    notify.reply(200, {"id": lost.notify_id, "status": "permanent-failure"})
    with django_capture_on_commit_callbacks(execute=True):
        services.requests_sweep()
    assert [(m, u.rsplit("/", 1)[1]) for m, u, _ in notify.calls] == [
        ("GET", delivered.notify_id), ("GET", lost.notify_id)]
    delivered.refresh_from_db()
    lost.refresh_from_db()
    assert delivered.state == State.DELIVERED and delivered.delivered_at
    assert lost.state == State.FAILED and "could not deliver" in lost.failure_reason


@pytest.fixture
def ended(notify, enrolment, worker, django_capture_on_commit_callbacks):
    return end_enrolment(enrolment, worker, django_capture_on_commit_callbacks)
