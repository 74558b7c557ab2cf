"""Every programme's application walked for every kind of applicant its cases describe.

Each eligible case of each pack is an applicant: their screening answers are in the state, they
tap 准备材料 on a day the round takes packets, and the walker answers every step to the
receipt. No box whose condition is false for them is asked, no box the system fills or that
repeats another is asked, and the submitted form never contradicts an earlier answer: a box
that is a known fact holds that fact, a box that does not apply says 不适用.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from dialogs import applications as apps
from dialogs.fields import plan
from dialogs.state import CONSENT_VERSION, DialogState
from eligibility import programmes
from eligibility.identifiers import check_id_number
from eligibility.loader import programmes_dir
from eligibility.model import Programme
from eligibility.timeline import window_of
from tests.dialogs.walker import Walk, finish


def _applicants() -> list[tuple[Programme, dict[str, Any]]]:
    out = []
    for programme in programmes():
        cases = yaml.safe_load((programmes_dir() / programme.id / "cases.yaml").read_text(
            encoding="utf-8"))["cases"]
        out += [(programme, case) for case in cases if case.get("verdict") == "eligible"]
    return out


def _open_day(programme: Programme, day: dt.date) -> dt.date:
    """The case's own day, or the last day of the round when that day is outside it."""
    window = window_of(programme, day)
    if window.status in ("open", "unknown"):
        return day
    end = window.deadline.to_date() if window.deadline else None
    assert end is not None
    return end


APPLICANTS = _applicants()


@pytest.mark.parametrize(("programme", "case"), APPLICANTS,
                         ids=[f"{p.id}:{c['name'][:30]}" for p, c in APPLICANTS])
def test_no_question_off_the_applicants_path_and_nothing_contradicting(
        programme: Programme, case: dict[str, Any]) -> None:
    answers = {k: (v.isoformat() if isinstance(v, dt.date) else v)
               for k, v in case["profile"].items() if v is not None}
    mask = None
    if "id_number" in answers:  # as screening keeps it: the number sealed, its facts derived
        resident = check_id_number(answers.pop("id_number"))
        answers.update(birth_date=resident.birth_date.isoformat(), gender=resident.gender)
        mask = resident.number[:6] + "********" + resident.number[-4:]
    today = _open_day(programme, dt.date.fromisoformat(str(case["date"])))
    walk = Walk(DialogState(consent=CONSENT_VERSION, flow="result", answers=dict(answers),
                            id_mask=mask), today)
    walk.send({"choose": f"apply:{programme.id}"})
    if walk.state.step == "category":
        walk.send({"choose": f"cat:{case.get('category') or programme.categories[0].id}"})
    finish(programme, walk)
    submitted = walk.submitted
    assert submitted is not None, f"{programme.id}: no packet"
    category, facts = submitted["category"], plan.facts_of(walk.state.answers)
    boxes = {f.id: f for f in programme.form.fields}
    for step in walk.asked:
        kind, _, key = step.partition(":")
        if kind != "field":
            continue
        box = boxes[key]
        assert plan.is_asked(box), f"{key} is filled by the system but was asked"
        assert plan.applies(box, facts, category, today) is not False, \
            f"{key} does not apply to this applicant but was asked"
        assert not (box.fact and box.prefill and box.fact in answers), \
            f"{key} was answered before ({box.fact}) and asked again"
    values = submitted["fields"]
    for box in programme.form.fields:
        if box.type == "photo":
            continue
        if plan.applies(box, facts, category, today) is False:
            assert values.get(box.id) == plan.NOT_APPLICABLE, box.id
        elif box.fact and box.prefill and box.fact in answers and box.fact != "id_number":
            expected = plan.prefilled(box, answers, plan.facts_of(answers), None)
            assert values.get(box.id) == expected, f"{box.id} contradicts {box.fact}"
    assert not apps.missing_required(programme, walk.state.application)


def test_every_programme_has_an_applicant_to_walk() -> None:
    assert {p.id for p, _ in APPLICANTS} == {p.id for p in programmes()}
    assert Path(__file__).with_name("walker.py").is_file()
