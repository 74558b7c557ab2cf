"""Application fields: what is typed into one box of the notice's form, read by the box's type.

Each type (`eligibility.model.FieldType`) has one reader here. A reader returns `Parsed` (what
the form prints, and the fact's typed value when the box is a fact) or raises `FieldError`
naming the message that tells the applicant, in plain words, what is wrong; nothing is stored
then. ID numbers and bank accounts are `sensitive`: the caller saves them through an effect
and keeps only the mask.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass
from typing import Any

from dialogs import essay
from dialogs.fields import contact, standards
from dialogs.fields.numbers import NotANumber, read_number
from dialogs.i18n import lang
from dialogs.masking import mask_text
from dialogs.parsing import ParseError, normalise, parse_date, pick_option
from dialogs.types import Option
from eligibility.identifiers import IdentifierError, check_id_number, check_uscc
from eligibility.model import FormField, WordLimit
from eligibility.vocabulary import vocabulary

TEXT_MAX = 100
"""A one-line box without a stated length: longer is a paragraph typed in the wrong place."""
LONG_TEXT_MAX = 3000
"""A paragraph box without a stated length (the notice says 可另附页 for more)."""


@dataclass(frozen=True)
class Parsed:
    value: str
    """What the form prints and the review shows."""
    fact: Any = None
    """The fact's value, for a box that is a fact (saved so it is never asked again)."""
    secret: str | None = None
    """The full ID or account number of a sensitive box (`value` is then its mask)."""


class FieldError(ValueError):
    def __init__(self, key: str, **values: Any) -> None:
        super().__init__(key)
        self.key, self.values = key, values


def limit_of(field: FormField) -> WordLimit | None:
    """The box's length in 字: the notice's own, else `max_chars`, else the house maximum."""
    if field.words is not None:
        return field.words
    if field.max_chars is not None:
        return WordLimit(max=field.max_chars)
    if field.type in ("text", "long_text", "table"):
        return WordLimit(max=TEXT_MAX if field.type == "text" else LONG_TEXT_MAX)
    return None


def options_of(field: FormField, locale: str) -> tuple[Option, ...]:
    """The buttons of a choice box: the notice's own options, else the fact's values, else
    the common names of the national standard."""
    zh = lang(locale) == "zh"
    if field.options:
        return tuple(Option(f"opt:{o.label}", o.label if zh else o.label_en)
                     for o in field.options)
    if field.fact and field.type in ("choice", "multi_choice"):
        spec = vocabulary()[field.fact]
        if spec.type == "bool":
            return (Option("opt:yes", "是" if zh else "Yes"),
                    Option("opt:no", "否" if zh else "No"))
        return tuple(Option(f"opt:{key}", labels[lang(locale)])
                     for key, labels in spec.values.items())
    if field.type == "ethnicity":
        return tuple(Option(f"opt:{name}", name) for name in standards.COMMON_ETHNIC_GROUPS)
    if field.type == "political_status":
        return tuple(Option(f"opt:{name}", name if zh else standards.POLITICAL_EN[name])
                     for name in standards.COMMON_POLITICAL_STATUSES)
    return ()


def _printed(field: FormField, key: str) -> tuple[str, Any]:
    """The form's words and the fact value for an option key."""
    if field.options:
        return key, None
    if field.fact:
        spec = vocabulary()[field.fact]
        if spec.type == "bool":
            return ("是" if key == "yes" else "否"), key == "yes"
        return spec.values[key]["zh"], key
    return key, None


def _choose_many(field: FormField, choice: str | None, locale: str) -> Parsed:
    keys = {o.key for o in options_of(field, locale)}
    picked = (choice or "").removeprefix("multi:").split(",") if choice else []
    if choice in keys:
        picked = [choice]
    if not picked or any(key not in keys for key in picked):
        raise FieldError("field.err_multi")
    printed = [_printed(field, key.removeprefix("opt:")) for key in picked]
    facts = [fact for _, fact in printed if fact is not None]
    return Parsed("、".join(value for value, _ in printed), facts or None)


def choose(field: FormField, choice: str | None, text: str, locale: str) -> Parsed:
    if field.type == "multi_choice":
        return _choose_many(field, choice, locale)
    options = options_of(field, locale)
    if choice is None:
        standard = (standards.ethnic_group(text) if field.type == "ethnicity" else
                    standards.political_status(text) if field.type == "political_status"
                    else None)
        if standard is not None:
            return Parsed(standard)
        try:
            choice = pick_option(text, options).key
        except ParseError:
            raise FieldError(f"field.err_{field.type}" if field.type in (
                "ethnicity", "political_status") else "field.err_choice") from None
    key = choice.removeprefix("opt:")
    if choice not in {o.key for o in options}:
        raise FieldError("field.err_choice")
    value, fact = _printed(field, key)
    return Parsed(value, fact)


def _text(field: FormField, text: str, locale: str = "zh_CN") -> Parsed:
    if not any(unicodedata.category(ch)[0] in "LN" for ch in text):
        raise FieldError("field.err_text")
    if any(unicodedata.category(ch) == "So" for ch in text):
        raise FieldError("field.err_symbols")
    limit = limit_of(field)
    high = essay.bounds(limit)[1]
    n = essay.count(text)
    if high is not None and n > high:
        raise FieldError("field.err_too_long", n=n, limit=essay.describe(limit, locale),
                         over=n - high)
    return Parsed(text)


def _bound(name: str | None, today: dt.date, answers: dict[str, Any]) -> dt.date | None:
    if name is None:
        return None
    if name == "today":
        return today
    if name == "birth_date":
        known = answers.get("birth_date")
        return dt.date.fromisoformat(str(known)) if known else None
    return dt.date.fromisoformat(name)


def _date(field: FormField, text: str, today: dt.date, answers: dict[str, Any]) -> Parsed:
    bounds = field.range
    latest = _bound(bounds.latest if bounds else None, today, answers) or today
    earliest = _bound(bounds.earliest if bounds else None, today, answers)
    try:
        value = parse_date(text, dt.date.max)
    except ParseError as error:
        raise FieldError("field.err_date" if error.key == "error.date"
                         else "field.err_date_range") from None
    if value > latest:
        raise FieldError("field.err_date_future" if latest == today else "field.err_date_late",
                         date=_zh(latest))
    if earliest is not None and value < earliest:
        raise FieldError("field.err_date_early", date=_zh(earliest))
    if field.type == "month":  # a month never becomes a date fact: an age would be guessed
        return Parsed(f"{value.year}年{value.month}月")
    shown = f"{value.year}年{value.month}月" if len(normalise(text)) <= 7 else _zh(value)
    return Parsed(shown, value.isoformat())


def _zh(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _number(field: FormField, text: str) -> Parsed:
    try:
        value = read_number(text)
    except NotANumber:
        raise FieldError("field.err_number") from None
    low = field.range.min if field.range and field.range.min is not None else 0
    high = field.range.max if field.range else None
    if value < low:
        raise FieldError("field.err_number_low", min=_plain(low))
    if high is not None and value > high:
        raise FieldError("field.err_number_high", max=_plain(high))
    return Parsed(_plain(value), value)


def _plain(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def parse(field: FormField, text: str, choice: str | None, *, today: dt.date,
          answers: dict[str, Any], locale: str) -> Parsed:
    """Read one answer to `field`; raises FieldError with the reason."""
    kind = field.type
    if kind in ("choice", "multi_choice", "ethnicity", "political_status"):
        return choose(field, choice, text, locale)
    if not text.strip():
        raise FieldError("field.err_empty")
    if kind in ("text", "long_text", "table"):
        return _text(field, text.strip(), locale)
    if kind in ("date", "month"):
        return _date(field, text, today, answers)
    if kind == "number":
        return _number(field, text)
    try:
        if kind in ("mobile", "landline", "phone"):
            return Parsed(contact.phone(text, kind))
        if kind == "email":
            return Parsed(contact.email(text))
        if kind == "postcode":
            return Parsed(contact.postcode(text))
        if kind == "bank_account":
            return Parsed(contact.bank_account(text))
    except contact.Refused as refused:
        raise FieldError(refused.key) from None
    try:
        if kind == "credit_code":
            return Parsed(check_uscc(text))
        resident = check_id_number(text, today=today)
    except IdentifierError as error:
        raise FieldError("field.err_identifier", zh=error.message, en=error.message_en) from None
    known = answers.get("birth_date")
    if known and str(known) != resident.birth_date.isoformat():
        raise FieldError("field.err_id_birth_date", id_date=_zh(resident.birth_date),
                         known=_zh(dt.date.fromisoformat(str(known))))
    return Parsed(mask_text(resident.number), secret=resident.number)
