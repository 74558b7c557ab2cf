"""The soak applicants' walks: personal, valid, and the same application on every channel."""

from __future__ import annotations

from dataclasses import replace

import pytest
from stdnum.cn import ric

from dialogs.engine import advance
from dialogs.state import DialogState
from dialogs.types import FileRef, Inbound, SubmitApplication
from soak.scripts import PHASES, WALKS, day_of, plan
from tests.bot.services import walk as transcripts


def _typed_walk(walk: str, number: int) -> dict[str, str]:
    """The fields the engine submits when every option is typed as a WeChat user would."""
    today = day_of(walk)
    made, state, fields = plan(walk, number, today), DialogState(), {}
    for index, step in enumerate(made.steps):
        inbound = (Inbound("file", today, file=FileRef(
            ref=f"f{index}", name=step.value, mime="image/jpeg", size=1000, kind="jpeg",
            sha256="0" * 64, width=1500, height=2100)) if step.kind == "file"
            else Inbound("text", today, text=step.typed))
        turn = advance(state, replace(inbound, nonce=str(index)))
        state = turn.state
        fields.update(next((e.application["fields"] for e in turn.effects
                            if isinstance(e, SubmitApplication)), {}))
    return fields


@pytest.mark.parametrize("walk", WALKS)
def test_typed_wechat_answers_submit_the_same_application_as_buttons(walk: str) -> None:
    assert _typed_walk(walk, 7) == plan(walk, 7, day_of(walk)).fields


def test_the_soak_walks_every_regions_application_on_several_days() -> None:
    every = {path.stem.removeprefix("application_")
             for path in transcripts.FOLDER.glob("application_*.yaml")} - {"choices"}
    assert set(WALKS) == every, "every region's application transcript is walked"
    assert len(PHASES) >= 4


def test_each_applicant_sends_its_own_valid_id_number_and_texts() -> None:
    today = day_of("henan_youth")
    first, second = plan("henan_youth", 1, today), plan("henan_youth", 2, today)
    ids = [s.value for made in (first, second) for s in made.steps
           if s.kind == "text" and s.value[:17].isdigit() and len(s.value) == 18]
    assert len(ids) == 2 and ids[0] != ids[1]
    assert all(ric.calc_check_digit(number) == number[17] for number in ids)
    assert first.fields["employer"] != second.fields["employer"]
    assert first.fields["employer"].startswith("测0001")
