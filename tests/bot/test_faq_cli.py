"""`awardbot faq`: the answer as JSON, null below the threshold, a clear error for a bad id."""

from __future__ import annotations

import json

import pytest

from bot.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict, str]:
    code = main(["faq", *argv])
    out, err = capsys.readouterr()
    return code, (json.loads(out) if out else {}), err


def test_a_question_naming_a_programme_prints_the_answer_and_what_matched(
        capsys: pytest.CaptureFixture[str]) -> None:
    code, doc, _ = run(capsys, "技术能手奖金多少？")
    assert code == 0
    assert set(doc) == {"answer", "details", "score", "matched", "programme", "programme_from"}
    assert "5000元" in doc["answer"]
    assert doc["matched"] == "changchun-technical-expert/reward"
    assert doc["programme"] == "changchun-technical-expert"
    assert doc["programme_from"] == "named"


def test_the_cli_says_the_programme_came_from_the_option(
        capsys: pytest.CaptureFixture[str]) -> None:
    _, doc, _ = run(capsys, "奖金多少", "--programme", "jinzhong-craftsman")
    assert doc["programme_from"] == "conversation" and "2万元" in doc["answer"]


def test_two_possible_programmes_print_the_clarifying_choices(
        capsys: pytest.CaptureFixture[str]) -> None:
    _, doc, _ = run(capsys, "长春的要交哪些材料")
    assert doc["answer"] is None and doc["programme_from"] == "place"
    assert doc["clarify"] == ["changchun-skill-grand-prize", "changchun-technical-expert"]


def test_the_programme_option_gives_the_context(capsys: pytest.CaptureFixture[str]) -> None:
    _, doc, _ = run(capsys, "截止到哪天", "--programme", "jinzhong-craftsman", "--on",
                    "2024-01-05")
    assert "2019年7月31日" in doc["answer"]


def test_below_the_threshold_the_answer_is_null(capsys: pytest.CaptureFixture[str]) -> None:
    code, doc, _ = run(capsys, "今天天气怎么样")
    assert code == 0 and doc["answer"] is None


def test_an_unknown_programme_is_a_clear_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "奖金多少", "--programme", "nope")
    assert code == 2 and "unknown programme" in err
