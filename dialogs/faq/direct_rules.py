"""Direct answers about the rules themselves: the criteria, age, years, skill level, retirement.

“要干多久才能报” is answered with the rules that count years (满1年, 连续满3年, 5年内), “要什么
等级” with those on the skill level, “退休了能报吗” with the retirement rule (or the age rule,
or that the notice has none). The criteria answer lists the rules that decide: the hard ones and
those qualified with 原则上 / 一般, which say so in their own words.
"""

from __future__ import annotations

import datetime as dt
import re

from dialogs.i18n import catalogue, t
from eligibility.model import Criterion, Programme
from eligibility.vocabulary import vocabulary


def _name(p: Programme, locale: str) -> str:
    return p.name_en if locale == "en" else p.name


def _join(locale: str, items: list[str]) -> str:
    return ("; " if locale == "en" else "；").join(items)


def criteria(p: Programme, locale: str, today: dt.date, question: str = "") -> str:
    """The rules that decide: the hard ones and those qualified with 原则上 / 一般 (which say
    so in their own words)."""
    texts = [c.text_en if locale == "en" else c.text for c in p.criteria
             if c.kind == "hard" or c.rule is not None]
    return t(locale, "faq.d.criteria", name=_name(p, locale), items=_join(locale, texts))


def age(p: Programme, locale: str, today: dt.date, question: str = "") -> str:
    rules = [c for c in p.criteria if c.rule is not None and
             any(k in str(c.rule) for k in ("'age'", "birth_date", "below_retirement_age"))]
    if not rules:
        return t(locale, "faq.d.age_none", name=_name(p, locale))
    texts = [c.text_en if locale == "en" else c.text for c in rules]
    text = t(locale, "faq.d.age", name=_name(p, locale), items=_join(locale, texts))
    outside = dict.fromkeys(name for c in rules for name in c.outside
                            if f"faq.outside.{name}" in catalogue("zh_CN"))
    return text + "".join(t(locale, f"faq.outside.{name}") for name in outside)


def _reads(c: Criterion, *facts: str) -> bool:
    return c._compiled is not None and bool(c._compiled.facts() & set(facts))


def _rules_on(p: Programme, locale: str, key: str, found: list[Criterion]) -> str:
    texts = [c.text_en if locale == "en" else c.text for c in found]
    if not texts:
        return t(locale, f"{key}_none", name=_name(p, locale))
    return t(locale, key, name=_name(p, locale), items=_join(locale, texts))


def years(p: Programme, locale: str, today: dt.date, question: str = "") -> str:
    """How long one must have worked or run the business (满1年, 3年以上, 连续满3年)."""
    vocab = vocabulary()
    counted = [name for name, spec in vocab.facts.items()
               if (spec.type == "date" and name != "birth_date")
               or spec.unit.get("zh") == "年"]
    found = [c for c in p.criteria if (c.rule is not None and _reads(c, *counted))
             or re.search(r"\d年内|[一二三四五]年内|近[一二三五\d]年", c.text)]
    return _rules_on(p, locale, "faq.d.years", found)


def skill(p: Programme, locale: str, today: dt.date, question: str = "") -> str:
    found = [c for c in p.criteria if c.rule is not None and _reads(
        c, "skill_level", "skill_certificate", "professional_title")]
    return _rules_on(p, locale, "faq.d.skill", found)


def retired(p: Programme, locale: str, today: dt.date, question: str = "") -> str:
    found = [c for c in p.criteria if c.kind == "hard" and (
        _reads(c, "retired") or "退休" in c.text)]
    if not found:
        found = [c for c in p.criteria if c.kind == "hard" and _reads(c, "birth_date")]
    return _rules_on(p, locale, "faq.d.retired", found)
