"""The fact vocabulary as data: what each fact is, what values it takes, how to say it.

The vocabulary is the public contract between the dialog, the rules and the forms, so it lives in
one YAML file (`facts.yaml`) that packs are checked against at load time: a rule that reads an
undefined fact or compares with a value the fact cannot take is a pack error, not a silent False.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Literal

import yaml

FactType = Literal["enum", "enum_list", "bool", "date", "number", "text", "id_number", "uscc",
                   "honors"]
FACT_TYPES: frozenset[str] = frozenset(FactType.__args__)  # type: ignore[attr-defined]


@dataclass(frozen=True)
class FactSpec:
    """One fact of the vocabulary."""

    name: str
    type: FactType
    label: dict[str, str]
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    ordered: bool = False
    unit: dict[str, str] = field(default_factory=dict)

    def rank(self, value: str) -> int:
        """Position of an enum value in its natural order (for at_least / at_most)."""
        return list(self.values).index(value)

    def value_label(self, value: str, locale: str = "zh") -> str:
        labels = self.values.get(value)
        return labels.get(locale, value) if labels else value

    def value_for_words(self, text: str) -> str | None:
        """The one value whose everyday `words` (“外卖”, “开店”) the text contains, if exactly
        one value's do: what people type instead of the option's label."""
        found = {value for value, labels in self.values.items()
                 for word in labels.get("words", "").split("、") if word and word in text}
        return found.pop() if len(found) == 1 else None


@dataclass(frozen=True)
class Vocabulary:
    facts: dict[str, FactSpec]

    def __contains__(self, name: object) -> bool:
        return name in self.facts

    def __getitem__(self, name: str) -> FactSpec:
        return self.facts[name]

    def order(self, name: str) -> int:
        """Position of a fact in the vocabulary; breaks ties when ordering questions."""
        return list(self.facts).index(name) if name in self.facts else len(self.facts)


def _parse(raw: object) -> Vocabulary:
    if not isinstance(raw, dict) or not isinstance(raw.get("facts"), dict):
        raise ValueError("facts.yaml: expected a mapping with a 'facts' key")
    facts: dict[str, FactSpec] = {}
    for name, spec in raw["facts"].items():
        if spec.get("type") not in FACT_TYPES:
            raise ValueError(f"facts.yaml: facts.{name}.type: unknown type {spec.get('type')!r}")
        if spec["type"] in ("enum", "enum_list") and not spec.get("values"):
            raise ValueError(f"facts.yaml: facts.{name}.values: an enum needs its values")
        facts[name] = FactSpec(
            name=name,
            type=spec["type"],
            label=spec["label"],
            values={str(k): v for k, v in (spec.get("values") or {}).items()},
            ordered=bool(spec.get("ordered", False)),
            unit=spec.get("unit") or {},
        )
    return Vocabulary(facts)


@cache
def vocabulary() -> Vocabulary:
    text = resources.files("eligibility").joinpath("facts.yaml").read_text(encoding="utf-8")
    return _parse(yaml.safe_load(text))
