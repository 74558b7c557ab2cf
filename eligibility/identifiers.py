"""Resident ID numbers (GB 11643) and unified social credit codes (GB 32100).

Checksums come from python-stdnum; what this module adds is the applicant-facing explanation of
what is wrong, pointing at the character at fault where the standard lets us know it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from stdnum.cn import ric, uscc
from stdnum.exceptions import InvalidComponent


class IdentifierError(ValueError):
    """An identifier that fails its standard; `message` is plain Chinese for the applicant."""

    def __init__(self, message: str, message_en: str) -> None:
        super().__init__(message)
        self.message = message
        self.message_en = message_en


@dataclass(frozen=True)
class ResidentId:
    number: str
    birth_date: dt.date
    gender: str
    place_known: bool


@lru_cache(maxsize=8192)
def _place_known(number: str) -> bool:
    """Whether the 6-digit place code is in python-stdnum's table (cached: codes repeat a lot)."""
    try:
        ric.get_birth_place(number)
    except InvalidComponent:
        return False
    return True


SEPARATORS = re.compile(r"[\s\-‐－—_]+")
"""What people put between the groups of an ID number (410303 19850615 0021, 410303-...)."""
MIN_HOLDER_AGE = 16
"""Every programme is for working people (劳动者), and 16 is the lawful working age (《劳动法》
第十五条 禁止用人单位招用未满十六周岁的未成年人): a younger birth date is a typing error."""


def check_id_number(raw: str, today: dt.date | None = None) -> ResidentId:
    """Validate an 18-character resident ID and read birth date and gender from it. With
    `today`, the birth date must lie in the past and its holder be at least 16.

    An unknown place code is not an error: python-stdnum's place table lags behind renamed
    districts, and a real person must never be refused for that.
    """
    number = ric.compact(SEPARATORS.sub("", str(raw))).upper()
    if not any(char.isdigit() for char in number):
        raise IdentifierError(
            "这不是身份证号码。身份证号码有18位，都是数字（最后一位可能是X）。",
            "That is not an ID number: it has 18 characters, all digits (the last may be X).")
    if len(number) != 18:
        raise IdentifierError(
            f"身份证号码应为18位，您输入的是{len(number)}位。",
            f"An ID number has 18 characters; you entered {len(number)}.",
        )
    if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        raise IdentifierError(
            "身份证号码前17位应为数字，最后一位是数字或字母X。",
            "The first 17 characters must be digits and the last a digit or X.",
        )
    try:
        birth = ric.get_birth_date(number)
    except InvalidComponent:
        raise IdentifierError(
            f"身份证号码第7-14位（{number[6:14]}）不是有效的出生日期，请核对。",
            f"Characters 7-14 ({number[6:14]}) are not a valid date of birth.",
        ) from None
    expected = ric.calc_check_digit(number)
    if number[17] != expected:
        raise IdentifierError(
            "身份证号码校验位（最后一位）不正确，请逐位核对号码，可能有一位输错了。",
            "The check digit (last character) does not match; one character may be mistyped.",
        )
    if today is not None:
        _check_age(birth, today)
    place_known = _place_known(number[:6] + "0" * 12)
    gender = "male" if int(number[16]) % 2 else "female"
    return ResidentId(number=number, birth_date=birth, gender=gender, place_known=place_known)


_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def check_uscc(raw: str) -> str:
    """Validate a unified social credit code and return it normalised.

    python-stdnum's `validate` insists the first eight characters are digits, but GB 32100 allows
    letters for the registering department and the category (e.g. N for 农民专业合作社,
    Y for other registries), so the format is checked here and only the checksum is delegated.
    """
    code = uscc.compact(str(raw))
    if len(code) != 18:
        raise IdentifierError(
            f"统一社会信用代码应为18位，您输入的是{len(code)}位。",
            f"A unified social credit code has 18 characters; you entered {len(code)}.",
        )
    for position, char in enumerate(code, start=1):
        if char not in _USCC_ALPHABET:
            raise IdentifierError(
                f"统一社会信用代码第{position}位“{char}”不是有效字符（不使用I、O、Z、S、V）。",
                f"Character {position} ({char!r}) is not allowed (I, O, Z, S, V are never used).",
            )
    if not code[2:8].isdigit():
        raise IdentifierError(
            "统一社会信用代码第3-8位是行政区划代码，应为数字。",
            "Characters 3-8 are the region code and must be digits.",
        )
    if code[17] != uscc.calc_check_digit(code):
        raise IdentifierError(
            "统一社会信用代码校验位（最后一位）不正确，请对照营业执照逐位核对。",
            "The check character (last one) does not match; compare with the licence.",
        )
    return code


def _check_age(birth: dt.date, today: dt.date) -> None:
    if birth > today:
        raise IdentifierError(
            f"身份证号码里的出生日期（{birth.year}年{birth.month}月{birth.day}日）在今天之后，"
            "请核对第7-14位。",
            f"The date of birth in the number ({birth.isoformat()}) lies in the future; please "
            "check characters 7-14.")
    age = today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))
    if age < MIN_HOLDER_AGE:
        raise IdentifierError(
            f"按身份证号码，您今年{age}周岁。这些评选面向已经工作的劳动者（至少16周岁），"
            "请核对号码是否输错。",
            f"By this number you are {age}. These awards are for working people (16 or "
            "older); please check the number.")
