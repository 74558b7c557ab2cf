"""An outside reviewer's phrasings, written without seeing our FAQ: the answer carries the fact.

Batches A, B and C were each measured once untuned (A and B earlier; C at 90.0% carrying the
fact) and have all been tuned on since, issue 18 included (the direct answers, the programme
from places, nicknames, typos, pinyin and the conversation): none of them is blind any more.
Their floors are what they reach now, rounded down to 5%, so a change that loses a fixed
question shows: the fact, the fact within the first two sentences, and no answer about the
wrong programme. A blind figure comes only from a batch frozen outside the repository and
scored once (`python -m benchmarks.faq --batch FILE`, docs/benchmarks.md).
"""

from __future__ import annotations

import pytest
import yaml

from benchmarks.faq import TESTS, reviewer, score_batch
from eligibility import programmes


@pytest.mark.parametrize("batch,questions", [("a", 70), ("b", 70), ("c", 80)])
def test_tuned_batches_keep_the_fact_early_and_the_right_programme(batch: str,
                                                                  questions: int) -> None:
    score = reviewer(batch)
    assert score["questions"] == questions
    assert score["fact"] >= 0.95, score["misses"]
    assert score["first_two"] >= 0.95, score["misses"]
    assert score["wrong_programme"] == 0.0, score["misses"]


def test_the_tuned_dev_batch_keeps_its_level() -> None:
    """tests/dialogs/faq_dev_h18.yaml: written here from the notices and tuned on (issue 18);
    held at its tuned level rounded down to 5%, so a change that loses its fixes shows."""
    score = score_batch(TESTS / "faq_dev_h18.yaml")
    assert score["questions"] == 254
    assert score["fact"] >= 0.90, score["misses"]
    assert score["first_two"] >= 0.90, score["misses"]
    assert score["wrong_programme"] <= 1 / 254, score["misses"]


@pytest.mark.parametrize("batch,wrong", [("d", 1), ("e", 0)])
def test_the_blind_batches_keep_at_least_their_first_run(batch: str, wrong: int) -> None:
    """D's and E's first (blind) runs are floors, not targets: neither is tuned on."""
    score = reviewer(batch)
    assert score["questions"] == 70
    assert score["fact"] >= 0.685, score["misses"]
    assert score["first_two"] >= 0.65, score["misses"]
    assert score["wrong_programme"] <= wrong / 70, score["misses"]


@pytest.mark.parametrize("batch", ["a", "b", "c", "d", "e"])
def test_every_reviewer_question_names_a_known_programme_and_a_fact(batch: str) -> None:
    known = {p.id for p in programmes()}
    data = yaml.safe_load((TESTS / f"faq_reviewer_{batch}.yaml").read_text(encoding="utf-8"))
    assert all(item["programme"] in known and item["facts"] for item in data["questions"])
