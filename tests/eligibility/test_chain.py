"""The chain of offices in each pack is the notice's: its levels in order, who forwards to
whom, who ranks, who publicises for how long, who fills the 汇总表, and which quota binds
each level; a chain that breaks the line is refused at load."""

from __future__ import annotations

import itertools
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from eligibility.loader import PackError, load_pack, programmes, programmes_dir

PACKS = {p.id: p for p in programmes()}

LINES = {
    "henan-flexible-star": ["county", "city", "province"],
    "henan-youth-star": ["city", "province"],
    "luoyang-skill-entrepreneur-star": ["county", "city"],
    "jilin-employment-individual": ["unit", "county", "city", "province"],
    "jilin-migrant-worker-individual": ["unit", "county", "city", "province"],
    "jilin-employment-collective": ["unit", "county", "city", "province"],
    "jilin-migrant-worker-collective": ["unit", "county", "city", "province"],
    "changchun-skill-grand-prize": ["unit", "county", "city"],
    "changchun-technical-expert": ["unit", "county", "city"],
    "jinzhong-craftsman": ["county", "city"],
}


@pytest.mark.parametrize("pid", sorted(LINES))
def test_levels_follow_the_notice_and_each_forwards_to_the_next(pid: str) -> None:
    chain = PACKS[pid].chain
    assert [level.id for level in chain] == LINES[pid]
    for lower, upper in itertools.pairwise(chain):
        assert lower.forwards_to == upper.id
    assert chain[-1].decides and chain[-1].forwards_to is None


def test_henan_flexible_city_fills_attachment_3_and_only_the_province_publicises() -> None:
    county, city, province = PACKS["henan-flexible-star"].chain
    assert city.summary_table and "附件3" in city.summary_table.source
    assert county.summary_table is None and province.summary_table is None
    assert county.publicity is None and city.publicity is None
    assert province.publicity and province.publicity.days == 5
    assert province.publicity.working_days and not province.publicity.at_least
    assert county.quotas == ["per_county"] and city.quotas == ["per_city"]
    assert "provincial_check_and_notice" not in county.checks + city.checks
    assert not any(level.ranks for level in (county, city, province))


def test_jilin_cities_rank_and_publicise_at_least_five_working_days() -> None:
    unit, county, city, province = PACKS["jilin-migrant-worker-individual"].chain
    assert not unit.in_tool and unit.publicity and unit.publicity.at_least
    assert county.ranks and city.ranks and province.ranks is None
    assert county.publicity is None
    assert city.publicity and city.publicity.days == 5 and city.publicity.at_least
    assert "市（州）" in city.publicity.where and city.quotas == ["ratio"]


def test_levels_that_the_notice_is_silent_on_carry_nothing() -> None:
    county, city = PACKS["luoyang-skill-entrepreneur-star"].chain
    assert county.summary_table and county.publicity is None and county.ranks is None
    assert city.publicity is None and city.ranks is None
    youth = PACKS["henan-youth-star"].chain
    assert all(level.summary_table is None and level.publicity is None for level in youth)


def _mutated(tmp_path: Path, pid: str, change: Any) -> Path:
    folder = tmp_path / pid
    shutil.copytree(programmes_dir() / pid, folder)
    file = folder / "programme.yaml"
    data = yaml.safe_load(file.read_text(encoding="utf-8"))
    change(data["chain"])
    file.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return folder


@pytest.mark.parametrize(("change", "words"), [
    (lambda c: c[0].update(checks=["no_such_check"]), "no_such_check"),
    (lambda c: c[0].update(forwards_to="county"), "not a later level"),
    (lambda c: c[1].update(decides=False), "either forwards"),
    (lambda c: c[0].update(quotas=["per_city"]), "no 'per_city' quota"),
    (lambda c: c[0].update(deadline="sometime"), "no timeline id"),
    (lambda c: c.pop(0), "receiving office"),
])
def test_a_broken_chain_is_refused(tmp_path: Path, change: Any, words: str) -> None:
    with pytest.raises(PackError) as caught:
        load_pack(_mutated(tmp_path, "luoyang-skill-entrepreneur-star", change))
    assert words in str(caught.value)
