"""Every case of every shipped pack, one pytest item each, named pack::case."""

from __future__ import annotations

import pytest

from eligibility.cases import Case, check_case, load_cases
from eligibility.loader import programmes, programmes_dir
from eligibility.model import Programme


def _items() -> list[tuple[Programme, Case]]:
    return [(pack, case) for pack in programmes()
            for case in load_cases(programmes_dir() / pack.id / "cases.yaml")]


ITEMS = _items()


@pytest.mark.parametrize(("pack", "case"), ITEMS,
                         ids=[f"{p.id}::{c.name}" for p, c in ITEMS])
def test_pack_case_holds(pack: Programme, case: Case) -> None:
    assert check_case(case, pack) == []


def test_every_pack_has_at_least_eight_cases() -> None:
    for pack in programmes():
        cases = load_cases(programmes_dir() / pack.id / "cases.yaml")
        assert len(cases) >= 8, pack.id


def test_every_hard_criterion_is_seen_failing_in_some_case() -> None:
    failing: dict[str, set[str]] = {}
    for pack, case in ITEMS:
        failing.setdefault(pack.id, set()).update(case.reasons or [])
    for pack in programmes():
        hard = {c.id for c in pack.criteria if c.kind == "hard"}
        assert hard - failing.get(pack.id, set()) == set(), pack.id
