"""The rule language: criteria as data, evaluated in three-valued logic.

A rule is a small tree parsed from YAML. Evaluating it against a profile gives True, False or
None (unknown: a fact it needs is absent), plus the facts that decided it (to name the applicant's
value in a reason) and the facts still missing (to know what to ask). Unknown never counts as
false: an absent fact is something to ask, not a reason to refuse.
"""

from __future__ import annotations

import datetime as dt
import re
from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Any

from eligibility.profile import Honor

Truth = bool | None

@dataclass(frozen=True)
class Outcome:
    value: Truth
    decisive: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()


@dataclass(frozen=True)
class Context:
    facts: dict[str, Any]
    on: dt.date


def whole_years(start: dt.date, on: dt.date) -> int:
    """Completed years from `start` to `on`: an anniversary counts on its own day (届满)."""
    return on.year - start.year - ((on.month, on.day) < (start.month, start.day))


_TITLE_MARKS = re.compile(r"[\s“”\"'‘’《》「」（）()]")


def same_title(pattern: str, title: str) -> bool:
    """`pattern` names the honour `title` (free text): a substring once quotes and spaces are
    dropped, or once 省 and 市 are dropped too, so “长春市技术能手” is “长春技术能手”."""
    pattern, title = _TITLE_MARKS.sub("", pattern), _TITLE_MARKS.sub("", title)
    if pattern in title:
        return True
    bare = str.maketrans("", "", "省市")
    return bool(pattern.translate(bare)) and pattern.translate(bare) in title.translate(bare)


def _merge(outcomes: list[Outcome], attr: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(name for o in outcomes for name in getattr(o, attr)))


class Rule(ABC):
    @abstractmethod
    def evaluate(self, ctx: Context) -> Outcome:
        """Three-valued truth of the rule for one profile at one date."""

    @abstractmethod
    def facts(self) -> set[str]:
        """Every fact the rule reads (checked against the vocabulary at load time)."""


@dataclass(frozen=True)
class FactTest(Rule):
    fact: str
    op: str
    operand: Any
    rank: tuple[str, ...] = ()

    def facts(self) -> set[str]:
        return {self.fact}

    def evaluate(self, ctx: Context) -> Outcome:
        value = ctx.facts.get(self.fact)
        if value is None:
            return Outcome(None, missing=(self.fact,))
        return Outcome(self._test(value), decisive=(self.fact,))

    def _test(self, value: Any) -> bool:
        op, operand = self.op, self.operand
        if op in ("equals", "is"):
            return value == operand
        if op == "in":
            return value in operand
        if op == "not_in":
            return value not in operand
        if op in ("at_least", "at_most"):
            left, right = ((self.rank.index(value), self.rank.index(operand)) if self.rank
                           else (value, operand))
            return left >= right if op == "at_least" else left <= right
        if op == "on_or_after":
            return value >= operand
        if op == "on_or_before":
            return value <= operand
        if op == "contains_any":
            return any(v in value for v in operand)
        return not any(v in value for v in operand)


@dataclass(frozen=True)
class AgeTest(Rule):
    """Age in whole years at the screening date; both bounds include the stated number."""

    at_least: int | None
    at_most: int | None

    def facts(self) -> set[str]:
        return {"birth_date"}

    def evaluate(self, ctx: Context) -> Outcome:
        birth = ctx.facts.get("birth_date")
        if birth is None:
            return Outcome(None, missing=("birth_date",))
        age = whole_years(birth, ctx.on)
        ok = (self.at_least is None or age >= self.at_least) and (
            self.at_most is None or age <= self.at_most)
        return Outcome(ok, decisive=("age",))


@dataclass(frozen=True)
class YearsSince(Rule):
    """Whole years from a date fact to the screening date (稳定经营1年以上, 从事…满3年)."""

    fact: str
    at_least: float | None
    at_most: float | None

    def facts(self) -> set[str]:
        return {self.fact}

    def evaluate(self, ctx: Context) -> Outcome:
        start = ctx.facts.get(self.fact)
        if start is None:
            return Outcome(None, missing=(self.fact,))
        years = whole_years(start, ctx.on)
        ok = (self.at_least is None or years >= self.at_least) and (
            self.at_most is None or years <= self.at_most)
        return Outcome(ok, decisive=(self.fact,))


@dataclass(frozen=True)
class HonorTest(Rule):
    """Whether the applicant holds an honour of given levels, kinds or titles, within N years.

    “5年内” with only the honour's year known: a year after the screening year minus five is
    within, a year before it is not, and that year itself is unknown (the month decides)."""

    levels: tuple[str, ...]
    kinds: tuple[str, ...]
    titles: tuple[str, ...]
    within_years: int | None
    present: bool

    def facts(self) -> set[str]:
        return {"honors"}

    def _matches(self, honor: Honor, on: dt.date) -> Truth:
        if self.levels and honor.level not in self.levels:
            return False
        if self.kinds and honor.kind not in self.kinds:
            return False
        if self.titles and not any(same_title(t, honor.title) for t in self.titles):
            return False
        if self.within_years is not None:
            if honor.year is None or honor.year == on.year - self.within_years:
                return None
            return honor.year > on.year - self.within_years
        return True

    def evaluate(self, ctx: Context) -> Outcome:
        honors = ctx.facts.get("honors")
        if honors is None:
            return Outcome(None, missing=("honors",))
        found = [self._matches(h, ctx.on) for h in honors]
        if True in found:
            held: Truth = True
        elif None in found:
            # Known honours whose year alone cannot say it (5年内, in the year five years
            # back): nothing left to ask, the office checks the date.
            return Outcome(None, decisive=("honors",))
        else:
            held = False
        return Outcome(held == self.present, decisive=("honors",))


@dataclass(frozen=True)
class RegionTest(Rule):
    """The applicant works in one of the named regions (each level a list of official names)."""

    levels: tuple[tuple[str, tuple[str, ...]], ...]

    def facts(self) -> set[str]:
        return {level for level, _ in self.levels}

    def evaluate(self, ctx: Context) -> Outcome:
        decisive: list[str] = []
        for level, names in self.levels:
            value = ctx.facts.get(level)
            if value is None:
                unknown = tuple(n for n, _ in self.levels if ctx.facts.get(n) is None)
                return Outcome(None, missing=unknown)
            decisive.append(level)
            if value not in names:
                known = tuple(n for n in ("province", "city", "county") if n in ctx.facts)
                return Outcome(False, decisive=known)
        return Outcome(True, decisive=tuple(decisive))


@dataclass(frozen=True)
class AllOf(Rule):
    items: tuple[Rule, ...]

    def facts(self) -> set[str]:
        return set().union(*(i.facts() for i in self.items))

    def evaluate(self, ctx: Context) -> Outcome:
        outcomes = [i.evaluate(ctx) for i in self.items]
        failed = [o for o in outcomes if o.value is False]
        if failed:
            return Outcome(False, decisive=_merge(failed, "decisive"))
        unknown = [o for o in outcomes if o.value is None]
        if unknown:
            return Outcome(None, missing=_merge(unknown, "missing"))
        return Outcome(True, decisive=_merge(outcomes, "decisive"))


@dataclass(frozen=True)
class AnyOf(Rule):
    items: tuple[Rule, ...]

    def facts(self) -> set[str]:
        return set().union(*(i.facts() for i in self.items))

    def evaluate(self, ctx: Context) -> Outcome:
        outcomes = [i.evaluate(ctx) for i in self.items]
        held = [o for o in outcomes if o.value is True]
        if held:
            return Outcome(True, decisive=_merge(held, "decisive"))
        unknown = [o for o in outcomes if o.value is None]
        if unknown:
            return Outcome(None, missing=_merge(unknown, "missing"))
        return Outcome(False, decisive=_merge(outcomes, "decisive"))


@dataclass(frozen=True)
class NotRule(Rule):
    item: Rule

    def facts(self) -> set[str]:
        return self.item.facts()

    def evaluate(self, ctx: Context) -> Outcome:
        inner = self.item.evaluate(ctx)
        if inner.value is None:
            return inner
        return Outcome(not inner.value, decisive=inner.decisive)


@dataclass(frozen=True)
class IfThen(Rule):
    """A condition that applies only to some applicants (个体工商户需提供营业执照)."""

    condition: Rule
    then: Rule

    def facts(self) -> set[str]:
        return self.condition.facts() | self.then.facts()

    def evaluate(self, ctx: Context) -> Outcome:
        cond = self.condition.evaluate(ctx)
        if cond.value is False:
            return Outcome(True, decisive=cond.decisive)
        then = self.then.evaluate(ctx)
        if cond.value is None:
            if then.value is True:
                return then
            return Outcome(None, missing=_merge([cond, then], "missing"))
        return then
