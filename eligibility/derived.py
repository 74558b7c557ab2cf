"""Derived facts: what the known facts settle, declared in `facts.yaml`, applied first.

Someone with no provincial honour at all has no provincial honour with benefits; an
organisation that said it is an enterprise is one; a self-employed person holds no cadre post.
Each derivation is data (`derived:` in facts.yaml): a `when` rule on the known facts and a
`then` that either sets a fact (`equals`) or rules values out (`not_in`: a self-employed
applicant may still head their own company, so only the cadre ranks go). Only what the
applicant has not said is derived; their own answer always wins. The screening then never
lists a settled fact as missing, so the dialog never asks it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from eligibility.profile import Profile
from eligibility.rule_parser import RuleError, parse_rule
from eligibility.rules import Context, Rule
from eligibility.vocabulary import vocabulary

# Enough passes for one derivation to feed another (employer type → organisation type → ...).
PASSES = 4


@dataclass(frozen=True)
class Derivation:
    id: str
    when: Rule
    fact: str
    equals: Any = None
    not_in: frozenset[str] = frozenset()
    why: str = ""


def _parse(item: dict[str, Any], index: int) -> Derivation:
    path = f"facts.yaml: derived[{index}]"
    if set(item) - {"id", "when", "then", "why"} or not {"id", "when", "then"} <= set(item):
        raise ValueError(f"{path}: takes id, when, then and why")
    then = item["then"]
    fact = then.get("fact") if isinstance(then, dict) else None
    ops = set(then) - {"fact"} if isinstance(then, dict) else set()
    if fact not in vocabulary() or ops not in ({"equals"}, {"not_in"}):
        raise ValueError(f"{path}.then: {{fact, equals}} or {{fact, not_in}} on a known fact")
    try:
        when = parse_rule(item["when"], vocabulary(), f"{path}.when")
        parse_rule(then, vocabulary(), f"{path}.then")
    except RuleError as exc:
        raise ValueError(str(exc)) from None
    if any(vocabulary()[name].type == "date" for name in when.facts()):
        raise ValueError(f"{path}.when: a derivation may not depend on the date")
    if "equals" in then:
        return Derivation(item["id"], when, fact, equals=then["equals"], why=item.get("why", ""))
    return Derivation(item["id"], when, fact, not_in=frozenset(then["not_in"]),
                      why=item.get("why", ""))


@cache
def derivations() -> tuple[Derivation, ...]:
    text = resources.files("eligibility").joinpath("facts.yaml").read_text(encoding="utf-8")
    raw = yaml.safe_load(text).get("derived") or []
    return tuple(_parse(item, i) for i, item in enumerate(raw))


def apply_derived(profile: Profile) -> Profile:
    """Fill in (or narrow) what the known facts settle, never overriding an answer. No
    derivation reads a date (checked at load), so the day the rules are evaluated on is moot."""
    facts, on = profile.facts, dt.date.today()
    for _ in range(PASSES):
        changed = False
        for rule in derivations():
            if rule.fact in facts and rule.fact not in profile.derived:
                continue
            if rule.when.evaluate(Context(facts, on, profile.excluded)).value is not True:
                continue
            if rule.not_in:
                before = profile.excluded.get(rule.fact, frozenset())
                if not rule.not_in <= before:
                    profile.excluded[rule.fact] = before | rule.not_in
                    changed = True
            elif rule.fact not in facts:
                facts[rule.fact] = rule.equals
                profile.derived.add(rule.fact)
                changed = True
        if not changed:
            break
    return profile
