"""Which boxes of the form are asked, and what the system fills in itself.

A box is asked only when nothing else can fill it: the system fills the day of submission, the
region, the category chosen and the office the notice names (`filled`); a box repeating another
(`same_as`, the cover's 姓名) takes its value; a box that is a fact already answered is filled
from that answer (`prefill`). A box whose condition (`when`, `categories`) is false for this
applicant does not apply and stays empty, so a 否 is never followed by “how many years?”.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from eligibility.explain import describe_value
from eligibility.model import FormField, Programme
from eligibility.profile import ProfileError, parse_profile
from eligibility.rules import Context
from eligibility.vocabulary import vocabulary

PLACE = ("province", "city", "county")
NOT_APPLICABLE = "不适用"


def is_asked(field: FormField) -> bool:
    """Whether the box can ever be a step of the conversation (a photo box is the photo
    document; filled and repeated boxes never are)."""
    return field.type != "photo" and field.filled is None and field.same_as is None


def applies(field: FormField, facts: dict[str, Any], category: str | None,
            today: dt.date) -> bool | None:
    """True, False, or None while a fact the condition needs is unknown (then it is asked)."""
    if field.categories and category is not None and category not in field.categories:
        return False
    if field._when is None:
        return True
    return field._when.evaluate(Context(facts, today)).value


def facts_of(answers: dict[str, Any]) -> dict[str, Any]:
    try:
        return parse_profile(answers).facts
    except ProfileError:
        return {}


def prefilled(field: FormField, answers: dict[str, Any], facts: dict[str, Any],
              id_mask: str | None, locale: str = "zh_CN") -> str | None:
    """The box's value from an earlier answer, as the form prints it (in Chinese; `locale`
    en describes it in English for the applicant), or None."""
    if not field.prefill or not field.fact:
        return None
    if field.fact == "id_number":
        return id_mask
    value = answers.get(field.fact)
    if value == []:
        return "无" if locale != "en" else "None"
    if value in (None, "") and field.fact in facts:  # settled by the answers (derived facts)
        return describe_value(vocabulary(), field.fact, facts[field.fact],
                              "en" if locale == "en" else "zh")
    if value in (None, ""):
        return None
    if field.fact == "birth_date":
        day = dt.date.fromisoformat(str(value))
        return (f"{day.year}年{day.month}月" if field.type in ("month", "date") and
                "月" in field.label and "日" not in field.label else
                f"{day.year}年{day.month}月{day.day}日")
    if field.fact in facts:
        return describe_value(vocabulary(), field.fact, facts[field.fact],
                              "en" if locale == "en" else "zh")
    return str(value)


def filled(field: FormField, programme: Programme, category: str | None,
           answers: dict[str, Any], today: dt.date) -> str | None:
    """What the system writes into a box it fills (None: it cannot yet, e.g. no region)."""
    if field.filled == "today":
        return f"{today.year}年{today.month}月{today.day}日"
    if field.filled == "region":
        parts = [str(answers[k]) for k in PLACE if answers.get(k)]
        return "".join(parts) or None
    if field.filled == "category":
        chosen = next((c for c in programme.categories if c.id == category), None)
        return chosen.name if chosen else programme.name
    if field.filled == "office" and field.office_pattern:
        values = {k: str(answers.get(k) or "") for k in PLACE}
        if any(f"{{{k}}}" in field.office_pattern and not values[k] for k in PLACE):
            return None
        return field.office_pattern.format(**values)
    return None


def form_values(programme: Programme, app: dict[str, Any], answers: dict[str, Any],
                id_mask: str | None, today: dt.date) -> dict[str, str]:
    """Every box's value as the office receives it: typed, prefilled, filled by the system,
    repeated; a box that does not apply says so (several notices say 不得空项)."""
    facts = facts_of(answers)
    values: dict[str, str] = {}
    for field in programme.form.fields:
        if applies(field, facts, app.get("category"), today) is False:
            values[field.id] = NOT_APPLICABLE
            continue
        if field.id in app["fields"]:
            values[field.id] = str(app["fields"][field.id])
            continue
        value = filled(field, programme, app.get("category"), answers, today) \
            if field.filled else prefilled(field, answers, facts, id_mask)
        if value is not None:
            values[field.id] = value
    for field in programme.form.fields:
        if field.same_as and field.same_as in values:
            values[field.id] = values[field.same_as]
    return values
