"""What one simulated applicant does: an application transcript made personal, and what the
application must hold when it is submitted.

The walks are the application transcripts the dialog tests check (tests/dialogs/transcripts,
read through `tests.bot.services.walk.script`). Each applicant gets its own ID number and its
own form texts (“测试内容…” becomes “测0042…”), so an answer landing in someone else's
application shows. The same steps are played through the pure engine here, which gives the
fields the submitted application must carry and, for WeChat (no buttons), the number or words
to type for each option.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Any

from stdnum.cn import ric

from dialogs.engine import advance
from dialogs.state import DialogState
from dialogs.types import FileRef, Inbound, Question, SubmitApplication
from tests.bot.services.walk import script

PHASES: dict[dt.date, tuple[str, ...]] = {
    dt.date(2019, 7, 1): ("jinzhong",),
    dt.date(2021, 12, 1): ("luoyang",),
    dt.date(2022, 10, 1): ("changchun_grand_prize", "changchun_technical_expert"),
    dt.date(2023, 3, 1): ("jilin_employment_individual", "jilin_migrant_individual"),
    dt.date(2024, 1, 10): ("henan_youth", "henan_flexible"),
}
"""The days the soak's servers run on (AWARDBOT_TODAY, one phase each) and the walks whose
round is open that day (a packet goes only into an open round): every region's application
transcripts, 晋中 2019 to 河南 2024. The 晋中, 洛阳 and 河南 packets go to their office by email,
so their delivery is counted; the 吉林 and 长春 ones are handed in on paper."""
WALKS = tuple(walk for walks in PHASES.values() for walk in walks)


def day_of(walk: str) -> dt.date:
    """The phase whose day the walk is played on."""
    return next(day for day, walks in PHASES.items() if walk in walks)


@dataclass(frozen=True)
class Step:
    kind: str
    """`text`, `choice` or `file`."""
    value: str
    """The text, the option key, or the document's file name."""
    typed: str
    """What a WeChat user types for it (an option's number or words; the text itself)."""


@dataclass
class Plan:
    walk: str
    steps: list[Step] = field(default_factory=list)
    fields: dict[str, Any] = field(default_factory=dict)
    """The form fields the submitted application must carry."""
    answers: list[str] = field(default_factory=list)
    """The first line the engine answers each step with (to locate where a walk went astray)."""


def _personal(text: str, number: int) -> str:
    """The applicant's own version of a sent text: ID numbers and test texts made unique."""
    if len(text) == 18 and text[:17].isdigit() and ric.calc_check_digit(text) == text[17]:
        body = f"{text[:14]}{number % 100:02d}{text[16]}"
        return body + ric.calc_check_digit(body + "0")
    return text.replace("测试内容", f"测{number:04d}")


def _typed(question: Question | None, key: str) -> str:
    if question is None:
        return key
    for index, option in enumerate(question.options, start=1):
        if option.key == key:
            return option.label if question.free_text else str(index)
    return key


def plan(walk: str, number: int, today: dt.date) -> Plan:
    """Applicant `number`'s walk through `walk`, checked against the engine on `today`."""
    made = Plan(walk)
    state, question = DialogState(), None
    for index, step in enumerate(script(walk)["steps"]):
        if "choose" in step:
            key = str(step["choose"])
            made.steps.append(Step("choice", key, _typed(question, key)))
            inbound = Inbound("choice", today, choice=key)
        elif "upload" in step:
            name = str(step["upload"]["name"])
            made.steps.append(Step("file", name, name))
            upload = {**step["upload"], "flags": tuple(step["upload"].get("flags", ()))}
            inbound = Inbound("file", today, file=FileRef(**upload))
        else:
            text = _personal(str(step["send"]), number)
            made.steps.append(Step("text", text, text))
            inbound = Inbound("text", today, text=text)
        turn = advance(state, replace(inbound, nonce=f"{walk}:{number}:{index}"))
        state = turn.state
        made.answers.append(turn.outbound[0].text if turn.outbound else "")
        question = next((item for item in reversed(turn.outbound)
                         if isinstance(item, Question) and item.options), None)
        for effect in turn.effects:
            if isinstance(effect, SubmitApplication):
                made.fields = dict(effect.application["fields"])
    if not made.fields:
        raise RuntimeError(f"the {walk} walk does not end in a submitted application")
    return made
