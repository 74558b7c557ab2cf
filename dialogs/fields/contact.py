"""Phone numbers, email addresses, postcodes and bank account numbers, checked as typed.

Phone numbers go through libphonenumber (phonenumberslite) with China as the region, so
“138 0013 8000”, “+86 13800138000” and “0379-63399296” are read and “12345” is refused; a
landline needs its area code, because the office calls from another city.
"""

from __future__ import annotations

import re

import phonenumbers
from email_validator import EmailNotValidError, validate_email
from phonenumbers import PhoneNumberFormat, PhoneNumberType

from dialogs.parsing import normalise

MOBILE_TYPES = (PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE)
LANDLINE_TYPES = (PhoneNumberType.FIXED_LINE, PhoneNumberType.FIXED_LINE_OR_MOBILE)
_POSTCODE = re.compile(r"^[0-8]\d{5}$")
_ACCOUNT = re.compile(r"^\d{12,25}$")


class Refused(ValueError):
    """The value is not of this kind; `key` names the message that says why."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def phone(text: str, kind: str) -> str:
    """A mobile (`mobile`), a landline with its area code (`landline`) or either (`phone`), as
    the form prints it: 13800138000, 0379-63399296."""
    typed = normalise(text).replace("（", "(").replace("）", ")")
    try:
        number = phonenumbers.parse(typed, "CN")
    except phonenumbers.NumberParseException:
        raise Refused(f"field.err_{kind}") from None
    if number.country_code != 86 or not phonenumbers.is_valid_number(number):
        digits = re.sub(r"\D", "", typed)
        if kind != "mobile" and 7 <= len(digits) <= 8:
            raise Refused("field.err_area_code")
        raise Refused(f"field.err_{kind}")
    found = phonenumbers.number_type(number)
    if kind == "mobile" and found not in MOBILE_TYPES:
        raise Refused("field.err_mobile")
    if kind == "landline" and found not in LANDLINE_TYPES:
        raise Refused("field.err_landline")
    national = phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL)
    if found == PhoneNumberType.MOBILE:
        return national.replace(" ", "")
    area, _, rest = national.partition(" ")
    return f"{area}-{rest.replace(' ', '')}"


def email(text: str) -> str:
    try:
        return validate_email(text.strip(), check_deliverability=False).normalized
    except EmailNotValidError:
        raise Refused("field.err_email") from None


def postcode(text: str) -> str:
    digits = normalise(text).replace(" ", "")
    if not _POSTCODE.match(digits):
        raise Refused("field.err_postcode")
    return digits


def bank_account(text: str) -> str:
    digits = re.sub(r"[\s-]", "", normalise(text))
    if not _ACCOUNT.match(digits):
        raise Refused("field.err_bank_account")
    return digits
