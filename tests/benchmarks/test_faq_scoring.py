"""Scoring a reviewer batch file: the fact, the fact in the first two sentences, the programme."""

from __future__ import annotations

from pathlib import Path

import yaml

from benchmarks.faq import first_sentences, main, score_batch


def test_first_sentences_stop_at_the_second_full_stop_or_line() -> None:
    assert first_sentences("第一句。第二句！第三句。") == "第一句第二句"
    assert first_sentences("一行\n二行\n三行") == "一行二行"


def _batch(tmp_path: Path, questions: list[dict[str, object]]) -> Path:
    path = tmp_path / "batch.yaml"
    path.write_text(yaml.safe_dump({"today": "2024-01-05", "questions": questions},
                                   allow_unicode=True), encoding="utf-8")
    return path


def test_a_batch_is_scored_for_facts_first_sentences_and_wrong_programmes(
        tmp_path: Path) -> None:
    path = _batch(tmp_path, [
        {"q": "技术能手奖金多少", "programme": "changchun-technical-expert", "context": False,
         "facts": ["5000元"]},
        {"q": "灵活就业之星要准备什么材料", "programme": "henan-flexible-star",
         "context": False, "facts": ["一式两份"]},
        {"q": "技术能手奖金多少", "programme": "changchun-skill-grand-prize", "context": False,
         "facts": ["1万元"]},
        {"q": "截止时间", "programme": "jinzhong-craftsman", "context": True,
         "facts": ["2019年7月31日"]},
    ])
    score = score_batch(path)
    assert score["questions"] == 4
    assert score["fact"] == 0.5 and score["first_two"] == 0.5
    assert score["wrong_programme"] == 0.25 and score["programme"] == 0.75
    assert [m["q"] for m in score["misses"]] == ["灵活就业之星要准备什么材料", "技术能手奖金多少"]


def test_the_command_scores_a_batch_file_given_on_the_command_line(
        tmp_path: Path, capsys: object) -> None:
    path = _batch(tmp_path, [{"q": "技术能手奖金多少", "programme": "changchun-technical-expert",
                              "context": False, "facts": ["5000元"]}])
    assert main(["--batch", str(path)]) == 0
    out = capsys.readouterr().out  # type: ignore[attr-defined]
    assert "carries the fact 100.0%, in the first two sentences 100.0%, about the wrong " \
        "programme 0.0%" in out
