"""The rate limit on sending a self-referral: five an hour from one address, then a clear page
(429) and nothing saved. Only sending counts; answering the questions does not."""

import pytest
from django.core import mail
from django.http import HttpResponse
from django.test import Client, RequestFactory

from referrals.models import Referral
from referrals.views.public import client_address
from tests.referrals.test_public import (
    answer_every_page,
    heading,
    parent_answers,
    send,
)

pytestmark = pytest.mark.django_db

ANSWERS = {page: fields for page, fields in parent_answers().items() if page != "hub"}


def send_from(address: str, **headers) -> HttpResponse:
    client = Client(REMOTE_ADDR=address, **headers)
    answer_every_page(client, ANSWERS)
    return send(client)


def test_the_sixth_request_in_an_hour_from_one_address_is_refused(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(5):
            assert send_from("203.0.113.5")["Location"] == "/refer/sent/"
    assert Referral.objects.count() == 5 and len(mail.outbox) == 5

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        refused = send_from("203.0.113.5")
    assert refused.status_code == 429
    assert heading(refused) == "Sorry, you cannot send your request right now"
    assert "Your request has not been sent. Try again later." in refused.content.decode()
    assert Referral.objects.count() == 5 and callbacks == [] and len(mail.outbox) == 5

    assert send_from("198.51.100.7")["Location"] == "/refer/sent/"
    assert Referral.objects.count() == 6


def test_the_refusal_offers_the_teams_phone_number(settings):
    from team.models import Organisation

    settings.PIEW_SELF_REFERRAL_RATE = "1/h"
    Organisation.objects.create(name="PIEW team", kind=Organisation.Kind.PIEW_TEAM, phone="01724 297000")
    send_from("203.0.113.5")
    refused = send_from("203.0.113.5")
    assert refused.status_code == 429
    assert "If you need support sooner, call the team on 01724 297000." in refused.content.decode()


def test_a_forwarded_address_is_ignored_unless_the_service_is_behind_a_proxy(settings):
    settings.PIEW_SELF_REFERRAL_RATE = "1/h"
    assert send_from("203.0.113.5", HTTP_X_FORWARDED_FOR="192.0.2.1").status_code == 302
    assert send_from("203.0.113.5", HTTP_X_FORWARDED_FOR="192.0.2.2").status_code == 429


def test_behind_a_proxy_the_address_the_proxy_saw_counts(settings):
    settings.PIEW_SELF_REFERRAL_RATE = "1/h"
    settings.PIEW_BEHIND_PROXY = True
    proxy = "10.0.0.2"
    assert send_from(proxy, HTTP_X_FORWARDED_FOR="203.0.113.5").status_code == 302
    # A client cannot escape by making up addresses: the proxy adds the real one last.
    assert send_from(proxy, HTTP_X_FORWARDED_FOR="192.0.2.9, 203.0.113.5").status_code == 429
    assert send_from(proxy, HTTP_X_FORWARDED_FOR="198.51.100.7").status_code == 302
    assert Referral.objects.count() == 2


@pytest.mark.parametrize(("behind_proxy", "meta", "expected"), [
    (False, {"REMOTE_ADDR": "203.0.113.5", "HTTP_X_FORWARDED_FOR": "192.0.2.1"}, "203.0.113.5"),
    (True, {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "192.0.2.1, 203.0.113.5"}, "203.0.113.5"),
    (True, {"REMOTE_ADDR": "10.0.0.2"}, "10.0.0.2"),
    (True, {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "2001:db8:1:2:3:4:5:6"}, "2001:db8:1:2::"),
    (True, {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "not an address"}, "not an address"),
])
def test_client_address(settings, behind_proxy, meta, expected):
    settings.PIEW_BEHIND_PROXY = behind_proxy
    request = RequestFactory().post("/refer/check-your-answers/", **meta)
    assert client_address("refer:send", request) == expected


def test_answering_the_questions_is_not_counted(settings):
    settings.PIEW_SELF_REFERRAL_RATE = "1/h"
    client = Client(REMOTE_ADDR="203.0.113.5")
    for _ in range(3):
        answer_every_page(client, ANSWERS)
    assert send(client)["Location"] == "/refer/sent/"
