"""What each box of a form prints: the applicant's answer as the notice writes it, else blank.

Answers are stored as the form prints them (`dialogs.fields`), but older answers and facts can
still hold an ISO date (`2026-12-02`), a zero-padded month (`1990年03月`) or a vocabulary key
(`individual_business`); each is turned into the notice's words here. A box nobody filled stays
empty: the form never invents a value.
"""

from __future__ import annotations

import re
from typing import Any

from eligibility.model import FormField, Programme
from eligibility.vocabulary import vocabulary

ISO_DAY = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
ISO_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
PADDED = re.compile(r"(\d{4})年0*(\d{1,2})月(?:0*(\d{1,2})日)?")


def cn_date(year: int, month: int, day: int | None = None) -> str:
    return f"{year}年{month}月" + (f"{day}日" if day else "")


def _date_text(field: FormField | None, text: str) -> str:
    as_month = field is not None and field.type == "month"
    if match := ISO_DAY.match(text):
        year, month, day = (int(part) for part in match.groups())
        return cn_date(year, month, None if as_month else day)
    if match := ISO_MONTH.match(text):
        return cn_date(int(match[1]), int(match[2]))
    return PADDED.sub(lambda m: cn_date(int(m[1]), int(m[2]), int(m[3]) if m[3] else None),
                      text)


def _choice_text(field: FormField, text: str) -> str:
    if field.fact and field.fact in vocabulary().facts:
        spec = vocabulary().facts[field.fact]
        if spec.values and text in spec.values:
            return spec.value_label(text)
    return text


def printable(field: FormField | None, value: Any) -> str:
    """One box's printed text ('' when nobody filled it)."""
    if value is None:
        return ""
    if isinstance(value, list):
        return "、".join(printable(field, item) for item in value if item not in (None, ""))
    text = str(value).strip()
    if field is not None and field.type in ("choice", "multi_choice"):
        text = _choice_text(field, text)
    return _date_text(field, text)


def form_texts(programme: Programme, values: dict[str, Any]) -> dict[str, str]:
    """Every box of the pack's form by field id, as printed."""
    fields = {field.id: field for field in programme.form.fields}
    out = {key: printable(fields.get(key), value) for key, value in values.items()}
    for field_id, field in fields.items():
        out.setdefault(field_id, "")
        if field.type == "photo":
            out[field_id] = ""
    return out
