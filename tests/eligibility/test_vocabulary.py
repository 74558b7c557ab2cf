"""The fact vocabulary is a public contract: the YAML, the docs and the seed list agree."""

from __future__ import annotations

import re
from pathlib import Path

from eligibility.loader import programmes
from eligibility.vocabulary import vocabulary

ROOT = Path(__file__).resolve().parents[2]
SHARED_FACTS = ROOT.parent / "shared" / "domain" / "facts.md"


def _documented(path: Path) -> set[str]:
    names: set[str] = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("| `"):
            first_cell = line.split("|")[1]
            names.update(re.findall(r"`([a-z0-9_]+)`", first_cell))
    return names


def test_docs_facts_md_describes_exactly_the_vocabulary() -> None:
    assert _documented(ROOT / "docs" / "facts.md") == set(vocabulary().facts)


def test_no_fact_of_the_shared_contract_was_renamed_or_dropped() -> None:
    if SHARED_FACTS.is_file():
        assert _documented(SHARED_FACTS) <= set(vocabulary().facts)
    assert {"id_number", "birth_date", "province", "skill_level", "honors"} <= set(
        vocabulary().facts)


def test_every_enum_value_has_chinese_and_english_labels() -> None:
    for spec in vocabulary().facts.values():
        assert set(spec.label) >= {"zh", "en"}, spec.name
        for value, labels in spec.values.items():
            assert set(labels) >= {"zh", "en"}, f"{spec.name}.{value}"


def test_packs_read_only_vocabulary_facts() -> None:
    known = set(vocabulary().facts)
    for pack in programmes():
        for criterion in pack.criteria:
            if criterion.rule is not None:
                assert criterion.compiled.facts() <= known, (pack.id, criterion.id)
