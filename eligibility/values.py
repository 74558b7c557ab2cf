"""No invented values: every number, date and list of a pack is in its quote or an outside fact.

A value is *quoted* when the element's own `source` (the notice's words) states it: a number as
digits or in Chinese numerals (一式两份, 三年以上, 1万元, 150%), a date as 2024年1月15日 (or
12月9日 with its year elsewhere in the quote, 10月24-26日 for a span), an honour's kind by its
word (劳动模范, 五一劳动奖章, 就业创业) and its title as written. Otherwise the element must name
an outside fact (`outside:`, see outside_facts.yaml) whose `values` hold it. The loader refuses
a pack with any other value, so `awardbot programmes check` fails on it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

from eligibility.model import PartialDate, Programme
from eligibility.outside import outside_facts
from eligibility.rules import same_title
from eligibility.vocabulary import vocabulary

_ARABIC = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)(万)?(%)?")
_CHINESE = re.compile(r"[零一二两三四五六七八九十百千]+")
_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
           "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}
_DATE = re.compile(r"(?:(\d{4})年)?(\d{1,2})月(\d{1,2})(?:-(\d{1,2}))?日")
_YEAR = re.compile(r"(\d{4})年")
# The word an honour's kind goes by in the notices.
KIND_WORDS = {"employment_entrepreneurship": ("就业创业",), "labor_model": ("劳动模范", "劳模"),
              "may_day_medal": ("五一劳动奖章",), "skill": ("技能", "技术能手"), "other": ()}


def _chinese_number(text: str) -> int:
    total = current = 0
    for char in text:
        if char in _DIGITS:
            current = _DIGITS[char]
        else:
            total += (current or 1) * _UNITS[char]
            current = 0
    return total + current


def _measured(text: str, end: int, measures: tuple[str, ...]) -> bool:
    """The number ending at `end` is followed by one of `measures` (“1000-2000字”: after the
    span's second number; “800字左右”)."""
    if not measures:
        return True
    rest = re.sub(r"^\s*(?:[-—至到~～]\s*[\d零一二两三四五六七八九十百千]+)?\s*", "", text[end:])
    return rest.startswith(measures)


def quoted_numbers(text: str, measures: tuple[str, ...] = ()) -> set[float]:
    """The numbers a quote states; with `measures`, only those followed by one (份, 字, 周岁),
    so “（见附件2）” does not state that there are two copies."""
    numbers: set[float] = set()
    for match in _ARABIC.finditer(text):
        value = float(match[1]) * (10000 if match[2] else 1)
        if match[3] and ("%" in measures or not measures):
            numbers.add(round(value / 100, 4))
        if _measured(text, match.end(), measures):
            numbers.add(value)
    for match in _CHINESE.finditer(text):
        if _measured(text, match.end(), measures):
            numbers.add(float(_chinese_number(match[0])))
    return numbers


def quoted_dates(text: str) -> tuple[set[tuple[int | None, int, int]], set[int]]:
    """The dates a quote states (year or None, month, day), and the years it names."""
    text = text.replace(".日", "日")
    dates: set[tuple[int | None, int, int]] = set()
    for year, month, day, until in _DATE.findall(text):
        for each in filter(None, (day, until)):
            dates.add((int(year) if year else None, int(month), int(each)))
    return dates, {int(year) for year in _YEAR.findall(text)}


def _date_quoted(value: PartialDate | dt.date, quote: str) -> bool:
    year, month, day = ((value.year, value.month, value.day))
    dates, years = quoted_dates(quote)
    if (year, month, day) in dates:
        return True
    return (None, month, day) in dates and (year is None or year in years)


def _outside_values(names: list[str]) -> set[float]:
    return {float(v) for name in names if name in outside_facts()
            for v in outside_facts()[name].values}


AGE, YEARS, PERCENT, PEOPLE = ("周岁", "岁"), ("年",), ("%",), ("名", "人", "个")


Found = tuple[str, str, Any, tuple[str, ...]]


def _rule_values(rule: Any, path: str, measures: tuple[str, ...] = ()) -> Iterator[Found]:
    """(path, kind, value, measures) for every number, date, honour kind and title of a rule;
    a number's measures are the words it must be followed by in the quote (周岁 for an age)."""
    if isinstance(rule, list):
        for i, item in enumerate(rule):
            yield from _rule_values(item, f"{path}[{i}]", measures)
        return
    if not isinstance(rule, dict):
        return
    if "fact" in rule and rule["fact"] in vocabulary():
        unit = vocabulary()[rule["fact"]].unit.get("zh")
        measures = (unit,) if unit else measures
    for key, value in rule.items():
        sub = f"{path}.{key}"
        if key in ("at_least", "at_most", "within_years", "women") and \
                isinstance(value, int | float) and not isinstance(value, bool):
            yield sub, "number", value, YEARS if key == "within_years" else measures
        elif key in ("on_or_after", "on_or_before"):
            yield sub, "date", value, ()
        elif key == "kinds":
            yield from ((f"{sub}[{i}]", "kind", kind, ()) for i, kind in enumerate(value))
        elif key == "titles":
            yield from ((f"{sub}[{i}]", "title", title, ()) for i, title in enumerate(value))
        elif key == "age":
            yield from _rule_values(value, sub, AGE)
        elif key == "years_since":
            yield from _rule_values({k: v for k, v in rule.items() if k != key}, path, YEARS)
            return
        elif isinstance(value, dict | list):
            yield from _rule_values(value, sub, measures)


def _fault(kind: str, value: Any, quote: str, outside: set[float],
           measures: tuple[str, ...] = ()) -> str | None:
    if kind == "number":
        return None if float(value) in quoted_numbers(quote, measures) | outside else \
            f"{value} is neither in the quote nor an outside fact the element names"
    if kind == "date":
        date = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
        return None if _date_quoted(date, quote) else f"{value} is not a date the quote states"
    if kind == "kind":
        words = KIND_WORDS.get(str(value), ())
        return None if any(w in quote for w in words) else \
            f"honour kind {value!r} is not named in the quote (an invented list)"
    return None if same_title(str(value), quote) else f"title {value!r} is not in the quote"


def unquoted_values(pack: Programme, notice: str) -> list[tuple[str, str]]:
    """Every (path, fault) of a value the pack states without its notice or an outside fact."""
    faults: list[tuple[str, str]] = []

    def check(path: str, kind: str, value: Any, quote: str, outside: list[str],
              measures: tuple[str, ...] = ()) -> None:
        fault = _fault(kind, value, quote, _outside_values(outside), measures)
        if fault:
            faults.append((path, fault))

    for i, c in enumerate(pack.criteria):
        for where, kind, value, measures in _rule_values(c.rule, f"criteria[{i}].rule"):
            check(where, kind, value, c.source, c.outside, measures)
    for i, g in enumerate(pack.categories):
        for where, kind, value, measures in _rule_values(g.rule, f"categories[{i}].rule"):
            check(where, kind, value, g.source, [], measures)
        if g.quota is not None:
            check(f"categories[{i}].quota", "number", g.quota, g.source, [], PEOPLE)
    for i, d in enumerate(pack.documents):
        for where, kind, value, measures in _rule_values(d.when, f"documents[{i}].when"):
            check(where, kind, value, d.source, d.outside, measures)
        words = d.spec.words
        spec = {"words.target": (words and words.target, ("字",)),
                "words.min": (words and words.min, ("字",)),
                "words.max": (words and words.max, ("字",)),
                "count": (d.spec.count, ("张", "份", "页", "面")),
                "copies": (d.spec.copies, ("份",))}
        for name, (value, measures) in spec.items():
            if value is not None:
                check(f"documents[{i}].spec.{name}", "number", value, d.source, d.outside,
                      measures)
    for i, f in enumerate(pack.form.fields):
        for name in ("target", "min", "max"):
            value = getattr(f.words, name) if f.words else None
            if value is not None:
                check(f"form.fields[{i}].words.{name}", "number", value,
                      f.words_source or f.source or "", [], ("字",))
        if f.max_chars is not None:
            check(f"form.fields[{i}].max_chars", "number", f.max_chars, f.source or "", [],
                  ("字",))
    for i, q in enumerate(pack.quotas):
        for name, measures in (("count", ()), ("ratio_min", PERCENT), ("ratio_max", PERCENT)):
            value = getattr(q, name)
            if value is not None:
                check(f"quotas[{i}].{name}", "number", value, q.source, [], measures)
    for i, t in enumerate(pack.timeline):
        for name in ("start", "end"):
            value = getattr(t, name)
            if value is not None and not _date_quoted(value, t.source):
                faults.append((f"timeline[{i}].{name}",
                               f"{value.zh()} is not a date the quote states"))
    for i, level in enumerate(pack.chain):
        if level.publicity is not None:
            check(f"chain[{i}].publicity.days", "number", level.publicity.days,
                  level.publicity.source, [], ("个工作日", "天", "日"))
    for i, r in enumerate(pack.rewards):
        if r.amount_yuan is not None:
            check(f"rewards[{i}].amount_yuan", "number", r.amount_yuan, r.source, [], ("元",))
    if pack.year is not None and f"{pack.year}年" not in re.sub(r"\s+", "", notice):
        faults.append(("year", f"{pack.year} is not a year the notice names"))
    return faults


def unknown_outside_facts(pack: Programme) -> list[tuple[str, str]]:
    """Outside facts named by the pack that outside_facts.yaml does not define."""
    named = [(f"criteria[{i}].outside", n) for i, c in enumerate(pack.criteria) for n in c.outside]
    named += [(f"documents[{i}].outside", n) for i, d in enumerate(pack.documents)
              for n in d.outside]
    return [(path, f"{name!r} is not an outside fact") for path, name in named
            if name not in outside_facts()]
