"""The checks on NHS numbers, postcodes and mobile numbers, and the messages people see."""

import pytest
from django.core.exceptions import ValidationError

from families.validators import (
    format_nhs_number,
    is_pseudo_postcode,
    nhs_number_is_valid,
    normalise_nhs_number,
    normalise_postcode,
    normalise_uk_mobile,
    validate_nhs_number,
    validate_postcode,
    validate_uk_mobile,
)
from tests.factories import VALID_NHS_NUMBERS

NHS_LENGTH_MESSAGE = "Enter an NHS number with 10 digits, like 485 777 3456"
NHS_INVALID_MESSAGE = "This NHS number is not valid. Check each digit against the letter or record"
POSTCODE_MESSAGE = "Enter a real postcode, like DN15 6BT. Use ZZ99 3VZ for no fixed abode"
MOBILE_MESSAGE = "Enter a UK mobile number, like 07700 900982 or +44 7700 900982"


def _message(validator, value) -> str:
    with pytest.raises(ValidationError) as raised:
        validator(value)
    return raised.value.messages[0]


# NHS number


@pytest.mark.parametrize(
    "value", ["943 476 5919", "9434765919", "943-476-5919", " 9434765919 ", *VALID_NHS_NUMBERS]
)
def test_valid_nhs_numbers_pass(value):
    assert validate_nhs_number(value) is None
    assert nhs_number_is_valid(value)


@pytest.mark.parametrize(
    "value",
    [
        "9434765918",  # the check digit should be 9
        "943 476 5910",
        "1000000010",  # weighted sum leaves a check digit of 10: never issued
        "1000000011",
    ],
)
def test_nhs_number_failing_modulus_11_is_refused(value):
    assert not nhs_number_is_valid(value)
    assert _message(validate_nhs_number, value) == NHS_INVALID_MESSAGE


@pytest.mark.parametrize(
    "value", ["943476591", "94347659190", "943 476 59I9", "ABCDEFGHIJ", "943.476.5919", ""]
)
def test_nhs_number_without_10_digits_is_refused(value):
    assert _message(validate_nhs_number, value) == NHS_LENGTH_MESSAGE


def test_nhs_number_errors_have_codes():
    with pytest.raises(ValidationError) as short:
        validate_nhs_number("943476591")
    with pytest.raises(ValidationError) as wrong:
        validate_nhs_number("9434765918")
    assert short.value.code == "nhs_number_length"
    assert wrong.value.code == "nhs_number_invalid"


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("943 476 5919", "9434765919"),
        ("943-476-5919", "9434765919"),
        (" 943 476 5919 ", "9434765919"),
        ("9434765919", "9434765919"),
        ("", ""),
        (None, ""),
    ],
)
def test_normalise_nhs_number_keeps_only_the_digits(typed, stored):
    assert normalise_nhs_number(typed) == stored


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("9434765919", "943 476 5919"),
        ("943-476-5919", "943 476 5919"),
        ("943 476 5919", "943 476 5919"),
        ("94347659", "94347659"),  # not 10 digits: shown as recorded
        ("", ""),
    ],
)
def test_format_nhs_number_in_3_3_4_layout(value, shown):
    assert format_nhs_number(value) == shown


# Postcode


@pytest.mark.parametrize(
    "value",
    ["dn15 6bt", "DN156BT", "DN15 6BT", " DN15  6BT ", "SW1A 1AA", "M1 1AE", "B33 8TH", "CR2 6XH",
     "GIR 0AA", "ZZ99 3VZ", "ZZ99 3CZ", "ZZ993WZ", "zz99 3vz"],
)
def test_real_and_pseudo_postcodes_pass(value):
    assert validate_postcode(value) is None


@pytest.mark.parametrize(
    "value", ["DN15", "123 456", "ABCDEFG", "", "DN15 6B", "DN15 6BTX", "Q1 1AA 1", "DN15-6BT"]
)
def test_invalid_postcode_is_refused_with_a_helpful_message(value):
    assert _message(validate_postcode, value) == POSTCODE_MESSAGE


def test_postcode_error_has_a_code():
    with pytest.raises(ValidationError) as raised:
        validate_postcode("DN15")
    assert raised.value.code == "postcode_invalid"


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("dn15 6bt", "DN15 6BT"),
        ("DN156BT", "DN15 6BT"),
        ("  dn15   6bt ", "DN15 6BT"),
        ("sw1a1aa", "SW1A 1AA"),
        ("m11ae", "M1 1AE"),
        ("gir0aa", "GIR 0AA"),
        ("zz993vz", "ZZ99 3VZ"),
        ("ab", "AB"),
        ("", ""),
        (None, ""),
    ],
)
def test_normalise_postcode(typed, stored):
    assert normalise_postcode(typed) == stored


@pytest.mark.parametrize(
    ("value", "pseudo"),
    [
        ("ZZ99 3VZ", True),
        ("ZZ99 3CZ", True),
        ("zz993wz", True),
        ("DN15 6BT", False),
        ("ZZ9 3VZ", False),
        ("", False),
        (None, False),
    ],
)
def test_is_pseudo_postcode(value, pseudo):
    assert is_pseudo_postcode(value) is pseudo


# UK mobile number


@pytest.mark.parametrize(
    "value",
    ["07700 900982", "07700900982", "+44 7700 900982", "+447700900982", "0044 7700 900982",
     "(07700) 900-982", "07700-900-982"],
)
def test_uk_mobile_numbers_pass(value):
    assert validate_uk_mobile(value) is None


@pytest.mark.parametrize(
    "value",
    [
        "01724 296000",  # a landline
        "+44 1724 296000",
        "07700 90098",  # one digit short
        "077009",
        "07700 9009822",  # one digit too many
        "07700 9OO982",  # letters O for zeros
        "mobile",
        "+1 7700 900982",
        "",
    ],
)
def test_not_a_uk_mobile_is_refused(value):
    assert _message(validate_uk_mobile, value) == MOBILE_MESSAGE


def test_mobile_error_has_a_code():
    with pytest.raises(ValidationError) as raised:
        validate_uk_mobile("01724 296000")
    assert raised.value.code == "mobile_invalid"


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("07700900982", "07700 900982"),
        ("07700 900982", "07700 900982"),
        ("+44 7700 900982", "07700 900982"),
        ("+447700900982", "07700 900982"),
        ("0044 7700 900982", "07700 900982"),
        ("(07700) 900-982", "07700 900982"),
        ("077009", "077009"),  # not 11 digits: left compact for the validator to refuse
        ("", ""),
        (None, ""),
    ],
)
def test_normalise_uk_mobile(typed, stored):
    assert normalise_uk_mobile(typed) == stored
