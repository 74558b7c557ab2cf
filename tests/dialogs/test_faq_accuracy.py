"""The labelled test set: at least 150 phrasings over the ten programmes, and the floor we reach.

The figures are printed by `python -m benchmarks.faq` (main set: 98.2% top-1 and 98.2% carrying
the fact when this floor was set); the floor is a little below, so a regression shows. The blind
batch scored 65% / 80% on its one untuned run; it is reported, not asserted.
"""

from __future__ import annotations

from benchmarks.faq import accuracy, labelled
from eligibility import programmes


def test_the_labelled_set_covers_every_programme_with_150_phrasings() -> None:
    items = labelled()["questions"]
    assert len(items) >= 150
    named = {item["matched"].split("/")[0] for item in items}
    assert {p.id for p in programmes()} <= named


def test_top1_accuracy_and_facts_stay_above_the_floor() -> None:
    score = accuracy()
    assert score["top1"] >= 0.95, score["misses"]
    assert score["fact"] >= 0.95, score["misses"]
