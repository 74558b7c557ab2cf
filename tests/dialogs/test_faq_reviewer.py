"""An outside reviewer's phrasings, written without seeing our FAQ: the answer carries the fact.

Batch A (tests/dialogs/faq_reviewer_a.yaml) was used for tuning and must stay at 90% or more
(issue 7: "the answer carries the fact asked for at least 9 times in 10"). Batch B was held out:
it was measured once, untuned, after the tuning on A was committed (80.0% carrying the fact,
92.9% about the right programme); the floors below are those figures rounded down to 5%, so a
change that makes unseen questions worse shows. B is not to be tuned on.
"""

from __future__ import annotations

import pytest
import yaml

from benchmarks.faq import TESTS, reviewer
from eligibility import programmes


def test_batch_a_answers_carry_the_fact_nine_times_in_ten() -> None:
    score = reviewer("a")
    assert score["questions"] == 70
    assert score["fact"] >= 0.9, score["misses"]


def test_batch_b_measured_once_untuned_stays_above_its_floor() -> None:
    score = reviewer("b")
    assert score["questions"] == 70
    assert score["fact"] >= 0.80, score["misses"]
    assert score["programme"] >= 0.90, score["misses"]


@pytest.mark.parametrize("batch", ["a", "b"])
def test_every_reviewer_question_names_a_known_programme_and_a_fact(batch: str) -> None:
    known = {p.id for p in programmes()}
    data = yaml.safe_load((TESTS / f"faq_reviewer_{batch}.yaml").read_text(encoding="utf-8"))
    assert all(item["programme"] in known and item["facts"] for item in data["questions"])
