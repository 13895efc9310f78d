"""The public self-referral form at /refer/: a parent asks for support without signing in.

The parent answers one page at a time; the answers become a referral only when sent from the
check-your-answers page, and the team's mailbox hears of it (a link, no personal details) once
the referral is committed.
"""

import datetime
import re

import pytest
from django.conf import settings
from django.core import mail
from django.db import connection
from django.http import HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from referrals.models import Channel, Referral, Source
from referrals.transitions import Status
from tests.factories import CaregiverFactory, FamilyFactory, HubFactory
from tests.pages import heading, title  # noqa: F401 - shared with the tests that import them from here

pytestmark = pytest.mark.django_db

PAGES = ["about-you", "contact", "address", "baby", "baby-date", "reasons", "hub", "nhs-number"]


def date_parts(field: str, value: datetime.date) -> dict[str, str]:
    return {f"{field}_0": str(value.day), f"{field}_1": str(value.month), f"{field}_2": str(value.year)}


def due_in(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def parent_answers(hub=None, **changes) -> dict[str, dict]:
    """What Zofia types on each page: expecting her first baby, two worries, an NHS number."""
    answers = {
        "about-you": {"parent_first_name": "Zofia", "parent_last_name": "Nowak",
                      "parent_relationship": "mother",
                      **date_parts("parent_date_of_birth", datetime.date(1995, 6, 14))},
        "contact": {"parent_mobile": "+44 7700 900982", "parent_email": "zofia.nowak@example.com",
                    "preferred_language": "Polish"},
        "address": {"address_line_1": "12 Oswald Road", "address_line_2": "Flat 2", "town": "Scunthorpe",
                    "postcode": "dn15 7pu"},
        "baby": {"born": "no"},
        "baby-date": date_parts("baby_due_date", due_in(60)),
        "reasons": {"reasons": ["low_mood", "bonding"],
                    "reason_detail": "I cry most days and feel far away from the bump."},
        "hub": {"hub": str(hub.pk) if hub else ""},
        "nhs-number": {"parent_nhs_number": "943 476 5919"},
    }
    for page, fields in changes.items():
        answers[page.replace("_", "-")] = {**answers[page.replace("_", "-")], **fields}
    return answers


def answer_every_page(client: Client, answers: dict[str, dict]) -> None:
    """Answer each page in turn, checking each one leads to the next and the last to the check."""
    pages = [page for page in PAGES if page in answers]
    for page, following in zip(pages, [*pages[1:], None], strict=True):
        response = client.post(f"/refer/{page}/", answers[page])
        expected = f"/refer/{following}/" if following else "/refer/check-your-answers/"
        assert response.status_code == 302, (page, errors_on(response))
        assert response["Location"] == expected


def send(client: Client, **extra) -> HttpResponse:
    return client.post("/refer/check-your-answers/", {"website": "", **extra})


def errors_on(response) -> list[str]:
    return re.findall(r'class="govuk-error-message">\s*<span[^>]*>[^<]*</span>\s*([^<]*?)\s*</span>',
                      response.content.decode())




@pytest.fixture
def hub():
    HubFactory(name="Riddings Family Hub", active=False)
    return HubFactory(name="Ashby Family Hub")


def test_the_start_page_explains_the_service_without_staff_navigation(client, settings):
    settings.PIEW_MFA_REQUIRED = False
    response = client.get("/refer/")
    page = response.content.decode()
    assert response.status_code == 200
    assert heading(response) == "Ask for support for you and your baby"
    assert title(response) == "Ask for support for you and your baby – PIEW case manager"
    assert '<html lang="en-gb"' in page
    assert 'href="/refer/about-you/"' in page and "Start now" in page
    assert "call 999 or go to A&E now" in page
    assert "Demo" not in page and "Sign out" not in page and "My alerts" not in page


def test_a_parent_refers_themselves_and_the_team_is_told_after_the_commit(
        client, hub, django_capture_on_commit_callbacks):
    answer_every_page(client, parent_answers(hub=hub))
    check = client.get("/refer/check-your-answers/")
    assert heading(check) == "Check your answers before sending your request"
    for shown in ("Zofia Nowak", "14 June 1995", "07700 900982", "zofia.nowak@example.com", "Flat 2",
                  "DN15 7PU", "Feeling low or down", "Bonding with my baby, or our relationship",
                  "Ashby Family Hub", "943 476 5919", due_in(60).strftime("%-d %B %Y")):
        assert shown in check.content.decode()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = send(client)
        assert Referral.objects.count() == 1 and mail.outbox == []  # saved; nothing sent yet
    assert len(callbacks) == 1 and len(mail.outbox) == 1  # sent once the commit happened
    assert response.status_code == 302 and response["Location"] == "/refer/sent/"

    referral = Referral.objects.get()
    assert (referral.source, referral.channel, referral.status) == (Source.SELF, Channel.ONLINE_FORM,
                                                                    Status.NEW)
    assert (referral.parent_first_name, referral.parent_last_name) == ("Zofia", "Nowak")
    assert referral.parent_relationship == "mother"
    assert referral.parent_date_of_birth == datetime.date(1995, 6, 14)
    assert (referral.parent_mobile, referral.parent_email) == ("07700 900982", "zofia.nowak@example.com")
    assert referral.preferred_language == "Polish"
    assert (referral.address_line_1, referral.address_line_2, referral.town, referral.postcode) == (
        "12 Oswald Road", "Flat 2", "Scunthorpe", "DN15 7PU")
    assert (referral.baby_due_date, referral.baby_date_of_birth) == (due_in(60), None)
    assert referral.reason_detail == "I cry most days and feel far away from the bump."
    assert sorted(referral.reasons.values_list("reason", flat=True)) == ["bonding", "low_mood"]
    assert referral.hub == hub and referral.parent_nhs_number == "9434765919"
    assert referral.family is None and referral.created_by is None

    confirmation = client.get("/refer/sent/")
    assert heading(confirmation) == "Request sent"
    assert f'<strong id="reference">{referral.reference}</strong>' in confirmation.content.decode()
    assert "What happens next" in confirmation.content.decode()

    [email] = mail.outbox
    assert email.to == [settings.PIEW_TEAM_MAILBOX]
    body = email.subject + email.body
    assert referral.reference in body
    assert f"{settings.SITE_URL}/referrals/{referral.pk}/" in body
    for personal in ("Zofia", "Nowak", "07700", "900982", "zofia.nowak", "DN15", "Oswald", "9434765919"):
        assert personal not in body

    # The answers are gone from the session once sent: a new visit starts again, and a second
    # press of the button sends nothing more.
    assert client.get("/refer/check-your-answers/")["Location"] == "/refer/about-you/"
    assert send(client)["Location"] == "/refer/sent/"
    assert Referral.objects.count() == 1 and len(mail.outbox) == 1


def test_a_baby_already_born_is_saved_with_its_date_of_birth(client):
    born = timezone.localdate() - datetime.timedelta(days=40)
    answers = parent_answers(baby={"born": "yes"}, baby_date=date_parts("baby_date_of_birth", born))
    del answers["hub"]  # no Family Hubs listed: the question is not asked
    answers["contact"]["preferred_language"] = ""
    answer_every_page(client, answers)
    assert "Nearest Family Hub" not in client.get("/refer/check-your-answers/").content.decode()
    send(client)
    referral = Referral.objects.get()
    assert (referral.baby_date_of_birth, referral.baby_due_date, referral.hub) == (born, None, None)
    assert referral.preferred_language == "English"  # not given: the language she read the form in


def test_going_back_shows_what_was_typed(client, hub):
    answers = parent_answers(hub=hub)
    for page in PAGES[:3]:
        assert client.post(f"/refer/{page}/", answers[page]).status_code == 302
    about = client.get("/refer/about-you/").content.decode()
    assert 'value="Zofia"' in about and 'value="Nowak"' in about
    assert re.search(r'value="mother"\s+checked', about)
    assert 'value="14"' in about and 'value="6"' in about and 'value="1995"' in about
    contact = client.get("/refer/contact/")
    assert 'value="07700 900982"' in contact.content.decode()
    assert 'href="/refer/about-you/"' in contact.content.decode()  # the back link


def test_each_page_has_one_heading_that_matches_its_title(client, hub):
    answers = parent_answers(hub=hub)
    for page in PAGES:
        response = client.get(f"/refer/{page}/")
        assert response.status_code == 200
        assert title(response) == f"{heading(response)} – PIEW case manager"
        client.post(f"/refer/{page}/", answers[page])
    response = client.get("/refer/check-your-answers/")
    assert title(response) == f"{heading(response)} – PIEW case manager"


def test_pages_out_of_turn_lead_back_to_the_first_unanswered_one(client):
    assert client.get("/refer/check-your-answers/")["Location"] == "/refer/about-you/"
    assert client.get("/refer/baby-date/")["Location"] == "/refer/baby/"
    assert client.get("/refer/sent/")["Location"] == "/refer/"
    assert client.get("/refer/hub/").status_code == 404  # no Family Hubs to choose from
    assert client.get("/refer/no-such-page/").status_code == 404
    client.post("/refer/about-you/", parent_answers()["about-you"])
    assert client.get("/refer/check-your-answers/")["Location"] == "/refer/contact/"
    assert Referral.objects.count() == 0


def test_change_links_return_to_the_check_page(client, hub):
    answer_every_page(client, parent_answers(hub=hub))
    check = client.get("/refer/check-your-answers/").content.decode()
    assert ('href="/refer/address/?change=1">Change<span class="govuk-visually-hidden"> Address</span>'
            in check)

    changed = client.post("/refer/address/?change=1", {**parent_answers()["address"], "town": "Brigg"})
    assert changed["Location"] == "/refer/check-your-answers/"
    assert "Brigg" in client.get("/refer/check-your-answers/").content.decode()

    # Born after all: the due date no longer answers the question, so its page is asked next.
    changed = client.post("/refer/baby/?change=1", {"born": "yes"})
    assert changed["Location"] == "/refer/baby-date/?change=1"
    assert heading(client.get(changed["Location"])) == "What is your baby's date of birth?"
    born = timezone.localdate() - datetime.timedelta(days=3)
    changed = client.post(changed["Location"], date_parts("baby_date_of_birth", born))
    assert changed["Location"] == "/refer/check-your-answers/"
    send(client)
    referral = Referral.objects.get()
    assert (referral.town, referral.baby_date_of_birth, referral.baby_due_date) == ("Brigg", born, None)


def test_the_honeypot_gets_the_same_confirmation_and_saves_nothing(
        client, django_capture_on_commit_callbacks):
    answer_every_page(client, {page: fields for page, fields in parent_answers().items() if page != "hub"})
    check = client.get("/refer/check-your-answers/").content.decode()
    trap = re.search(r'<div class="govuk-visually-hidden" aria-hidden="true">(.*?)</div>', check,
                     re.S).group(1)
    assert "Leave this field empty" in trap
    assert re.search(r'<input type="text" id="id_website" name="website" value="" tabindex="-1" '
                     r'autocomplete="off">', trap)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = send(client, website="https://cheap-pills.example")
    assert response["Location"] == "/refer/sent/"
    confirmation = client.get("/refer/sent/")
    assert heading(confirmation) == "Request sent"
    assert re.search(r'<strong id="reference">R-\d{6}</strong>', confirmation.content.decode())
    assert Referral.objects.count() == 0 and callbacks == [] and mail.outbox == []


def test_a_known_family_gets_the_same_confirmation_and_no_link(client, django_capture_on_commit_callbacks):
    def confirmation_for(answers) -> tuple[str, Referral]:
        visitor = Client()
        answer_every_page(visitor, answers)
        with CaptureQueriesContext(connection) as queries:
            send(visitor)
        assert not [query for query in queries if "families_" in query["sql"]]
        referral = Referral.objects.latest("pk")
        page = visitor.get("/refer/sent/").content.decode().replace(referral.reference, "R-XXXXXX")
        return re.sub(r'(csrfmiddlewaretoken" value|nonce)="[^"]+"', "", page), referral

    answers = {page: fields for page, fields in parent_answers().items() if page != "hub"}
    new_page, new_referral = confirmation_for(answers)
    family = FamilyFactory(postcode="DN15 7PU", address_line_1="12 Oswald Road")
    CaregiverFactory(family=family, first_name="Zofia", last_name="Nowak", nhs_number="9434765919",
                     date_of_birth=datetime.date(1995, 6, 14))
    known_page, known_referral = confirmation_for(answers)
    assert known_page == new_page
    assert new_referral.family is None and known_referral.family is None


def test_the_form_refuses_a_post_without_its_csrf_token():
    client = Client(enforce_csrf_checks=True)
    assert client.post("/refer/about-you/", parent_answers()["about-you"]).status_code == 403
    client.get("/refer/about-you/")
    token = client.cookies[settings.CSRF_COOKIE_NAME].value
    response = client.post("/refer/about-you/", {**parent_answers()["about-you"],
                                                 "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    answer_every_page(client, {page: {**fields, "csrfmiddlewaretoken": token}
                               for page, fields in parent_answers().items() if page != "hub"})
    assert send(client).status_code == 403
    assert Referral.objects.count() == 0
    assert send(client, csrfmiddlewaretoken=token).status_code == 302
    assert Referral.objects.count() == 1
