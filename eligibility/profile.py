"""Turning a raw JSON profile into typed facts, and deriving what the applicant already told us.

A profile is the public input of `awardbot screen`, so every problem is reported (all of them, not
just the first) in words a clerk can act on, and nothing is guessed: an absent fact stays unknown.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from eligibility.identifiers import IdentifierError, check_id_number, check_uscc
from eligibility.vocabulary import FactSpec, Vocabulary, vocabulary

HONOR_LEVELS = ("county", "city", "provincial", "national")
HONOR_KINDS = ("employment_entrepreneurship", "skill", "labor_model", "may_day_medal", "other")


class ProfileError(ValueError):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Honor:
    level: str
    kind: str
    year: int | None
    title: str


@dataclass
class Profile:
    """Typed facts of one applicant. `derived` names the facts we filled in ourselves."""

    facts: dict[str, Any]
    derived: set[str] = field(default_factory=set)
    warnings: list[str] = field(default_factory=list)
    # Values known facts rule out of a fact still unknown (derived `not_in`, see derived.py).
    excluded: dict[str, frozenset[str]] = field(default_factory=dict)

    def get(self, name: str) -> Any:
        return self.facts.get(name)


def parse_date(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        return dt.date.fromisoformat(value.strip())
    raise ValueError("not a date")


def _coerce(spec: FactSpec, value: Any) -> Any:
    kind = spec.type
    if kind == "bool":
        if not isinstance(value, bool):
            raise ValueError("应为 true 或 false")
        return value
    if kind == "number":
        if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
            raise ValueError("应为不小于0的数字")
        return value
    if kind == "date":
        try:
            return parse_date(value)
        except ValueError:
            raise ValueError("日期应为 YYYY-MM-DD 格式，如 1990-05-01") from None
    if kind == "enum":
        if value not in spec.values:
            raise ValueError(f"取值应为 {' | '.join(spec.values)} 之一")
        return value
    if kind == "enum_list":
        if not isinstance(value, list) or any(v not in spec.values for v in value):
            raise ValueError(f"应为列表，每项取 {' | '.join(spec.values)} 之一")
        return list(dict.fromkeys(value))
    if kind == "text":
        if not isinstance(value, str) or not value.strip():
            raise ValueError("应为非空文字")
        return value.strip()
    if kind == "id_number":
        if not isinstance(value, str):
            raise ValueError("身份证号码应写成字符串")
        return check_id_number(value)
    if kind == "uscc":
        if not isinstance(value, str):
            raise ValueError("统一社会信用代码应写成字符串")
        return check_uscc(value)
    if kind == "honors":
        return _coerce_honors(value)
    raise ValueError(f"unsupported fact type {kind}")


def _coerce_honors(value: Any) -> list[Honor]:
    if not isinstance(value, list):
        raise ValueError("应为列表，每项形如 {level, kind, year, title}")
    honors = []
    for index, item in enumerate(value):
        if not isinstance(item, dict) or set(item) - {"level", "kind", "year", "title"}:
            raise ValueError(f"第{index + 1}项应只含 level、kind、year、title")
        if item.get("level") not in HONOR_LEVELS:
            raise ValueError(f"第{index + 1}项 level 应为 {' | '.join(HONOR_LEVELS)} 之一")
        if item.get("kind", "other") not in HONOR_KINDS:
            raise ValueError(f"第{index + 1}项 kind 应为 {' | '.join(HONOR_KINDS)} 之一")
        year = item.get("year")
        if year is not None and (isinstance(year, bool) or not isinstance(year, int)):
            raise ValueError(f"第{index + 1}项 year 应为年份数字，如 2022")
        honors.append(Honor(item["level"], item.get("kind", "other"), year,
                            str(item.get("title", ""))))
    return honors


def parse_profile(raw: object, vocab: Vocabulary | None = None) -> Profile:
    """Validate a raw profile against the vocabulary and derive the facts it implies."""
    vocab = vocab or vocabulary()
    if not isinstance(raw, dict):
        raise ProfileError(["profile: 应为 JSON 对象（键为事实名称）"])
    facts: dict[str, Any] = {}
    problems: list[str] = []
    for name, value in raw.items():
        if name not in vocab:
            problems.append(f"{name}: 未定义的事实名称（见 docs/facts.md）")
            continue
        if value is None:
            continue
        try:
            facts[name] = _coerce(vocab[name], value)
        except IdentifierError as exc:
            problems.append(f"{name}: {exc.message}")
        except ValueError as exc:
            problems.append(f"{name}: {exc}")
    if problems:
        raise ProfileError(problems)
    return derive(Profile(facts))


def derive(profile: Profile) -> Profile:
    """Fill in what the given facts settle, never overriding what the applicant said."""
    facts = profile.facts
    resident = facts.get("id_number")
    if resident is not None:
        for name, value in (("birth_date", resident.birth_date), ("gender", resident.gender)):
            if name not in facts:
                facts[name] = value
                profile.derived.add(name)
        if not resident.place_known:
            profile.warnings.append("id_number: 地区代码不在已知行政区划表中，请人工核对")
    if "applicant_kind" not in facts:
        facts["applicant_kind"] = "person"
        profile.derived.add("applicant_kind")
    from eligibility.derived import apply_derived  # derived.py parses rules, which need Honor

    return apply_derived(profile)
