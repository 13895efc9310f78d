"""Checks for the identifiers and contact details recorded about families."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

POSTCODE_RE = re.compile(r"^(GIR0AA|[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2})$")
# NHS pseudo-postcodes (ZZ99 3VZ: no fixed abode; ZZ99 3CZ: England, not otherwise
# specified; ZZ99 3WZ: Wales; and the ZZ99 codes for other countries).
PSEUDO_POSTCODE_RE = re.compile(r"^ZZ99[0-9][A-Z]{2}$")
UK_MOBILE_RE = re.compile(r"^(?:\+44|0044|0)7\d{9}$")


def normalise_nhs_number(value: str) -> str:
    return re.sub(r"[\s-]", "", value or "")


def nhs_number_is_valid(value: str) -> bool:
    """Modulus 11 check, as the NHS Data Dictionary defines it for the NHS number."""
    digits = normalise_nhs_number(value)
    if not re.fullmatch(r"\d{10}", digits):
        return False
    total = sum(int(digit) * weight for digit, weight in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def validate_nhs_number(value: str) -> None:
    digits = normalise_nhs_number(value)
    if not re.fullmatch(r"\d{10}", digits):
        raise ValidationError(
            _("Enter an NHS number with 10 digits, like 485 777 3456"), code="nhs_number_length"
        )
    if not nhs_number_is_valid(digits):
        raise ValidationError(
            _("This NHS number is not valid. Check each digit against the letter or record"),
            code="nhs_number_invalid",
        )


def format_nhs_number(value: str) -> str:
    """The NHS number in the 3 3 4 layout people read it in."""
    digits = normalise_nhs_number(value)
    return f"{digits[:3]} {digits[3:6]} {digits[6:]}" if len(digits) == 10 else value


def normalise_postcode(value: str) -> str:
    """Upper case, with one space before the last three characters: 'dn15 6bt' -> 'DN15 6BT'."""
    compact = re.sub(r"\s", "", value or "").upper()
    return f"{compact[:-3]} {compact[-3:]}" if len(compact) > 3 else compact


def is_pseudo_postcode(value: str) -> bool:
    return bool(PSEUDO_POSTCODE_RE.fullmatch(re.sub(r"\s", "", value or "").upper()))


def validate_postcode(value: str) -> None:
    compact = re.sub(r"\s", "", value or "").upper()
    if not (POSTCODE_RE.fullmatch(compact) or PSEUDO_POSTCODE_RE.fullmatch(compact)):
        raise ValidationError(
            _("Enter a real postcode, like DN15 6BT. Use ZZ99 3VZ for no fixed abode"),
            code="postcode_invalid",
        )


def normalise_uk_mobile(value: str) -> str:
    """07700 900123, whichever way it was typed (+44 7700 900123, 0044..., spaces, dashes)."""
    compact = re.sub(r"[\s()-]", "", value or "")
    if compact.startswith("+44"):
        compact = "0" + compact[3:]
    elif compact.startswith("0044"):
        compact = "0" + compact[4:]
    return f"{compact[:5]} {compact[5:]}" if len(compact) == 11 else compact


def validate_uk_mobile(value: str) -> None:
    compact = re.sub(r"[\s()-]", "", value or "")
    if not UK_MOBILE_RE.fullmatch(compact):
        raise ValidationError(
            _("Enter a UK mobile number, like 07700 900982 or +44 7700 900982"),
            code="mobile_invalid",
        )
