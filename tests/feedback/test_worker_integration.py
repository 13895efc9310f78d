"""Exactly once, for real: a Celery worker process on Redis, PostgreSQL, and an SMTP server on
loopback. Twenty enrolments end; the worker is killed while a message is half-sent; a new
worker and the sweep finish the job; every consenting parent gets exactly one message.

Runs where REDIS_URL is set and the tests use PostgreSQL (the worker must share the test
database, which SQLite keeps in memory); skipped elsewhere.
"""

import asyncio
import datetime
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from email import message_from_bytes
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from families.models import Caregiver, ConsentRecord
from feedback.models import FeedbackRequest
from interventions import services as interventions
from team.roles import Role
from tests.feedback.conftest import FEEDBACK, parents_reachable
from tests.interventions.conftest import (
    attended_session,
    consent,
    consenting_case,
    enrolled,
    person,
    programme,
)

# The catalogue and the questionnaire come from data migrations; tests/conftest.py seeds them
# again after a flush.
pytestmark = [pytest.mark.django_db(transaction=True)]

QUEUE = "feedback-integration"
HOSTNAME = "piew-feedback-it@%h"
State = FeedbackRequest.State


class Mailbox:
    """What the SMTP server accepted. It can hold one message in DATA (before accepting it) so
    the test can kill the sender mid-send; a message whose sender dies is never accepted."""

    def __init__(self, hold_at: int):
        self.accepted: list[tuple[list[str], bytes]] = []
        self.hold_at = hold_at
        self.holding = threading.Event()
        self.release = threading.Event()
        self.dropped = threading.Event()
        self.seen = 0

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        self.seen += 1
        if self.seen == self.hold_at:
            self.holding.set()
            try:
                while not self.release.is_set():
                    await asyncio.sleep(0.05)
            except asyncio.CancelledError:  # the sender hung up before the message was accepted
                self.dropped.set()
                raise
        self.accepted.append((list(envelope.rcpt_tos), envelope.content))
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def mailbox():
    from aiosmtpd.controller import Controller

    box = Mailbox(hold_at=6)
    controller = Controller(box, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield box, controller.port
    box.release.set()
    controller.stop()


@pytest.fixture
def routed_to_test_queue():
    """Tasks from this process go to a queue only the test's worker reads, and to the broker
    (not run in process)."""
    from piew.celery import app

    if not settings.REDIS_URL:
        pytest.skip("REDIS_URL is not set: no broker for a Celery worker")
    if connection.vendor != "postgresql":
        pytest.skip("The worker needs the test database on PostgreSQL")
    previous = (app.conf.task_routes, app.conf.task_always_eager)
    app.conf.task_routes = {"feedback.tasks.*": {"queue": QUEUE}}
    app.conf.task_always_eager = False
    app.amqp.flush_routes()
    app.amqp.__dict__.pop("router", None)
    with app.connection_for_write() as conn:
        conn.default_channel.queue_purge(QUEUE)
    yield app
    app.conf.task_routes, app.conf.task_always_eager = previous
    app.amqp.flush_routes()
    app.amqp.__dict__.pop("router", None)


def database_url() -> str:
    db = connection.settings_dict
    user = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{user}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def start_worker(app, smtp_port: int) -> subprocess.Popen:
    celery = Path(sys.executable).with_name("celery")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "piew.settings", "DATABASE_URL": database_url(),
           "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}", "PIEW_SITE_URL": "http://127.0.0.1:8000"}
    worker = subprocess.Popen(
        [str(celery), "-A", "piew", "worker", "--pool=solo", "--loglevel=WARNING", "-Q", QUEUE,
         f"--hostname={HOSTNAME}"], env=env)
    name = HOSTNAME.replace("%h", socket.gethostname())
    deadline = time.monotonic() + 30
    while not app.control.ping(destination=[name], timeout=0.5):
        if time.monotonic() > deadline or worker.poll() is not None:
            worker.kill()
            pytest.fail("The Celery worker did not start within 30 seconds")
    return worker


def wait_for(condition, seconds: float = 60, message: str = "") -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(message or "timed out")
        time.sleep(0.1)


def twenty_ended_enrolments() -> set[str]:
    """Twenty families complete VIG; in every fourth the father refuses feedback contact.
    Returns the addresses of the parents who may be asked."""
    worker = person(Role.PIEW_WORKER, "piew")
    filming = programme("vig").session_kinds.get(name="Filming")
    expected = set()
    for number in range(20):
        case = consenting_case(key_worker=worker, with_father=True)
        caregivers = parents_reachable(case, worker)
        enrolment = enrolled(case=case, code="vig", practitioner=worker)
        for day in (30, 20, 10, 2):
            attended_session(enrolment, worker, days_ago=day, kind=filming, cycle=1)
        for caregiver in caregivers:
            if number % 4 == 0 and caregiver.relationship == Caregiver.Relationship.FATHER:
                consent(caregiver, FEEDBACK, worker, decision=ConsentRecord.Decision.REFUSED)
            else:
                expected.add(caregiver.email)
        interventions.enrolment_complete(enrolment=enrolment, by=worker, completed=True)
    return expected


def test_killing_the_worker_mid_send_loses_nothing_and_sends_nothing_twice(routed_to_test_queue, mailbox):
    from feedback.tasks import sweep_feedback_requests

    app = routed_to_test_queue
    box, smtp_port = mailbox
    worker = start_worker(app, smtp_port)
    try:
        expected = twenty_ended_enrolments()
        assert len(expected) == 35
        assert box.holding.wait(60), "no message reached the SMTP server"
        held = FeedbackRequest.objects.get(state=State.SENDING)
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=30)
    finally:
        if worker.poll() is None:
            worker.kill()
    assert box.dropped.wait(10), "the SMTP server did not notice the sender die"
    box.release.set()
    held.refresh_from_db()
    assert (held.state, held.sent_at) == (State.SENDING, None)
    accepted_before = len(box.accepted)
    assert accepted_before == 5  # the held message died with its sender

    worker = start_worker(app, smtp_port)
    try:
        # The queue drains; the one left "sending" waits for its claim to go stale.
        wait_for(lambda: FeedbackRequest.objects.filter(state=State.SENT).count() == 34, 120,
                 "the restarted worker did not send the rest")
        assert FeedbackRequest.objects.get(state=State.SENDING).pk == held.pk
        stale = timezone.now() - datetime.timedelta(minutes=11)
        FeedbackRequest.objects.filter(pk=held.pk).update(claimed_at=stale)
        # The sweep as beat runs it; run here, its re-queued task reaches the test's queue.
        sweep_feedback_requests.apply()
        wait_for(lambda: FeedbackRequest.objects.filter(state=State.SENT).count() == 35, 60,
                 "the sweep did not re-send the interrupted request")
        # Later sweeps and repeated tasks find nothing more to send.
        sweep_feedback_requests.apply()
        for request in FeedbackRequest.objects.all():
            app.send_task("feedback.tasks.send_feedback_request", args=[request.pk], queue=QUEUE)
        time.sleep(3)
    finally:
        worker.terminate()
        worker.wait(timeout=30)

    recipients = Counter(to for rcpt_tos, _ in box.accepted for to in rcpt_tos)
    assert set(recipients) == expected
    assert set(recipients.values()) == {1}
    held.refresh_from_db()
    assert held.attempts == 2 and held.link.is_usable
    content = next(content for rcpt, content in box.accepted if held.caregiver.email in rcpt)
    body = message_from_bytes(content).get_payload(decode=True).decode()
    assert f"Dear {held.caregiver.first_name}," in body and held.caregiver.last_name not in body


def test_messages_the_broker_loses_are_sent_once_by_the_sweep(routed_to_test_queue, mailbox):
    """Redis restarted without persistence (as CI runs it) loses every queued task: here the
    queue is emptied before any worker reads it. The rows stay queued; the sweep sends each."""
    from feedback.tasks import sweep_feedback_requests

    app = routed_to_test_queue
    box, smtp_port = mailbox
    box.release.set()
    expected = twenty_ended_enrolments()
    assert FeedbackRequest.objects.filter(state=State.QUEUED).count() == 35
    with app.connection_for_write() as conn:
        conn.default_channel.queue_purge(QUEUE)

    worker = start_worker(app, smtp_port)
    try:
        time.sleep(2)
        assert box.accepted == [] and FeedbackRequest.objects.filter(state=State.QUEUED).count() == 35
        stale = timezone.now() - datetime.timedelta(minutes=11)
        FeedbackRequest.objects.update(queued_at=stale)
        sweep_feedback_requests.apply()
        wait_for(lambda: FeedbackRequest.objects.filter(state=State.SENT).count() == 35, 120,
                 "the sweep did not send the lost requests")
        sweep_feedback_requests.apply()
        time.sleep(2)
    finally:
        worker.terminate()
        worker.wait(timeout=30)

    recipients = Counter(to for rcpt_tos, _ in box.accepted for to in rcpt_tos)
    assert set(recipients) == expected
    assert set(recipients.values()) == {1}
