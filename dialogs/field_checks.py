"""Checking identifiers as they are typed into the application, with the fault pointed out.

The ID number (GB 11643) and the unified social credit code (GB 32100, letter department codes
included) are checked by `eligibility.identifiers`; this module only decides which typed value
is which and turns a failure into the applicant's language. An ID number never enters the
dialog state: the caller saves it through a sensitive effect and keeps only the mask.
"""

from __future__ import annotations

from dataclasses import dataclass

from dialogs.i18n import lang
from eligibility.identifiers import IdentifierError, check_id_number, check_uscc

CREDIT_WORDS = ("credit_code", "uscc")
SEALED_WORDS = ("phone", "mobile", "bank")
"""Form fields whose value is sealed like the ID number (mobile and bank account numbers): the
typed value is saved encrypted as the answer `field:<id>`, the state keeps its mask."""
SEALED_PREFIX = "field:"


@dataclass(frozen=True)
class Checked:
    value: str
    sensitive: bool = False
    error: str | None = None


def is_id_field(field_id: str, fact: str | None) -> bool:
    return "id_number" in (field_id, fact)


def is_credit_field(field_id: str) -> bool:
    return any(word in field_id for word in CREDIT_WORDS)


def is_sealed_field(field_id: str) -> bool:
    return any(word in field_id for word in SEALED_WORDS)


def check(kind: str, text: str, locale: str) -> Checked:
    """`kind` is `id` or `credit`; the result holds the normalised value or the error."""
    try:
        if kind == "id":
            return Checked(check_id_number(text).number, sensitive=True)
        return Checked(check_uscc(text))
    except IdentifierError as error:
        return Checked(text, error=error.message if lang(locale) == "zh" else error.message_en)
