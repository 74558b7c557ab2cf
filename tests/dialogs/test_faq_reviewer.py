"""An outside reviewer's phrasings, written without seeing our FAQ: the answer carries the fact.

Batch A (tests/dialogs/faq_reviewer_a.yaml) was used for tuning and must stay at 90% or more
(issue 7: "the answer carries the fact asked for at least 9 times in 10"). Batch B was held out
and measured once, untuned (80.0% carrying the fact, 92.9% about the right programme); after
that run it was tuned on too, so it is no longer blind, and its floor is what it reaches now
(100% / 98.6%, rounded down to 5%): a change that loses a fixed question shows. Batch C, from
a second reviewer, was measured once after all tuning on A and B was committed, never tuned on
(90.0% carrying the fact, 95.0% about the right programme); its floors are those figures rounded
down to 5%. C is not to be tuned on.
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


def test_batch_b_tuned_after_its_blind_run_keeps_every_fact() -> None:
    score = reviewer("b")
    assert score["questions"] == 70
    assert score["fact"] >= 1.0, score["misses"]
    assert score["programme"] >= 0.95, score["misses"]


def test_batch_c_measured_once_untuned_stays_above_its_floor() -> None:
    score = reviewer("c")
    assert score["questions"] == 80
    assert score["fact"] >= 0.90, score["misses"]
    assert score["programme"] >= 0.95, score["misses"]


@pytest.mark.parametrize("batch", ["a", "b", "c"])
def test_every_reviewer_question_names_a_known_programme_and_a_fact(batch: str) -> None:
    known = {p.id for p in programmes()}
    data = yaml.safe_load((TESTS / f"faq_reviewer_{batch}.yaml").read_text(encoding="utf-8"))
    assert all(item["programme"] in known and item["facts"] for item in data["questions"])
