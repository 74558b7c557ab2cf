"""The dialog engine's step time: `advance` for a whole screening, per step, against a baseline.

The baseline is one JSON round trip of the dialog state, which every real step pays when the
state is loaded and saved; the ratio shows what the engine itself adds on top of that.
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
SCRIPT = ["你好", "1", "河南", "洛阳 西工区", "410303198506150021", "3", "3", "2020年6月", "是",
          "是", "2", "否", "否", "否"]


def _conversation() -> list[float]:
    state, samples = DialogState(), []
    for text in SCRIPT:
        start = time.perf_counter()
        state = advance(state, Inbound("text", TODAY, text=text)).state
        samples.append(time.perf_counter() - start)
    assert state.flow == "result", state.flow
    return samples


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
