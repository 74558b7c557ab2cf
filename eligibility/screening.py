"""Screening: one profile against every programme, with a verdict and the reasons for it.

The verdict is decided by hard criteria only; soft ones (political stance, reputation, “作出突出
贡献”) go to `staff_checks` and never block. A soft criterion with a rule is one the notice
qualifies with 原则上 or 一般: when the applicant's facts fall outside it, the result carries an
exception (“通知写明“原则上……”，您的情况（……）由人社部门决定”), never `ineligible`. `missing` is
ordered so the dialog asks first the question that can settle the most programmes, and stops
asking about awards already ruled out.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Literal

from eligibility.explain import describe_facts, describe_situation
from eligibility.loader import programmes
from eligibility.model import Criterion, Programme
from eligibility.profile import Profile
from eligibility.rules import Context, RegionTest, Rule
from eligibility.timeline import Window, window_of
from eligibility.vocabulary import vocabulary

Verdict = Literal["eligible", "ineligible", "incomplete"]


@dataclass(frozen=True)
class Reason:
    criterion: str
    text: str
    text_en: str = ""

    def in_locale(self, locale: str) -> str:
        return self.text_en if locale == "en" and self.text_en else self.text


@dataclass
class Result:
    programme: str
    verdict: Verdict
    category: str | None
    reasons: list[Reason]
    missing: list[str]
    staff_checks: list[Reason]
    window: Window
    in_scope: bool | None
    exceptions: list[Reason] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "programme": self.programme,
            "verdict": self.verdict,
            "category": self.category,
            "reasons": [{"criterion": r.criterion, "text": r.text} for r in self.reasons],
            "missing": self.missing,
            "staff_checks": [{"criterion": r.criterion, "text": r.text}
                             for r in self.staff_checks],
            "exceptions": [{"criterion": r.criterion, "text": r.text}
                           for r in self.exceptions],
            "window": self.window.to_dict(),
            "in_scope": self.in_scope,
        }


@dataclass
class _Draft:
    programme: Programme
    failures: list[Reason] = field(default_factory=list)
    exceptions: list[Reason] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    category: str | None = None
    in_scope: bool | None = None


@dataclass(frozen=True)
class _Plan:
    """A pack flattened for evaluation: rules pulled out of the pydantic models once."""

    hard: tuple[tuple[Criterion, Rule], ...]
    scope: Criterion
    soft: tuple[Reason, ...]
    principles: tuple[tuple[Criterion, Rule], ...]
    categories: tuple[tuple[str, Rule], ...]


_PLANS: dict[int, tuple[Programme, _Plan]] = {}


def _scope_criterion(programme: Programme) -> tuple[Criterion, Rule]:
    region = {"province": programme.scope.province}
    if programme.scope.city:
        region["city"] = programme.scope.city
    place = programme.scope.province + (programme.scope.city or "")
    criterion = Criterion(id="scope", kind="hard", text=f"本项目面向在{place}工作或经营的申报者",
                          text_en=f"Open to applicants working in {place}",
                          source=programme.scope.source)
    return criterion, RegionTest(tuple((k, (v,)) for k, v in region.items()))


def _plan(programme: Programme) -> _Plan:
    cached = _PLANS.get(id(programme))
    if cached is not None and cached[0] is programme:
        return cached[1]
    scope = _scope_criterion(programme)
    plan = _Plan(
        hard=(scope, *((c, c.compiled) for c in programme.criteria if c.kind == "hard")),
        scope=scope[0],
        soft=tuple(Reason(c.id, c.text, c.text_en) for c in programme.criteria
                   if c.kind == "soft"),
        principles=tuple((c, c.compiled) for c in programme.criteria
                         if c.kind == "soft" and c.rule is not None),
        categories=tuple((c.id, c._compiled) for c in programme.categories
                         if c._compiled is not None),
    )
    _PLANS[id(programme)] = (programme, plan)
    return plan


def _reason(criterion: Criterion, decisive: tuple[str, ...], ctx: Context) -> Reason:
    if criterion.reason:
        return Reason(criterion.id, criterion.reason, criterion.text_en)
    zh = describe_facts(vocabulary(), decisive, ctx.facts, ctx.on)
    en = describe_facts(vocabulary(), decisive, ctx.facts, ctx.on, "en")
    return Reason(criterion.id, f"{criterion.text}，{zh}" if zh else criterion.text,
                  f"{criterion.text_en}: {en}" if en else criterion.text_en)


def _exception(criterion: Criterion, rule: Rule, decisive: tuple[str, ...],
               ctx: Context) -> Reason:
    """What the applicant reads when a 原则上 / 一般 rule does not fit them: the notice's words
    and their own situation, and that the office decides."""
    names = decisive or tuple(sorted(rule.facts()))
    zh = describe_situation(vocabulary(), names, ctx.facts, ctx.on)
    en = describe_situation(vocabulary(), names, ctx.facts, ctx.on, "en")
    return Reason(criterion.id,
                  f"通知写明“{criterion.quote}”，您的情况（{zh or '见申报材料'}）由人社部门决定",
                  f"The notice says, as a general rule: “{criterion.text_en}”. Your case "
                  f"({en or 'see the application'}) is for the HR office to decide")


def _kind_reason(programme: Programme, kind: str) -> Reason:
    who = "单位（集体）" if programme.applicant_kind == "organization" else "个人"
    you = "个人" if kind == "person" else "单位（集体）"
    return Reason("applicant_kind", f"本项目由{who}申报，您是以{you}身份申报",
                  f"This award is applied for by an {programme.applicant_kind}, "
                  f"and you are applying as a {kind}")


def _principles(plan: _Plan, ctx: Context) -> tuple[list[str], list[Reason]]:
    """The facts the 原则上 / 一般 rules still need, and the exceptions of those that do not
    hold (or that the known facts cannot settle)."""
    unknown: list[str] = []
    exceptions: list[Reason] = []
    for criterion, rule in plan.principles:
        outcome = rule.evaluate(ctx)
        if outcome.value is None and outcome.missing:
            unknown.extend(outcome.missing)
        elif outcome.value is not True:
            exceptions.append(_exception(criterion, rule, outcome.decisive, ctx))
    return unknown, exceptions


def principle_exceptions(profile: Profile, on: dt.date, programme: Programme) -> list[Reason]:
    """The exceptions of one programme whatever its verdict, for the office reading a packet
    (the applicant's facts may have changed since they were screened eligible)."""
    return _principles(_plan(programme), Context(profile.facts, on))[1]


def _evaluate(programme: Programme, plan: _Plan, ctx: Context) -> _Draft:
    draft = _Draft(programme)
    kind = ctx.facts.get("applicant_kind", "person")
    if kind != programme.applicant_kind:
        draft.failures.append(_kind_reason(programme, kind))
    for criterion, rule in plan.hard:
        outcome = rule.evaluate(ctx)
        if criterion is plan.scope:
            draft.in_scope = outcome.value
        if outcome.value is False:
            draft.failures.append(_reason(criterion, outcome.decisive, ctx))
        elif outcome.value is None and outcome.missing:
            draft.unknown.extend(outcome.missing)
        elif outcome.value is None:  # the facts are known but cannot settle it: the office can
            draft.exceptions.append(_exception(criterion, rule, outcome.decisive, ctx))
    unknown, exceptions = _principles(plan, ctx)
    draft.unknown.extend(unknown)
    draft.exceptions.extend(exceptions)
    category_unknown: list[str] = []
    for category_id, rule in plan.categories:
        outcome = rule.evaluate(ctx)
        if outcome.value is True:
            draft.category = category_id
            break
        if outcome.value is None:
            category_unknown.extend(outcome.missing)
    if draft.category is None:
        draft.unknown.extend(category_unknown)
    return draft


def _rank(drafts: list[_Draft]) -> dict[str, tuple[int, int]]:
    """Facts that could settle more undecided programmes sort first; ties keep vocabulary order."""
    counts: Counter[str] = Counter()
    for draft in drafts:
        if not draft.failures:
            counts.update(set(draft.unknown))
    vocab = vocabulary()
    return {name: (-count, vocab.order(name)) for name, count in counts.items()}


def screen_profile(profile: Profile, on: dt.date,
                   packs: tuple[Programme, ...] | None = None) -> list[Result]:
    ctx = Context(profile.facts, on)
    packs = packs if packs is not None else programmes()
    plans = {p.id: _plan(p) for p in packs}
    drafts = [_evaluate(p, plans[p.id], ctx) for p in packs]
    rank = _rank(drafts)
    results = []
    for draft in drafts:
        programme = draft.programme
        if draft.failures:
            verdict: Verdict = "ineligible"
            missing: list[str] = []
        else:
            missing = sorted(set(draft.unknown), key=rank.__getitem__)
            verdict = "incomplete" if missing else "eligible"
        checks = list(plans[programme.id].soft) if verdict != "ineligible" else []
        exceptions = draft.exceptions if verdict != "ineligible" else []
        results.append(Result(programme.id, verdict, draft.category, draft.failures, missing,
                              checks, window_of(programme, on), draft.in_scope, exceptions))
    return results


def next_questions(results: list[Result]) -> list[str]:
    """The facts still needed by any undecided programme, in the order to ask them."""
    counts = Counter(name for r in results for name in r.missing)
    vocab = vocabulary()
    return sorted(counts, key=lambda n: (-counts[n], vocab.order(n)))
