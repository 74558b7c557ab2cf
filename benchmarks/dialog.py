"""The dialog engine's step time: `advance` for a whole screening, per step, against a baseline.

The baseline is one JSON round trip of the dialog state, which every real step pays when the
state is loaded and saved; the ratio shows what the engine itself adds on top of that.

The conversation is driven by the question being asked (`state.step`, a fact id), not by a fixed
list of replies: a flexible worker of 洛阳 西工区 (the conversation in the domain notes) answers
the questions in `ANSWERS` and says 不清楚 to every other one, until the result. When the
questions change order or new ones appear, the benchmark still reaches the result.
"""

from __future__ import annotations

import datetime as dt
import json
import statistics
import time
from typing import Any

from dialogs.engine import advance
from dialogs.state import DialogState
from dialogs.types import Inbound

TODAY = dt.date(2024, 1, 5)
OPENING = ["你好", "1", "河南", "洛阳 西工区", "410303198506150021"]
ANSWERS = {"employment_status": "灵活就业", "flexible_type": "新就业形态劳动者",
           "honors.any": "否", "flexible_since": "2020年6月", "flexible_registered": "是",
           "employment_certificate": "是", "pension_insurance": "城乡居民基本养老保险",
           "criminal_record": "否", "dishonest_or_negative_list": "否"}
UNKNOWN = "不清楚"
MAX_STEPS = 80


def _conversation(typed: list[str] | None = None) -> list[float]:
    """The step times of one screening; the replies sent are appended to `typed`."""
    state, samples = DialogState(), []

    def say(text: str) -> DialogState:
        if typed is not None:
            typed.append(text)
        start = time.perf_counter()
        after = advance(state, Inbound("text", TODAY, text=text)).state
        samples.append(time.perf_counter() - start)
        return after

    for text in OPENING:
        state = say(text)
    while state.flow != "result":
        if len(samples) >= MAX_STEPS:
            raise RuntimeError(f"no result after {MAX_STEPS} steps (at {state.flow}/{state.step})")
        state = say(ANSWERS.get(state.step or "", UNKNOWN))
    return samples


def replies() -> list[str]:
    """What the applicant types from 你好 to the result on `TODAY` (the web benchmark sends
    the same, so both follow the questions as they are now)."""
    typed: list[str] = []
    _conversation(typed)
    return typed


def _baseline(state: dict[str, Any]) -> float:
    start = time.perf_counter()
    json.loads(json.dumps(state, ensure_ascii=False))
    return time.perf_counter() - start


def run(conversations: int = 200) -> dict[str, Any]:
    _conversation()
    steps: list[float] = []
    for _ in range(conversations):
        steps += _conversation()
    final = DialogState(answers={"province": "河南省", "city": "洛阳市"}).to_json()
    base = [_baseline(final) for _ in range(len(steps))]
    ordered = sorted(steps)
    p50 = statistics.median(ordered)
    return {
        "name": "dialog engine step (advance)",
        "steps": len(steps),
        "p50_us": p50 * 1e6,
        "p99_us": ordered[int(len(ordered) * 0.99) - 1] * 1e6,
        "baseline_p50_us": statistics.median(base) * 1e6,
        "ratio_p50": p50 / statistics.median(base),
    }
