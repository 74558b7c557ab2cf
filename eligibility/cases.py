"""A pack's test cases (`cases.yaml`): profile in, verdict, reasons and missing out.

The same runner serves pytest and `awardbot programmes check`, so a clerk can audit a pack by
reading its cases and a developer cannot ship a pack whose cases fail.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from eligibility.loader import PackError
from eligibility.model import Programme
from eligibility.profile import ProfileError, parse_date, parse_profile
from eligibility.screening import Result, screen_profile

_CASE_KEYS = {"name", "date", "profile", "verdict", "reasons", "missing", "category",
              "staff_checks", "reason_contains", "exceptions", "exception_contains", "note",
              "error"}


@dataclass
class Case:
    name: str
    on: dt.date
    profile: dict[str, Any]
    verdict: str | None
    reasons: list[str] | None = None
    missing: list[str] | None = None
    category: str | None = None
    check_category: bool = False
    reason_contains: list[str] = field(default_factory=list)
    exceptions: list[str] | None = None
    exception_contains: list[str] = field(default_factory=list)
    error: str | None = None


def load_cases(file: Path) -> list[Case]:
    raw = yaml.safe_load(file.read_text(encoding="utf-8"))
    if not isinstance(raw, dict) or not isinstance(raw.get("cases"), list):
        raise PackError(file, "", "expected a mapping with a 'cases' list")
    cases = []
    for i, item in enumerate(raw["cases"]):
        if not isinstance(item, dict) or set(item) - _CASE_KEYS:
            raise PackError(file, f"cases[{i}]", f"unknown keys {sorted(set(item) - _CASE_KEYS)}")
        if "verdict" not in item and "error" not in item:
            raise PackError(file, f"cases[{i}]", "a case needs a verdict or an expected error")
        cases.append(Case(
            name=item.get("name", f"case {i}"),
            on=parse_date(item["date"]),
            profile=item.get("profile") or {},
            verdict=item.get("verdict"),
            reasons=item.get("reasons"),
            missing=item.get("missing"),
            category=item.get("category"),
            check_category="category" in item,
            reason_contains=item.get("reason_contains", []),
            exceptions=item.get("exceptions"),
            exception_contains=item.get("exception_contains", []),
            error=item.get("error"),
        ))
    return cases


def check_case(case: Case, programme: Programme) -> list[str]:
    """Every way the case's expectation differs from what screening says; empty means pass."""
    try:
        profile = parse_profile(case.profile)
    except ProfileError as exc:
        if case.error and case.error in str(exc):
            return []
        return [f"profile rejected: {exc}"]
    if case.error:
        return [f"expected the profile to be rejected with {case.error!r}"]
    result: Result = screen_profile(profile, case.on, (programme,))[0]
    problems = []
    if result.verdict != case.verdict:
        problems.append(f"verdict {result.verdict!r}, expected {case.verdict!r}")
    got_reasons = sorted(r.criterion for r in result.reasons)
    if case.reasons is not None and got_reasons != sorted(case.reasons):
        problems.append(f"reasons {got_reasons}, expected {sorted(case.reasons)}")
    if case.missing is not None and result.missing != case.missing:
        problems.append(f"missing {result.missing}, expected {case.missing}")
    if case.check_category and result.category != case.category:
        problems.append(f"category {result.category!r}, expected {case.category!r}")
    texts = " ".join(r.text for r in result.reasons)
    problems += [f"no reason mentions {s!r} (reasons: {texts})"
                 for s in case.reason_contains if s not in texts]
    got_exceptions = sorted(r.criterion for r in result.exceptions)
    if case.exceptions is not None and got_exceptions != sorted(case.exceptions):
        problems.append(f"exceptions {got_exceptions}, expected {sorted(case.exceptions)}")
    said = " ".join(r.text for r in result.exceptions)
    problems += [f"no exception mentions {s!r} (exceptions: {said})"
                 for s in case.exception_contains if s not in said]
    return problems


def run_pack_cases(programme: Programme, folder: Path) -> list[tuple[str, list[str]]]:
    return [(case.name, check_case(case, programme))
            for case in load_cases(folder / "cases.yaml")]
