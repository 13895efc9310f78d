"""Bad answers on the self-referral pages: each is answered with the GOV.UK error summary and the
message at the field, the page title says there is an error, what was typed stays in the boxes,
and the parent does not move on."""

import datetime
import re

import pytest
from django.utils import timezone
from django.utils.html import escape

from referrals.models import Referral
from tests.referrals.test_public import date_parts, parent_answers

pytestmark = pytest.mark.django_db

TOMORROW = timezone.localdate() + datetime.timedelta(days=1)
ABOUT = parent_answers()["about-you"]
CONTACT = parent_answers()["contact"]
ADDRESS = parent_answers()["address"]


def assert_error_page(response, field: str, message: str, *kept: str) -> str:
    """``message`` in the error summary, linked to ``field``, and at the field; each of ``kept``
    (text, or a pattern) still on the page; "Error: " before the title."""
    assert response.status_code == 200
    page = response.content.decode()
    shown = re.escape(escape(message))
    assert "There is a problem" in page
    assert re.search(rf'<a href="#id_{field}(_\d)?">\s*{shown}\s*</a>', page), "no link in the summary"
    assert re.search(rf'id="id_{field}_\d+_error" class="govuk-error-message">\s*'
                     rf'<span class="govuk-visually-hidden">Error:</span>\s*{shown}', page), "no message"
    for fragment in kept:
        assert fragment.search(page) if isinstance(fragment, re.Pattern) else fragment in page, fragment
    assert re.search(r"<title>\s*Error: ", page)
    return page


BAD_ANSWERS = [
    pytest.param("about-you", {**ABOUT, "parent_first_name": ""}, "parent_first_name",
                 "Enter your first name", ['value="Nowak"', 'value="1995"'], id="no first name"),
    pytest.param("about-you", {**ABOUT, "parent_last_name": ""}, "parent_last_name",
                 "Enter your last name", ['value="Zofia"'], id="no last name"),
    pytest.param("about-you", {key: value for key, value in ABOUT.items() if key != "parent_relationship"},
                 "parent_relationship", "Select your relationship to the baby", ['value="Zofia"'],
                 id="no relationship"),
    pytest.param("about-you", {**ABOUT, **date_parts("parent_date_of_birth", TOMORROW)},
                 "parent_date_of_birth", "Your date of birth must be in the past",
                 [f'value="{TOMORROW.year}"', 'value="Zofia"'], id="born tomorrow"),
    pytest.param("about-you", {**ABOUT, "parent_date_of_birth_1": ""}, "parent_date_of_birth",
                 "Your date of birth must include a month", ['value="14"', 'value="1995"'],
                 id="date without a month"),
    pytest.param("about-you", {**ABOUT, "parent_date_of_birth_0": "31", "parent_date_of_birth_1": "2"},
                 "parent_date_of_birth", "Your date of birth must be a real date", ['value="31"'],
                 id="31 February"),
    pytest.param("about-you", {**ABOUT, "parent_date_of_birth_2": "95"}, "parent_date_of_birth",
                 "Enter the year of your birth as 4 digits, like 1995", ['value="95"'], id="two-digit year"),
    pytest.param("about-you", {**ABOUT, "parent_date_of_birth_0": "1st"}, "parent_date_of_birth",
                 "Your date of birth must be a real date", ['value="1st"'], id="letters in a date"),
    pytest.param("contact", {"parent_mobile": "", "parent_email": "", "preferred_language": "Urdu"},
                 "parent_mobile", "Enter a UK mobile number or an email address", ['value="Urdu"'],
                 id="no way to contact"),
    pytest.param("contact", {**CONTACT, "parent_mobile": "01724 296500"}, "parent_mobile",
                 "Enter a UK mobile number, like 07700 900982 or +44 7700 900982",
                 ['value="01724 296500"', 'value="zofia.nowak@example.com"'], id="landline"),
    pytest.param("contact", {**CONTACT, "parent_email": "zofia.nowak@example"}, "parent_email",
                 "Enter an email address in the correct format, like name@example.com",
                 ['value="zofia.nowak@example"', 'value="+44 7700 900982"'], id="email without a domain"),
    pytest.param("address", {**ADDRESS, "postcode": "DN15 7P"}, "postcode",
                 "Enter a real postcode, like DN15 6BT. Use ZZ99 3VZ for no fixed abode",
                 ['value="DN15 7P"', 'value="12 Oswald Road"'], id="postcode"),
    pytest.param("address", {**ADDRESS, "address_line_1": ""}, "address_line_1",
                 "Enter address line 1, usually the house number and street", ['value="Scunthorpe"'],
                 id="no address"),
    pytest.param("address", {**ADDRESS, "town": ""}, "town", "Enter your town or city", ['value="Flat 2"'],
                 id="no town"),
    pytest.param("baby", {}, "born", "Select yes if your baby has been born", [], id="born not answered"),
    pytest.param("reasons", {"reason_detail": "Not sleeping"}, "reasons", "Select what is worrying you",
                 ["Not sleeping"], id="no reason"),
    pytest.param("reasons", {"reasons": ["other"], "reason_detail": ""}, "reason_detail",
                 "Tell us what else is worrying you", [re.compile(r'value="other"\s+checked')],
                 id="something else, unsaid"),
    pytest.param("nhs-number", {"parent_nhs_number": "943 476 5918"}, "parent_nhs_number",
                 "This NHS number is not valid. Check each digit against the letter or record",
                 ['value="943 476 5918"'], id="NHS number fails Modulus 11"),
    pytest.param("nhs-number", {"parent_nhs_number": "94347659"}, "parent_nhs_number",
                 "Enter an NHS number with 10 digits, like 485 777 3456", ['value="94347659"'],
                 id="NHS number too short"),
]


@pytest.mark.parametrize(("page", "answers", "field", "message", "kept"), BAD_ANSWERS)
def test_a_bad_answer_is_explained_and_kept(client, page, answers, field, message, kept):
    client.post("/refer/baby/", {"born": "no"})
    assert_error_page(client.post(f"/refer/{page}/", answers), field, message, *kept)
    assert page not in client.session.get("self_referral", {}) or page == "baby"


@pytest.mark.parametrize(("born", "field", "days", "message"), [
    ("yes", "baby_date_of_birth", 1, "Your baby's date of birth must be today or in the past"),
    ("no", "baby_due_date", 330, "Your due date must be in the next 10 months"),
    ("no", "baby_due_date", -50, "Your due date cannot be more than 6 weeks ago. If your baby has been "
                                 "born, go back and answer ‘Yes’"),
])
def test_the_baby_date_is_checked_against_the_answer_before_it(client, born, field, days, message):
    client.post("/refer/baby/", {"born": born})
    when = timezone.localdate() + datetime.timedelta(days=days)
    response = client.post("/refer/baby-date/", date_parts(field, when))
    assert_error_page(response, field, message, f'value="{when.year}"')


def test_an_empty_date_names_the_date_it_wants(client):
    client.post("/refer/baby/", {"born": "no"})
    assert_error_page(client.post("/refer/baby-date/", {}), "baby_due_date", "Enter your baby's due date")
    page = assert_error_page(client.post("/refer/about-you/", {}), "parent_date_of_birth",
                             "Enter your date of birth")
    for message in ("Enter your first name", "Enter your last name", "Select your relationship to the baby"):
        assert message in page


def test_nothing_is_saved_until_the_parent_sends_it(client):
    for page, answers in parent_answers().items():
        if page != "hub":
            client.post(f"/refer/{page}/", answers)
    assert Referral.objects.count() == 0
