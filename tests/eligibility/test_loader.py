"""A malformed pack is refused with the file, the path inside it and what is wrong."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from eligibility.loader import PackError, load_pack, programmes_dir

REFERENCE = "luoyang-skill-entrepreneur-star"


def _mutated(tmp_path: Path, change: Callable[[dict[str, Any]], None]) -> Path:
    folder = tmp_path / REFERENCE
    shutil.copytree(programmes_dir() / REFERENCE, folder)
    file = folder / "programme.yaml"
    data = yaml.safe_load(file.read_text(encoding="utf-8"))
    change(data)
    file.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return folder


def _error(folder: Path) -> PackError:
    with pytest.raises(PackError) as caught:
        load_pack(folder)
    assert "programme.yaml" in caught.value.file
    return caught.value


def test_reference_pack_loads_after_a_yaml_round_trip(tmp_path: Path) -> None:
    assert load_pack(_mutated(tmp_path, lambda d: None)).id == REFERENCE


def test_rule_reading_an_undefined_fact_is_refused(tmp_path: Path) -> None:
    def change(d: dict[str, Any]) -> None:
        d["criteria"][0]["rule"] = {"fact": "shoe_size", "at_least": 40}
    error = _error(_mutated(tmp_path, change))
    assert "criteria[0].rule.fact" in str(error) and "shoe_size" in str(error)


def test_value_the_fact_cannot_take_is_refused(tmp_path: Path) -> None:
    def change(d: dict[str, Any]) -> None:
        d["criteria"][2]["rule"]["any"][0]["equals"] = "selfemployed"
    assert "criteria[2].rule.any[0].equals" in str(_error(_mutated(tmp_path, change)))


def test_quote_not_in_the_notice_is_refused(tmp_path: Path) -> None:
    def change(d: dict[str, Any]) -> None:
        d["criteria"][1]["source"] = "年龄在16周岁以上即可申报"
    error = _error(_mutated(tmp_path, change))
    assert error.path == "criteria[1].source" and "not found in the notice" in error.message


def test_unknown_key_is_refused_so_typos_cannot_drop_a_rule(tmp_path: Path) -> None:
    def change(d: dict[str, Any]) -> None:
        d["criteria"][0]["rules"] = d["criteria"][0].pop("rule")
    assert "criteria[0]" in _error(_mutated(tmp_path, change)).path


def test_hard_criterion_without_a_rule_is_refused(tmp_path: Path) -> None:
    def change(d: dict[str, Any]) -> None:
        del d["criteria"][0]["rule"]
    assert _error(_mutated(tmp_path, change)).path == "criteria[0].rule"


def test_duplicate_criterion_id_is_refused(tmp_path: Path) -> None:
    def change(d: dict[str, Any]) -> None:
        d["criteria"][1]["id"] = d["criteria"][0]["id"]
    assert "duplicate" in _error(_mutated(tmp_path, change)).message


def test_evidence_must_name_a_document_or_declaration(tmp_path: Path) -> None:
    def change(d: dict[str, Any]) -> None:
        d["criteria"][0]["evidence"] = ["passport"]
    assert "passport" in _error(_mutated(tmp_path, change)).message


def test_age_bound_must_be_a_number(tmp_path: Path) -> None:
    def change(d: dict[str, Any]) -> None:
        d["criteria"][0]["rule"] = {"age": {"at_least": "eighteen"}}
    assert "criteria[0].rule.age.at_least" in str(_error(_mutated(tmp_path, change)))


def test_folder_name_must_match_the_id(tmp_path: Path) -> None:
    def change(d: dict[str, Any]) -> None:
        d["id"] = "luoyang-other"
    assert _error(_mutated(tmp_path, change)).path == "id"


def test_broken_yaml_names_the_file(tmp_path: Path) -> None:
    folder = _mutated(tmp_path, lambda d: None)
    (folder / "programme.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    assert "not valid YAML" in _error(folder).message
