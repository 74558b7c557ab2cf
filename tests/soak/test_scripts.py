"""The soak applicants' walks: personal, valid, and the same application on every channel."""

from __future__ import annotations

from dataclasses import replace

import pytest
from stdnum.cn import ric

from dialogs.engine import advance
from dialogs.state import DialogState
from dialogs.types import FileRef, Inbound, SubmitApplication
from soak.scripts import SOAK_DAY, WALKS, plan

TODAY = SOAK_DAY


def _typed_walk(walk: str, number: int) -> dict[str, str]:
    """The fields the engine submits when every option is typed as a WeChat user would."""
    made, state, fields = plan(walk, number, TODAY), DialogState(), {}
    for index, step in enumerate(made.steps):
        inbound = (Inbound("file", TODAY, file=FileRef(
            ref=f"f{index}", name=step.value, mime="image/jpeg", size=1000, kind="jpeg",
            sha256="0" * 64, width=1500, height=2100)) if step.kind == "file"
            else Inbound("text", TODAY, text=step.typed))
        turn = advance(state, replace(inbound, nonce=str(index)))
        state = turn.state
        fields.update(next((e.application["fields"] for e in turn.effects
                            if isinstance(e, SubmitApplication)), {}))
    return fields


@pytest.mark.parametrize("walk", WALKS)
def test_typed_wechat_answers_submit_the_same_application_as_buttons(walk: str) -> None:
    assert _typed_walk(walk, 7) == plan(walk, 7, TODAY).fields


def test_each_applicant_sends_its_own_valid_id_number_and_texts() -> None:
    first, second = plan("henan_youth", 1, TODAY), plan("henan_youth", 2, TODAY)
    ids = [s.value for made in (first, second) for s in made.steps
           if s.kind == "text" and s.value[:17].isdigit() and len(s.value) == 18]
    assert len(ids) == 2 and ids[0] != ids[1]
    assert all(ric.calc_check_digit(number) == number[17] for number in ids)
    assert first.fields["employer"] != second.fields["employer"]
    assert first.fields["employer"].startswith("测0001")
