"""The public form at /feedback/<token>/: one link, one answer, and one neutral page for every
link that cannot be used."""

import datetime
import hashlib
import hmac
import re
import secrets
from unittest import mock

import pytest
from django.utils import timezone

from families.models import Caregiver, ConsentRecord, OneTimeLink
from feedback.models import FeedbackRequest, FeedbackResponse, Questionnaire
from tests.factories import OrganisationFactory
from tests.feedback.test_requests import token_in
from tests.interventions.conftest import consent

NEUTRAL = "This feedback link cannot be used"
THANKS = "Thank you for your feedback"
ANSWERS = {"fft": "very_good", "statement_0": "5", "statement_1": "4", "statement_2": "",
           "statement_3": "3", "went_well": "Being listened to.", "could_be_better": "Evening sessions.",
           "respondent": "dad", "quote_consent": "yes"}


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = "http://testserver"


@pytest.fixture
def team(db):
    return OrganisationFactory(name="PIEW team", kind="piew_team", phone="01724 000000",
                               email="piew@example.org")


@pytest.fixture
def tokens(ended, mailoutbox) -> dict[str, str]:
    """Each parent's token, by relationship, as it arrived in their email."""
    by_email = {m.to[0]: token_in(m.body) for m in mailoutbox}
    return {c.relationship: by_email[c.email] for c in ended.caregivers.all()}


def url(token: str) -> str:
    return f"/feedback/{token}/"


def neutral_body(response) -> str:
    """The page without what differs by request anyway: the address, the nonce, the CSRF token."""
    page = response.content.decode().replace(response.wsgi_request.get_full_path(), "")
    page = re.sub(r'nonce="[^"]*"', "", page)
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", page)


def test_the_form_shows_the_questionnaire(client, tokens):
    response = client.get(url(tokens["father"]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "<title>Your opinion counts – PIEW case manager</title>" in page
    assert "Overall, how was your experience of our service?" in page
    for answer in ("Very good", "Neither good nor poor", "Very poor", "Don’t know"):
        assert answer in page
    assert "I understand my baby’s thoughts and feelings better" in page
    assert response["Cache-Control"] == "no-store"


def test_a_dad_answers_once_and_the_link_then_says_thank_you(client, tokens, ended):
    response = client.post(url(tokens["father"]), ANSWERS)
    assert response.status_code == 302 and response.url == url(tokens["father"])
    answer = FeedbackResponse.objects.get()
    father = ended.caregivers.get(relationship=Caregiver.Relationship.FATHER)
    assert answer.request.caregiver == father and answer.enrolment == ended
    assert (answer.fft, answer.agreements, answer.respondent, answer.quote_consent, answer.source) == (
        "very_good", [5, 4, None, 3], "dad", True, "online")
    assert answer.questionnaire.version == 1
    assert answer.request.link.used_at is not None

    again = client.get(url(tokens["father"]))
    assert THANKS in again.content.decode()
    resent = client.post(url(tokens["father"]), {**ANSWERS, "fft": "poor"})
    assert resent.status_code == 200 and THANKS in resent.content.decode()
    assert FeedbackResponse.objects.count() == 1 and FeedbackResponse.objects.get().fft == "very_good"


def test_missing_answers_are_named_and_what_was_typed_is_kept(client, tokens):
    response = client.post(url(tokens["mother"]), {"went_well": "The videos helped."})
    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Your opinion counts" in page
    assert "Choose how your experience of our service was overall" in page
    assert "Choose who is answering: mum, dad or another parent or carer" in page
    assert "The videos helped." in page
    assert not FeedbackResponse.objects.exists()


@pytest.mark.parametrize("spoil", ["guessed", "tampered", "expired", "cancelled", "short", "other_purpose"])
def test_every_unusable_link_gets_the_same_neutral_page(client, tokens, team, spoil):
    token = tokens["mother"]
    link = FeedbackRequest.objects.get(caregiver__relationship="mother").link
    if spoil == "guessed":
        token = secrets.token_urlsafe(32)
    elif spoil == "tampered":
        token = token[:-1] + ("A" if token[-1] != "A" else "B")
    elif spoil == "expired":
        OneTimeLink.objects.filter(pk=link.pk).update(created_at=timezone.now() - datetime.timedelta(days=30),
                                                      expires_at=timezone.now() - datetime.timedelta(days=2))
    elif spoil == "cancelled":
        OneTimeLink.objects.filter(pk=link.pk).update(cancelled_at=timezone.now())
    elif spoil == "short":
        token = "abc"
    elif spoil == "other_purpose":
        OneTimeLink.objects.filter(pk=link.pk).update(purpose=OneTimeLink.Purpose.MEASURE)
    unknown = client.get(url(secrets.token_urlsafe(32)))
    response = client.get(url(token))
    assert response.status_code == unknown.status_code == 404
    assert neutral_body(response) == neutral_body(unknown)
    page = response.content.decode()
    assert NEUTRAL in page and "01724 000000" in page and "piew@example.org" in page
    posted = client.post(url(token), ANSWERS)
    assert posted.status_code == 404 and NEUTRAL in posted.content.decode()
    assert not FeedbackResponse.objects.exists()


def test_tokens_are_looked_up_by_hash_and_compared_in_constant_time(client, tokens):
    with mock.patch("families.onetime.hmac.compare_digest", wraps=hmac.compare_digest) as compare:
        client.get(url(tokens["mother"]))
    assert compare.call_count == 1
    stored = OneTimeLink.objects.values_list("token_hash", flat=True)
    assert hashlib.sha256(tokens["mother"].encode()).hexdigest() in stored
    assert tokens["mother"] not in stored


def test_a_withdrawal_closes_the_link(client, tokens, ended, worker, django_capture_on_commit_callbacks):
    mother = ended.caregivers.get(relationship=Caregiver.Relationship.MOTHER)
    with django_capture_on_commit_callbacks(execute=True):
        consent(mother, ConsentRecord.Purpose.FEEDBACK_CONTACT, worker,
                decision=ConsentRecord.Decision.WITHDRAWN)
    assert NEUTRAL in client.get(url(tokens["mother"])).content.decode()
    assert "Your opinion counts" in client.get(url(tokens["father"])).content.decode()


def test_the_reminder_link_works_and_answering_closes_the_other(client, tokens, mailoutbox,
                                                                django_capture_on_commit_callbacks):
    from feedback import services

    FeedbackRequest.objects.update(sent_at=timezone.now() - datetime.timedelta(days=8))
    with django_capture_on_commit_callbacks(execute=True):
        services.requests_sweep()
    reminder = next(m for m in mailoutbox if m.subject.startswith("A reminder") and "mum" in m.to[0])
    client.post(url(token_in(reminder.body)), {**ANSWERS, "respondent": "mum"})
    assert FeedbackResponse.objects.get().respondent == "mum"
    assert THANKS in client.get(url(tokens["mother"])).content.decode()


def test_an_edited_questionnaire_is_a_new_version_and_old_answers_keep_theirs(client, tokens, team_lead):
    from feedback import services

    client.post(url(tokens["father"]), ANSWERS)
    services.questionnaire_edit(by=team_lead, fft_question="Overall, how was your experience of our service?",
                                statements=["I was listened to", "I felt welcome at the hub"],
                                went_well_question="What went well?", could_be_better_question="What next?")
    page = client.get(url(tokens["mother"])).content.decode()
    assert "I felt welcome at the hub" in page and "I feel more confident as a parent" not in page
    client.post(url(tokens["mother"]), {**ANSWERS, "respondent": "mum", "statement_1": "5"})
    first, second = FeedbackResponse.objects.order_by("pk")
    assert (first.questionnaire.version, len(first.agreements)) == (1, 4)
    assert (second.questionnaire.version, second.agreements) == (2, [5, 5])
    assert Questionnaire.objects.count() == 2


def test_the_form_reads_in_polish(client, tokens):
    client.cookies["django_language"] = "pl"
    page = client.get(url(tokens["mother"]), HTTP_ACCEPT_LANGUAGE="pl").content.decode()
    assert 'lang="pl"' in page
    assert "Twoja opinia się liczy" in page
    assert "Ogólnie, jak oceniasz swoje doświadczenia z naszą usługą?" in page


def test_submissions_are_rate_limited(client, tokens, settings):
    settings.PIEW_FEEDBACK_RATE = "2/h"
    for _ in range(2):
        client.post(url(secrets.token_urlsafe(32)), ANSWERS)
    response = client.post(url(tokens["mother"]), ANSWERS)
    assert response.status_code == 429
    assert "Sorry, you cannot send your feedback right now" in response.content.decode()
    assert not FeedbackResponse.objects.exists()
