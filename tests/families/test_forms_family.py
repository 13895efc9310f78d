"""Bad input on the family record's forms: the new-family page, the address, parents and the baby.

Each answers with the GOV.UK error summary and the message at the field, keeps what
was typed, marks the page title as an error, and saves nothing.
"""

import datetime
import re

import pytest
from django.utils import timezone
from django.utils.html import escape

from families.models import Caregiver, Child, Family
from team.roles import Role
from tests.factories import CaregiverFactory, family_with_people

NEW_FAMILY = {
    "family-address_line_1": "12 Oswald Road",
    "family-town": "Scunthorpe",
    "family-postcode": "DN15 7PU",
    "family-hub": "",
    "caregiver-relationship": "mother",
    "caregiver-first_name": "Amelia",
    "caregiver-last_name": "Hartley",
    "caregiver-date_of_birth_0": "14",
    "caregiver-date_of_birth_1": "6",
    "caregiver-date_of_birth_2": "1995",
    "caregiver-nhs_number": "943 476 5919",
    "caregiver-email": "amelia@example.com",
    "caregiver-mobile": "07700 900982",
    "caregiver-preferred_language": "English",
    "caregiver-ethnic_category": "99",
    "caregiver-first_time_parent": "",
}

CAREGIVER = {key.removeprefix("caregiver-"): value for key, value in NEW_FAMILY.items()
             if key.startswith("caregiver-")}


def assert_error_page(response, field: str, message: str, *kept: str) -> str:
    """The page shows ``message`` in the error summary (linked to ``field``) and at the field,
    still holds each of the ``kept`` fragments, and its title says there is an error."""
    assert response.status_code == 200
    html = response.content.decode()
    shown = re.escape(escape(message))
    assert 'class="govuk-error-summary"' in html
    assert "There is a problem" in html
    assert re.search(rf'<a href="#id_{re.escape(field)}(_0|_1)?">{shown}</a>', html), "summary link"
    assert re.search(
        rf'id="id_{re.escape(field)}_\d+_error" class="govuk-error-message">\s*'
        rf'<span class="govuk-visually-hidden">Error:</span>\s*{shown}', html
    ), "message at the field"
    for fragment in kept:
        assert fragment in html
    title = re.search(r"<title>(.*?)</title>", html, re.DOTALL).group(1).strip()
    assert title.startswith("Error: "), title
    return html


def counts() -> tuple[int, int, int]:
    return Family.objects.count(), Caregiver.objects.count(), Child.objects.count()


@pytest.fixture
def intake(client_for):
    """The senior administration assistant, who records new families."""
    return client_for(Role.ADMIN_ASSISTANT)


def test_the_good_new_family_is_added(intake):
    """The other tests each spoil one answer of this one."""
    response = intake.post("/families/new/", NEW_FAMILY)

    family = Family.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/families/{family.pk}/"
    assert family.postcode == "DN15 7PU"
    assert family.caregivers.get().nhs_number == "9434765919"


NEXT_YEAR = str(timezone.localdate().year + 1)


@pytest.mark.parametrize(
    ("changes", "field", "message", "kept"),
    [
        ({"family-address_line_1": ""}, "family-address_line_1",
         "Enter the first line of the address", ['value="DN15 7PU"', 'value="Amelia"']),
        ({"family-postcode": "DN15 XXX"}, "family-postcode",
         "Enter a real postcode, like DN15 6BT. Use ZZ99 3VZ for no fixed abode",
         ['value="DN15 XXX"', 'value="12 Oswald Road"']),
        ({"family-postcode": ""}, "family-postcode", "Enter the postcode", ['value="12 Oswald Road"']),
        ({"caregiver-relationship": ""}, "caregiver-relationship",
         "Select their relationship to the baby", ['value="Amelia"']),
        ({"caregiver-first_name": ""}, "caregiver-first_name", "Enter their first name",
         ['value="Hartley"']),
        ({"caregiver-last_name": ""}, "caregiver-last_name", "Enter their last name",
         ['value="Amelia"']),
        ({"caregiver-first_name": "", "caregiver-last_name": ""}, "caregiver-last_name",
         "Enter their last name", ['value="943 476 5919"']),
        ({"caregiver-nhs_number": "943 476 5918"}, "caregiver-nhs_number",
         "This NHS number is not valid. Check each digit against the letter or record",
         ['value="943 476 5918"']),
        ({"caregiver-nhs_number": "94347659"}, "caregiver-nhs_number",
         "Enter an NHS number with 10 digits, like 485 777 3456", ['value="94347659"']),
        ({"caregiver-email": "amelia.example.com"}, "caregiver-email",
         "Enter an email address in the right format, like name@example.com",
         ['value="amelia.example.com"']),
        ({"caregiver-mobile": "01724 296000"}, "caregiver-mobile",
         "Enter a UK mobile number, like 07700 900982 or +44 7700 900982", ['value="01724 296000"']),
        ({"caregiver-mobile": "07700 9009"}, "caregiver-mobile",
         "Enter a UK mobile number, like 07700 900982 or +44 7700 900982", ['value="07700 9009"']),
        ({"caregiver-date_of_birth_2": NEXT_YEAR}, "caregiver-date_of_birth",
         "Date of birth must be today or in the past",
         [f'name="caregiver-date_of_birth_2" value="{NEXT_YEAR}"']),
        ({"caregiver-date_of_birth_0": "31", "caregiver-date_of_birth_1": "2",
          "caregiver-date_of_birth_2": "2020"}, "caregiver-date_of_birth", "Enter a real date",
         ['name="caregiver-date_of_birth_0" value="31"', 'name="caregiver-date_of_birth_1" value="2"']),
        ({"caregiver-date_of_birth_2": "95"}, "caregiver-date_of_birth",
         "Enter the year as 4 digits, like 2025", ['name="caregiver-date_of_birth_2" value="95"']),
        ({"caregiver-date_of_birth_2": ""}, "caregiver-date_of_birth",
         "Date of birth must include a year", ['name="caregiver-date_of_birth_0" value="14"']),
        ({"caregiver-date_of_birth_0": "", "caregiver-date_of_birth_1": ""}, "caregiver-date_of_birth",
         "Date of birth must include a day and month",
         ['name="caregiver-date_of_birth_2" value="1995"']),
        ({"caregiver-date_of_birth_0": "99999999999999999999"}, "caregiver-date_of_birth",
         "Enter a real date", ['value="99999999999999999999"']),
        ({"caregiver-date_of_birth_1": "June"}, "caregiver-date_of_birth",
         "Enter a valid month", ['name="caregiver-date_of_birth_1" value="June"']),
    ],
    ids=lambda value: value if isinstance(value, str) and " " in value else None,
)
def test_new_family_with_a_bad_answer_shows_the_error_and_keeps_what_was_typed(
    intake, changes, field, message, kept
):
    response = intake.post("/families/new/", {**NEW_FAMILY, **changes})

    assert_error_page(response, field, message, *kept)
    assert counts() == (0, 0, 0)


@pytest.mark.parametrize(
    ("baby", "field", "message", "kept"),
    [
        ({"child-first_name": "Isla"}, "child-date_of_birth",
         "Enter the baby's date of birth, or the expected date if unborn", ['value="Isla"']),
        ({"child-nhs_number": "9434765870"}, "child-date_of_birth",
         "Enter the baby's date of birth, or the expected date if unborn", ['value="9434765870"']),
        ({"child-first_name": "Isla", "child-date_of_birth_0": "1", "child-date_of_birth_1": "1",
          "child-date_of_birth_2": NEXT_YEAR}, "child-date_of_birth",
         "Date of birth must be today or in the past", ['value="Isla"']),
        ({"child-expected_date_0": "30", "child-expected_date_1": "2", "child-expected_date_2": NEXT_YEAR},
         "child-expected_date", "Enter a real date", ['name="child-expected_date_0" value="30"']),
        ({"child-expected_date_0": "30", "child-expected_date_1": "9"}, "child-expected_date",
         "Expected date of delivery must include a year", ['name="child-expected_date_1" value="9"']),
    ],
    ids=["name only", "NHS number only", "born in the future", "31 February", "no year"],
)
def test_new_family_with_a_baby_missing_dates_shows_the_error(intake, baby, field, message, kept):
    response = intake.post("/families/new/", {**NEW_FAMILY, **baby})

    assert_error_page(response, field, message, 'value="Amelia"', *kept)
    assert counts() == (0, 0, 0)


def test_new_family_with_an_unborn_baby_is_added(intake):
    due = timezone.localdate() + datetime.timedelta(days=60)
    baby = {"child-expected_date_0": str(due.day), "child-expected_date_1": str(due.month),
            "child-expected_date_2": str(due.year)}

    response = intake.post("/families/new/", {**NEW_FAMILY, **baby})

    assert response.status_code == 302
    assert Child.objects.get().expected_date == due


class TestDuplicateWarning:
    @pytest.fixture
    def known(self, db):
        return CaregiverFactory(nhs_number="9434765919", family__postcode="DN16 1AA")

    def test_same_nhs_number_warns_and_adds_nothing(self, intake, known):
        response = intake.post("/families/new/", NEW_FAMILY)

        assert response.status_code == 200
        html = response.content.decode()
        assert "This family may already be known to the team" in html
        assert f'href="/families/{known.family.pk}/">{known.family.reference}</a>' in html
        assert "same nhs number" in html
        assert "I have checked: this is a different family" in html
        assert 'name="confirm-add_anyway"' in html
        assert 'value="Amelia"' in html
        assert 'value="943 476 5919"' in html
        assert counts() == (1, 1, 0)

    def test_posting_again_without_ticking_the_box_still_adds_nothing(self, intake, known):
        intake.post("/families/new/", NEW_FAMILY)

        response = intake.post("/families/new/", {**NEW_FAMILY, "confirm-add_anyway": ""})

        assert "This family may already be known to the team" in response.content.decode()
        assert counts() == (1, 1, 0)

    def test_ticking_the_box_adds_the_family(self, intake, known):
        response = intake.post("/families/new/", {**NEW_FAMILY, "confirm-add_anyway": "on"})

        family = Family.objects.exclude(pk=known.family.pk).get()
        assert response.status_code == 302
        assert response["Location"] == f"/families/{family.pk}/"
        assert family.caregivers.get().full_name == "Amelia Hartley"


# The forms on a family's own pages


@pytest.fixture
def health_visitor(client_for):
    return client_for(Role.HEALTH_VISITOR)


@pytest.fixture
def family(health_visitor):
    """A family on the health visitor's caseload."""
    return family_with_people(key_worker=health_visitor.user, postcode="DN15 6BT")


@pytest.mark.parametrize(
    ("changes", "field", "message", "kept"),
    [
        ({"postcode": "DN15 XXX"}, "postcode",
         "Enter a real postcode, like DN15 6BT. Use ZZ99 3VZ for no fixed abode",
         ['value="DN15 XXX"', 'value="3 Frodingham Road"']),
        ({"postcode": ""}, "postcode", "Enter the postcode", ['value="3 Frodingham Road"']),
        ({"address_line_1": ""}, "address_line_1", "Enter the first line of the address",
         ['value="DN16 1AA"', 'value="Flat 2"']),
    ],
)
def test_change_address_with_a_bad_answer(health_visitor, family, changes, field, message, kept):
    before = (family.address_line_1, family.postcode)
    address = {"address_line_1": "3 Frodingham Road", "address_line_2": "Flat 2",
               "town": "Scunthorpe", "postcode": "DN16 1AA", "hub": ""}

    response = health_visitor.post(f"/families/{family.pk}/edit/", {**address, **changes})

    assert_error_page(response, field, message, *kept)
    assert "<title>Error: Change address" in response.content.decode()
    family.refresh_from_db()
    assert (family.address_line_1, family.postcode) == before


@pytest.mark.parametrize(
    ("changes", "field", "message", "kept"),
    [
        ({"first_name": ""}, "first_name", "Enter their first name", ['value="Hartley"']),
        ({"relationship": ""}, "relationship", "Select their relationship to the baby", []),
        ({"nhs_number": "943 476 5918"}, "nhs_number",
         "This NHS number is not valid. Check each digit against the letter or record",
         ['value="943 476 5918"']),
        ({"email": "amelia@"}, "email",
         "Enter an email address in the right format, like name@example.com", ['value="amelia@"']),
        ({"mobile": "01724 296000"}, "mobile",
         "Enter a UK mobile number, like 07700 900982 or +44 7700 900982", ['value="01724 296000"']),
        ({"date_of_birth_2": NEXT_YEAR}, "date_of_birth", "Date of birth must be today or in the past",
         [f'name="date_of_birth_2" value="{NEXT_YEAR}"']),
        ({"date_of_birth_0": "29", "date_of_birth_1": "2", "date_of_birth_2": "1995"}, "date_of_birth",
         "Enter a real date", ['name="date_of_birth_0" value="29"']),
        ({"date_of_birth_2": "95"}, "date_of_birth", "Enter the year as 4 digits, like 2025",
         ['name="date_of_birth_2" value="95"']),
        ({"date_of_birth_2": ""}, "date_of_birth", "Date of birth must include a year",
         ['name="date_of_birth_1" value="6"']),
    ],
)
def test_add_caregiver_with_a_bad_answer(health_visitor, family, changes, field, message, kept):
    before = family.caregivers.count()

    response = health_visitor.post(f"/families/{family.pk}/caregivers/add/", {**CAREGIVER, **changes})

    assert_error_page(response, field, message, 'value="English"', *kept)
    assert family.caregivers.count() == before


def test_change_caregiver_with_a_bad_nhs_number_keeps_the_record(health_visitor, family):
    caregiver = family.caregivers.get()
    before = (caregiver.first_name, caregiver.nhs_number)
    url = f"/families/{family.pk}/caregivers/{caregiver.pk}/edit/"

    response = health_visitor.post(url, {**CAREGIVER, "nhs_number": "943476591"})

    assert_error_page(response, "nhs_number", "Enter an NHS number with 10 digits, like 485 777 3456",
                      'value="943476591"', 'value="Amelia"')
    caregiver.refresh_from_db()
    assert (caregiver.first_name, caregiver.nhs_number) == before


def test_change_caregiver_with_no_last_name_keeps_the_record(health_visitor, family):
    caregiver = family.caregivers.get()
    url = f"/families/{family.pk}/caregivers/{caregiver.pk}/edit/"

    response = health_visitor.post(url, {**CAREGIVER, "last_name": "  "})

    assert_error_page(response, "last_name", "Enter their last name", 'value="Amelia"')
    assert Caregiver.objects.get(pk=caregiver.pk).last_name == caregiver.last_name


@pytest.mark.parametrize(
    ("baby", "field", "message", "kept"),
    [
        ({"first_name": "Isla", "last_name": "Hartley"}, "date_of_birth",
         "Enter the baby's date of birth, or the expected date if unborn", ['value="Isla"']),
        ({"first_name": "Isla", "date_of_birth_0": "1", "date_of_birth_1": "1",
          "date_of_birth_2": NEXT_YEAR}, "date_of_birth", "Date of birth must be today or in the past",
         ['value="Isla"', f'name="date_of_birth_2" value="{NEXT_YEAR}"']),
        ({"expected_date_0": "31", "expected_date_1": "4", "expected_date_2": NEXT_YEAR},
         "expected_date", "Enter a real date", ['name="expected_date_0" value="31"']),
        ({"expected_date_0": "1", "expected_date_1": "9", "expected_date_2": "26"},
         "expected_date", "Enter the year as 4 digits, like 2025", ['name="expected_date_2" value="26"']),
        ({"first_name": "Isla", "nhs_number": "1000000010", "date_of_birth_0": "1",
          "date_of_birth_1": "1", "date_of_birth_2": "2025"}, "nhs_number",
         "This NHS number is not valid. Check each digit against the letter or record",
         ['value="1000000010"', 'name="date_of_birth_2" value="2025"']),
    ],
)
def test_add_baby_with_a_bad_answer(health_visitor, family, baby, field, message, kept):
    before = family.children.count()

    response = health_visitor.post(f"/families/{family.pk}/children/add/", baby)

    assert_error_page(response, field, message, *kept)
    assert family.children.count() == before


def test_change_baby_with_no_dates_keeps_the_record(health_visitor, family):
    child = family.children.get()
    before = (child.first_name, child.date_of_birth)
    url = f"/families/{family.pk}/children/{child.pk}/edit/"

    response = health_visitor.post(url, {"first_name": "Renamed", "nhs_number": ""})

    assert_error_page(response, "date_of_birth",
                      "Enter the baby's date of birth, or the expected date if unborn", 'value="Renamed"')
    child.refresh_from_db()
    assert (child.first_name, child.date_of_birth) == before
