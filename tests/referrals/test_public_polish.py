"""The self-referral form in Polish: the language switcher, every page and message in Polish,
<html lang="pl">, and a complete, compiled translation file."""

import gettext
import html
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client

from referrals.models import Referral
from tests.referrals.test_public import (
    PAGES,
    answer_every_page,
    heading,
    parent_answers,
    send,
    title,
)
from tests.referrals.test_public_errors import ABOUT, ADDRESS, CONTACT

pytestmark = pytest.mark.django_db

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "pl" / "LC_MESSAGES"
# Words that would only be on a Polish page if something were left untranslated.
ENGLISH = {"the", "you", "your", "and", "is", "what", "baby", "enter", "select", "continue", "back",
           "change", "error", "date", "send", "request", "name", "address", "not", "or"}
POLISH_DETAIL = "Płaczę prawie codziennie i czuję się daleko od dziecka."


@pytest.fixture
def polish(client):
    response = client.post("/i18n/setlang/", {"language": "pl", "next": "/refer/"})
    assert response.status_code == 302 and response["Location"] == "/refer/"
    return client


def visible_words(response) -> set[str]:
    """The words a reader sees in the page's body, leaving out the language switcher."""
    page = response.content.decode()
    body = page[page.index("<body"):]
    body = re.sub(r"<(script|nav)\b.*?</\1>", " ", body, flags=re.S)
    text = html.unescape(re.sub(r"<[^>]+>", " ", body))
    return {word.lower() for word in re.findall(r"[^\W\d_]+", text)}


def test_the_switcher_turns_the_pages_into_polish(client):
    english = client.get("/refer/about-you/").content.decode()
    switcher = re.search(r'<form method="post" action="/i18n/setlang/".*?</form>', english, re.S).group(0)
    assert '<input type="hidden" name="next" value="/refer/about-you/">' in switcher
    assert re.search(r'<button type="submit" name="language" value="pl" lang="pl"[^>]*>Polski</button>',
                     switcher)
    current = '<span class="govuk-!-font-weight-bold" lang="en-gb" aria-current="true">English</span>'
    assert current in switcher

    assert client.post("/i18n/setlang/", {"language": "pl", "next": "/refer/about-you/"}).status_code == 302
    response = client.get("/refer/about-you/")
    assert '<html lang="pl"' in response.content.decode()
    assert heading(response) == "O Tobie"
    assert title(response) == "O Tobie – PIEW case manager"
    # And back: each language is named in itself.
    assert re.search(r'value="en-gb" lang="en-gb"[^>]*>English</button>', response.content.decode())


def test_the_start_page_in_polish(polish):
    response = polish.get("/refer/")
    page = response.content.decode()
    assert '<html lang="pl"' in page
    assert heading(response) == "Poproś o wsparcie dla siebie i dziecka"
    assert "Rozpocznij" in page and "Przejdź do treści głównej" in page
    assert "zadzwoń pod numer 999" in page
    assert not visible_words(response) & ENGLISH


def test_every_question_and_the_check_page_are_in_polish(polish):
    answers = parent_answers(reasons={"reason_detail": POLISH_DETAIL})
    del answers["hub"]
    expected = ["O Tobie", "Jak możemy się z Tobą skontaktować?", "Jaki jest Twój adres?",
                "Czy Twoje dziecko już się urodziło?", "Kiedy jest przewidywany termin porodu?",
                "Co Cię martwi?", None, "Jaki jest Twój numer NHS? (opcjonalnie)"]
    for page, wanted in zip(PAGES, expected, strict=True):
        if page not in answers:
            continue
        response = polish.get(f"/refer/{page}/")
        assert heading(response) == wanted
        assert not visible_words(response) & ENGLISH, page
        polish.post(f"/refer/{page}/", answers[page])
    check = polish.get("/refer/check-your-answers/")
    assert heading(check) == "Sprawdź odpowiedzi przed wysłaniem prośby"
    assert "14 czerwca 1995" in check.content.decode()
    assert "Obniżony nastrój lub przygnębienie" in check.content.decode()
    assert not visible_words(check) & ENGLISH


@pytest.mark.parametrize(("page", "answers", "message"), [
    ("about-you", {**ABOUT, "parent_first_name": ""}, "Wpisz swoje imię"),
    ("about-you", {**ABOUT, "parent_date_of_birth_0": "", "parent_date_of_birth_1": ""},
     "Twoja data urodzenia musi zawierać dzień i miesiąc"),
    ("about-you", {**ABOUT, "parent_date_of_birth_2": "2999"},
     "Twoja data urodzenia musi być datą z przeszłości"),
    ("contact", {"parent_mobile": "", "parent_email": ""},
     "Wpisz brytyjski numer telefonu komórkowego lub adres e-mail"),
    ("contact", {**CONTACT, "parent_mobile": "01724 296500"},
     "Wpisz brytyjski numer telefonu komórkowego, np. 07700 900982 lub +44 7700 900982"),
    ("contact", {**CONTACT, "parent_email": "zofia@"},
     "Wpisz adres e-mail w prawidłowym formacie, np. imie@example.com"),
    ("address", {**ADDRESS, "postcode": "DN15"},
     "Wpisz prawdziwy kod pocztowy, np. DN15 6BT. Jeśli nie masz stałego adresu, wpisz ZZ99 3VZ"),
    ("nhs-number", {"parent_nhs_number": "943 476 5918"},
     "Ten numer NHS jest nieprawidłowy. Porównaj każdą cyfrę z listem lub dokumentem, z którego go "
     "przepisujesz"),
    ("nhs-number", {"parent_nhs_number": "123"},
     "Wpisz numer NHS składający się z 10 cyfr, np. 485 777 3456"),
])
def test_error_messages_are_in_polish(polish, page, answers, message):
    response = polish.post(f"/refer/{page}/", answers)
    text = html.unescape(response.content.decode())
    assert response.status_code == 200
    assert "Wystąpił problem" in text
    assert re.search(rf'<span class="govuk-visually-hidden">Błąd:</span>\s*{re.escape(message)}', text)
    assert title(response).startswith("Błąd: ")
    assert not visible_words(response) & ENGLISH


def test_a_parent_sends_the_form_in_polish(polish, django_capture_on_commit_callbacks):
    answers = parent_answers(contact={"preferred_language": ""}, reasons={"reason_detail": POLISH_DETAIL})
    del answers["hub"]
    answer_every_page(polish, answers)
    check = polish.get("/refer/check-your-answers/").content.decode()
    assert re.search(r"Język</dt>\s*<dd[^>]*>polski</dd>", check)  # not given: the one she reads
    with django_capture_on_commit_callbacks(execute=True):
        send(polish)
    confirmation = polish.get("/refer/sent/")
    referral = Referral.objects.get()
    assert heading(confirmation) == "Prośba została wysłana"
    assert "Co będzie dalej" in confirmation.content.decode()
    assert f'<strong id="reference">{referral.reference}</strong>' in confirmation.content.decode()
    assert not visible_words(confirmation) & ENGLISH
    # Not given: the language the form was read in, named in English for the team.
    assert referral.preferred_language == "Polish"
    [email] = mail.outbox
    assert email.subject == f"New self-referral {referral.reference}"  # the team reads English


def test_the_refusal_page_is_in_polish(polish, settings):
    settings.PIEW_SELF_REFERRAL_RATE = "0/h"
    answers = {page: fields for page, fields in parent_answers().items() if page != "hub"}
    answer_every_page(polish, answers)
    refused = send(polish)
    assert refused.status_code == 429
    assert heading(refused) == "Przepraszamy, w tej chwili nie możesz wysłać prośby"
    assert not visible_words(refused) & ENGLISH


def test_a_polish_browser_gets_polish_without_switching():
    response = Client(HTTP_ACCEPT_LANGUAGE="pl-PL,pl;q=0.9,en;q=0.5").get("/refer/")
    assert heading(response) == "Poproś o wsparcie dla siebie i dziecka"


def unquote(lines: str) -> str:
    return "".join(re.findall(r'"(.*)"', lines)).replace('\\"', '"').replace("\\n", "\n")


def read_po(path: Path) -> dict[str, str]:
    """msgid -> msgstr for every entry of a .po file."""
    text = path.read_text(encoding="utf-8")
    assert "#, fuzzy" not in text, "Django leaves fuzzy entries out: check them and clear the flag"
    pattern = r'^msgid ((?:".*"\n)+)msgstr ((?:".*"\n?)+)'
    return {unquote(msgid): unquote(msgstr) for msgid, msgstr in re.findall(pattern, text, flags=re.M)}


def test_the_polish_translation_is_complete_and_compiled():
    source = read_po(CATALOGUE / "django.po")
    source.pop("")  # the header
    assert len(source) > 100
    assert [msgid for msgid, msgstr in source.items() if not msgstr] == []
    with open(CATALOGUE / "django.mo", "rb") as compiled:
        catalogue = gettext.GNUTranslations(compiled)._catalog
    assert {msgid: catalogue.get(msgid) for msgid in source} == source, "run compilemessages -l pl"
