"""Parsing rules from pack YAML, with every mistake reported at its path inside the pack.

Checks happen here, once, at load: unknown facts, operators that do not fit the fact's type and
values the fact cannot take, so evaluation never has to second-guess its input.
"""

from __future__ import annotations

from typing import Any

from eligibility.profile import HONOR_KINDS, HONOR_LEVELS, parse_date
from eligibility.rules import (
    AgeTest,
    AllOf,
    AnyOf,
    BelowRetirementAge,
    FactTest,
    HonorTest,
    IfThen,
    NotRule,
    RegionTest,
    Rule,
    YearsSince,
)
from eligibility.vocabulary import Vocabulary

FACT_OPS = ("equals", "in", "not_in", "is", "at_least", "at_most", "on_or_after", "on_or_before",
            "contains_any", "contains_none")
OPAQUE_TYPES = ("text", "id_number", "uscc", "honors")


class RuleError(ValueError):
    """A malformed rule; `path` locates it inside the rule tree."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}" if path else message)


def _bounds(spec: dict[str, Any], path: str) -> tuple[Any, Any]:
    extra = set(spec) - {"at_least", "at_most"}
    if extra or not spec:
        raise RuleError(path, "expected at_least and/or at_most")
    for key in ("at_least", "at_most"):
        if key in spec and (isinstance(spec[key], bool) or not isinstance(spec[key], int | float)):
            raise RuleError(f"{path}.{key}", "expected a number")
    return spec.get("at_least"), spec.get("at_most")


def _check_value(vocab: Vocabulary, fact: str, op: str, operand: Any, path: str) -> Any:
    spec = vocab[fact]
    listy = op in ("in", "not_in", "contains_any", "contains_none")
    values = operand if listy else [operand]
    if listy and (not isinstance(operand, list) or not operand):
        raise RuleError(path, f"{op} expects a non-empty list")
    if op in ("contains_any", "contains_none") and spec.type != "enum_list":
        raise RuleError(path, f"{op} applies to list facts, and {fact} is {spec.type}")
    if op in ("on_or_after", "on_or_before"):
        if spec.type != "date":
            raise RuleError(path, f"{op} applies to dates, and {fact} is {spec.type}")
        try:
            return parse_date(operand)
        except ValueError:
            raise RuleError(path, f"{operand!r} is not a YYYY-MM-DD date") from None
    if op == "is" and spec.type != "bool":
        raise RuleError(path, f"'is' applies to true/false facts, and {fact} is {spec.type}")
    if op in ("at_least", "at_most"):
        if spec.type == "enum" and not spec.ordered:
            raise RuleError(path, f"{fact} has no order, so {op} cannot compare it")
        if spec.type not in ("enum", "number"):
            raise RuleError(path, f"{op} applies to numbers or ordered enums, not {spec.type}")
    for v in values:
        if spec.type in ("enum", "enum_list") and v not in spec.values:
            raise RuleError(path, f"{v!r} is not a value of {fact} ({', '.join(spec.values)})")
        if spec.type == "bool" and not isinstance(v, bool):
            raise RuleError(path, f"{fact} is true/false, got {v!r}")
        if spec.type == "number" and (isinstance(v, bool) or not isinstance(v, int | float)):
            raise RuleError(path, f"{fact} is a number, got {v!r}")
    if spec.type in OPAQUE_TYPES and op not in ("equals", "in", "not_in"):
        raise RuleError(path, f"{op} cannot test {fact} ({spec.type})")
    return tuple(operand) if listy else operand


def parse_rule(raw: Any, vocab: Vocabulary, path: str = "rule") -> Rule:
    """Parse one rule node, rejecting unknown facts, operators and values with their path."""
    if not isinstance(raw, dict) or not raw:
        raise RuleError(path, "a rule is a mapping such as {fact: age, ...}")
    keys = set(raw)
    for combinator, cls in (("all", AllOf), ("any", AnyOf)):
        if combinator in keys:
            items = raw[combinator]
            if keys != {combinator} or not isinstance(items, list) or not items:
                raise RuleError(path, f"'{combinator}' takes a non-empty list and nothing else")
            return cls(tuple(parse_rule(item, vocab, f"{path}.{combinator}[{i}]")
                             for i, item in enumerate(raw[combinator])))
    if "not" in keys:
        if keys != {"not"}:
            raise RuleError(path, "'not' takes one rule and nothing else")
        return NotRule(parse_rule(raw["not"], vocab, f"{path}.not"))
    if "if" in keys:
        if keys != {"if", "then"}:
            raise RuleError(path, "'if' needs exactly 'then' beside it")
        return IfThen(parse_rule(raw["if"], vocab, f"{path}.if"),
                      parse_rule(raw["then"], vocab, f"{path}.then"))
    if "age" in keys:
        if keys != {"age"} or not isinstance(raw["age"], dict):
            raise RuleError(path, "'age' takes {at_least, at_most}")
        return AgeTest(*_bounds(raw["age"], f"{path}.age"))
    if "below_retirement_age" in keys:
        spec = raw["below_retirement_age"]
        women = spec.get("women") if isinstance(spec, dict) else None
        if keys != {"below_retirement_age"} or set(spec) != {"women"} or women not in (50, 55):
            raise RuleError(path, "'below_retirement_age' takes {women: 55} or {women: 50}, "
                            "the original retirement age of the women's table to apply")
        return BelowRetirementAge("female_55" if women == 55 else "female_50")
    if "years_since" in keys:
        fact = raw["years_since"]
        if fact not in vocab or vocab[fact].type != "date":
            raise RuleError(f"{path}.years_since", f"{fact!r} is not a date fact")
        return YearsSince(fact, *_bounds({k: v for k, v in raw.items() if k != "years_since"},
                                         path))
    if "honor" in keys:
        return _parse_honor(raw, path)
    if "region" in keys:
        return _parse_region(raw, path)
    if "fact" in keys:
        fact = raw["fact"]
        if fact not in vocab:
            raise RuleError(f"{path}.fact", f"{fact!r} is not defined in the fact vocabulary")
        ops = keys - {"fact"}
        if len(ops) != 1 or not ops <= set(FACT_OPS):
            raise RuleError(path, f"a fact test takes exactly one of {', '.join(FACT_OPS)}")
        op = ops.pop()
        operand = _check_value(vocab, fact, op, raw[op], f"{path}.{op}")
        rank = tuple(vocab[fact].values) if vocab[fact].ordered else ()
        values = tuple(vocab[fact].values) if vocab[fact].type == "enum" else ()
        return FactTest(fact, op, operand, rank, values)
    raise RuleError(path, f"unknown rule keys {sorted(keys)}")


def _parse_honor(raw: dict[str, Any], path: str) -> HonorTest:
    if set(raw) != {"honor", "present"} or not isinstance(raw["present"], bool):
        raise RuleError(path, "an honour test is {honor: {...}, present: true|false}")
    spec = raw["honor"]
    allowed = {"levels", "kinds", "titles", "within_years"}
    if not isinstance(spec, dict) or set(spec) - allowed:
        raise RuleError(f"{path}.honor", f"takes only {', '.join(sorted(allowed))}")
    for key, choices in (("levels", HONOR_LEVELS), ("kinds", HONOR_KINDS)):
        bad = [v for v in spec.get(key, []) if v not in choices]
        if bad:
            raise RuleError(f"{path}.honor.{key}", f"{bad} not among {', '.join(choices)}")
    return HonorTest(tuple(spec.get("levels", ())), tuple(spec.get("kinds", ())),
                     tuple(str(t) for t in spec.get("titles", ())), spec.get("within_years"),
                     raw["present"])


def _parse_region(raw: dict[str, Any], path: str) -> RegionTest:
    spec = raw["region"]
    if set(raw) != {"region"} or not isinstance(spec, dict) or not spec:
        raise RuleError(path, "a region test is {region: {province: ..., city: ...}}")
    levels = []
    for level in ("province", "city", "county"):
        if level in spec:
            names = spec[level] if isinstance(spec[level], list) else [spec[level]]
            levels.append((level, tuple(str(n) for n in names)))
    if len(levels) != len(spec):
        raise RuleError(f"{path}.region", "takes only province, city and county")
    return RegionTest(tuple(levels))
