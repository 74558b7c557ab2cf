"""`awardbot screen` and `awardbot programmes`, run as a user runs them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from eligibility import programmes


def awardbot(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "bot.cli", *args], capture_output=True,
                          text=True, timeout=60, check=False)


def test_screen_prints_the_documented_json(tmp_path: Path) -> None:
    profile = tmp_path / "p.json"
    profile.write_text(json.dumps({"province": "河南省", "city": "洛阳市",
                                   "birth_date": "2004-07-01"}), encoding="utf-8")
    done = awardbot("screen", str(profile), "--on", "2021-12-01")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["on"] == "2021-12-01"
    luoyang = next(r for r in data["results"]
                   if r["programme"] == "luoyang-skill-entrepreneur-star")
    assert luoyang["verdict"] == "ineligible"
    assert luoyang["reasons"][0]["criterion"] == "age_18_plus"
    assert "17周岁" in luoyang["reasons"][0]["text"]
    assert luoyang["window"]["status"] == "open"


def test_screen_jsonl_prints_one_line_per_profile_and_flags_bad_lines(tmp_path: Path) -> None:
    batch = tmp_path / "batch.jsonl"
    batch.write_text("\n".join([
        json.dumps({"on": "2021-12-01", "profile": {"province": "河南省"}}),
        "not json",
        json.dumps({"on": "2021-12-01", "profile": {"id_number": "110105194912310021"}}),
    ]) + "\n", encoding="utf-8")
    done = awardbot("screen", "--jsonl", str(batch))
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert [line["line"] for line in lines] == [1, 2, 3]
    assert len(lines[0]["results"]) == len(programmes())
    assert "error" in lines[1] and "校验位" in lines[2]["error"]
    assert done.returncode != 0 and "Traceback" not in done.stderr


def test_bad_profiles_are_clear_errors_without_traceback(tmp_path: Path) -> None:
    cases = {
        "broken.json": "{not json",
        "unknown.json": json.dumps({"favourite_colour": "red"}),
        "type.json": json.dumps({"retired": "yes"}),
        "id.json": json.dumps({"id_number": "11010519491231002Y"}),
    }
    for name, text in cases.items():
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        done = awardbot("screen", str(path))
        assert done.returncode != 0, name
        assert done.stderr.strip() and "Traceback" not in done.stderr, name
        assert done.stdout == "", name


def test_programmes_list_shows_every_programme() -> None:
    done = awardbot("programmes", "list")
    assert done.returncode == 0
    for pack in programmes():
        assert pack.id in done.stdout and pack.name in done.stdout


def test_programmes_check_passes_on_the_shipped_packs() -> None:
    done = awardbot("programmes", "check")
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"{len(programmes())} packs checked, 0 failing cases" in done.stdout
