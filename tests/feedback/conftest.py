"""Families whose intervention ends, and parents who may be asked for feedback."""

import json
import uuid
from unittest import mock

import pytest
import requests

from families.models import Caregiver, ConsentRecord
from interventions import services as interventions
from interventions.models import Enrolment
from team.models import User
from team.roles import Role
from tests.interventions.conftest import consent, consenting_case, enrolled, person

FEEDBACK = ConsentRecord.Purpose.FEEDBACK_CONTACT


def parents_reachable(case, by: User, *, consent_to_feedback: bool = True) -> list[Caregiver]:
    """Give the case's parents an email address (the father a mobile only) and their consent."""
    caregivers = list(case.family.caregivers.order_by("pk"))
    for number, caregiver in enumerate(caregivers):
        if caregiver.relationship == Caregiver.Relationship.FATHER:
            caregiver.mobile = "07700900123"
            caregiver.email = f"dad{case.pk}-{number}@example.org"
        else:
            caregiver.email = f"mum{case.pk}-{number}@example.org"
        caregiver.save()
        if consent_to_feedback:
            consent(caregiver, FEEDBACK, by)
    return caregivers


def end_enrolment(enrolment: Enrolment, by: User, capture) -> Enrolment:
    """End the enrolment early (no sessions needed), running the after-commit hooks."""
    with capture(execute=True):
        return interventions.enrolment_complete(enrolment=enrolment, by=by, completed=False,
                                                end_reason=Enrolment.EndReason.WITHDREW)


@pytest.fixture
def worker(db) -> User:
    return person(Role.PIEW_WORKER, "piew")


@pytest.fixture
def team_lead(db) -> User:
    return person(Role.TEAM_LEAD, "lead")


@pytest.fixture
def family_case(worker):
    case = consenting_case(key_worker=worker, with_father=True)
    parents_reachable(case, worker)
    return case


@pytest.fixture
def enrolment(family_case, worker) -> Enrolment:
    return enrolled(case=family_case, code="vig", practitioner=worker)


@pytest.fixture
def ended(enrolment, worker, django_capture_on_commit_callbacks, mailoutbox) -> Enrolment:
    """The enrolment ended, and both parents' links sent by email."""
    return end_enrolment(enrolment, worker, django_capture_on_commit_callbacks)


class NotifyAPI:
    """GOV.UK Notify's HTTP API, answered on the transport: the client library itself runs."""

    def __init__(self):
        self.calls: list[tuple[str, str, dict]] = []
        self.replies: list[tuple[int, dict]] = []

    def reply(self, status: int, body: dict | None = None) -> None:
        self.replies.append((status, body or {}))

    def send(self, adapter, prepared, **kwargs):
        body = json.loads(prepared.body) if prepared.body else {}
        self.calls.append((prepared.method, prepared.url, body))
        status, payload = self.replies.pop(0) if self.replies else (201, {"id": str(uuid.uuid4())})
        response = requests.Response()
        response.status_code = status
        response._content = json.dumps(payload).encode()
        response.headers["Content-Type"] = "application/json"
        response.url = prepared.url
        response.request = prepared
        return response


@pytest.fixture
def notify(settings):
    settings.NOTIFY_API_KEY = f"test_key-{uuid.uuid4()}-{uuid.uuid4()}"
    settings.NOTIFY_BASE_URL = "https://api.notifications.service.gov.uk"
    settings.NOTIFY_FEEDBACK_EMAIL_TEMPLATE_ID = "11111111-1111-1111-1111-111111111111"
    settings.NOTIFY_FEEDBACK_SMS_TEMPLATE_ID = "22222222-2222-2222-2222-222222222222"
    settings.NOTIFY_FEEDBACK_REMINDER_EMAIL_TEMPLATE_ID = "33333333-3333-3333-3333-333333333333"
    settings.NOTIFY_FEEDBACK_REMINDER_SMS_TEMPLATE_ID = ""
    api = NotifyAPI()
    with mock.patch("requests.adapters.HTTPAdapter.send", autospec=True, side_effect=api.send):
        yield api
