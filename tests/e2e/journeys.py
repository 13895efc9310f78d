"""Parts of the journeys the browser tests share, done the way a person does them.

Each helper takes the Playwright page and, optionally, the ``axe`` fixture (an AccessiblePage)
to check every page it passes through.
"""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from tests.e2e.conftest import AccessiblePage


@dataclass(frozen=True)
class Parent:
    """A parent referring herself: expecting a baby, with her mobile, email and NHS number."""

    first_name: str = "Zofia"
    last_name: str = "Nowak"
    date_of_birth: datetime.date = datetime.date(1995, 6, 14)
    mobile: str = "07700 900982"
    email: str = "zofia.nowak@example.com"
    address_line_1: str = "12 Oswald Road"
    town: str = "Scunthorpe"
    postcode: str = "DN15 7PU"
    due_date: datetime.date = field(
        default_factory=lambda: timezone.localdate() + datetime.timedelta(days=60))
    nhs_number: str = "943 476 5919"
    hub: str = ""  # the Family Hub she picks, if the form asks; empty for "I do not know"
    in_her_words: str = "Płaczę prawie codziennie i boję się, że nie poradzę sobie po porodzie."


def complete_self_referral_in_polish(page, axe=None, parent: Parent | None = None) -> str:
    """From the start page of /refer/ to the confirmation, in Polish; returns the reference shown.

    On the way the parent first tries to go on without any contact details, to see the error
    page in Polish too.
    """
    parent = parent or Parent()
    check = axe.check if axe else (lambda: None)

    page.goto("/refer/")
    check()
    page.get_by_role("button", name="Polski").click()
    _expect_heading(page, "Poproś o wsparcie dla siebie i dziecka")
    assert page.locator("html").get_attribute("lang") == "pl"
    check()
    page.get_by_role("button", name="Rozpocznij").click()

    _expect_heading(page, "O Tobie")
    check()
    page.get_by_label("Imię", exact=True).fill(parent.first_name)
    page.get_by_label("Nazwisko", exact=True).fill(parent.last_name)
    page.get_by_label("Matka", exact=True).check()
    _fill_date(page, parent.date_of_birth)
    _continue(page)

    _expect_heading(page, "Jak możemy się z Tobą skontaktować?")
    check()
    _continue(page)
    expect(page.get_by_role("alert").get_by_role("link")).to_have_text(
        "Wpisz brytyjski numer telefonu komórkowego lub adres e-mail")
    assert page.title().startswith("Błąd: Jak możemy się z Tobą skontaktować?")
    check()
    page.get_by_label("Brytyjski numer telefonu komórkowego").fill(parent.mobile)
    page.get_by_label("Adres e-mail").fill(parent.email)
    _continue(page)

    _answer_address(page, check, parent)
    _answer_about_the_baby(page, check, parent)
    return _check_and_send(page, check, parent)


def _answer_address(page, check, parent: Parent) -> None:
    _expect_heading(page, "Jaki jest Twój adres?")
    check()
    page.get_by_label("Adres – wiersz 1").fill(parent.address_line_1)
    page.get_by_label("Miejscowość").fill(parent.town)
    page.get_by_label("Kod pocztowy").fill(parent.postcode)
    _continue(page)


def _answer_about_the_baby(page, check, parent: Parent) -> None:
    _expect_heading(page, "Czy Twoje dziecko już się urodziło?")
    check()
    page.get_by_label("Nie, jeszcze nie").check()
    _continue(page)

    _expect_heading(page, "Kiedy jest przewidywany termin porodu?")
    check()
    _fill_date(page, parent.due_date)
    _continue(page)

    _expect_heading(page, "Co Cię martwi?")
    check()
    page.get_by_label("Obniżony nastrój lub przygnębienie").check()
    page.get_by_label("Więź z dzieckiem lub nasza wzajemna relacja").check()
    page.get_by_label("Napisz nam więcej (opcjonalnie)").fill(parent.in_her_words)
    _continue(page)

    expect(_heading(page)).not_to_have_text("Co Cię martwi?")
    if _heading(page).inner_text().strip() == "Który Family Hub jest najbliżej Ciebie?":
        check()
        page.get_by_label(parent.hub or "Nie wiem", exact=True).check()
        _continue(page)


def _check_and_send(page, check, parent: Parent) -> str:
    _expect_heading(page, "Jaki jest Twój numer NHS? (opcjonalnie)")
    check()
    page.get_by_label("Jaki jest Twój numer NHS? (opcjonalnie)").fill(parent.nhs_number)
    _continue(page)

    _expect_heading(page, "Sprawdź odpowiedzi przed wysłaniem prośby")
    assert page.get_by_text(f"{parent.first_name} {parent.last_name}").is_visible()
    check()
    page.get_by_role("button", name="Wyślij prośbę").click()

    _expect_heading(page, "Prośba została wysłana")
    check()
    return page.locator("#reference").inner_text()


def _heading(page):
    return page.get_by_role("heading", level=1)


def _expect_heading(page, text: str) -> None:
    expect(_heading(page)).to_have_text(text)
    assert page.title().removeprefix("Błąd: ").startswith(text)


def _fill_date(page, value: datetime.date) -> None:
    page.get_by_label("Dzień").fill(str(value.day))
    page.get_by_label("Miesiąc").fill(str(value.month))
    page.get_by_label("Rok").fill(str(value.year))


def _continue(page) -> None:
    page.get_by_role("button", name="Dalej").click()


class StaffMember:
    """Someone at their own browser, signed in with both factors; every page they see is checked."""

    def __init__(self, browser, live_server, user):
        self.user = user
        self.device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
        self.context = browser.new_context(base_url=live_server.url)
        self.page = self.context.new_page()
        self.page.set_default_timeout(10_000)
        self.axe = AccessiblePage(self.page)

    def fill_date(self, group: str, day: datetime.date) -> None:
        fieldset = self.page.get_by_role("group", name=group, exact=True)
        for part, value in (("Day", day.day), ("Month", day.month), ("Year", day.year)):
            fieldset.get_by_label(part, exact=True).fill(str(value))

    def heading(self) -> str:
        return self.page.get_by_role("heading", level=1).inner_text()

    def sign_in(self, path: str) -> None:
        page = self.page
        page.goto(path)
        assert self.heading() == "Sign in"
        self.axe.check()
        page.get_by_label("Username").fill(self.user.username)
        page.get_by_label("Password").fill("correct-horse-battery")
        page.get_by_role("button", name="Sign in").click()
        assert self.heading() == "Enter your code"
        self.axe.check()
        code = totp(self.device.bin_key, step=self.device.step, t0=self.device.t0, digits=self.device.digits)
        page.get_by_label("Code").fill(f"{code:06d}")
        page.get_by_role("button", name="Continue").click()

    def close(self) -> None:
        self.context.close()
