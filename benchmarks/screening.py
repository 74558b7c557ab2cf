"""Screening one realistic profile against every programme, against a JSON-parse baseline.

Each round screens a different profile (its own ID number and birth date), so no cache of a
previous answer can flatter the figure.

The issue's target is under 1 ms per profile for all ten programmes. Absolute times drift with the
machine, so the figure is also given as a ratio to parsing the same profile from JSON, a step every
real request pays anyway.
"""

from __future__ import annotations

import datetime as dt
import json
import statistics
import time
from collections.abc import Callable
from typing import Any

from stdnum.cn import ric

from eligibility import parse_profile, programmes, screen_profile

PROFILE = {
    "province": "河南省", "city": "洛阳市", "county": "西工区",
    "id_number": "11010519491231002X", "employment_status": "flexible",
    "flexible_type": "new_form", "flexible_since": "2020-06-01", "flexible_registered": True,
    "employment_certificate": True, "pension_insurance": "resident", "skill_level": "level4",
    "education": "senior_high", "criminal_record": False, "dishonest_or_negative_list": False,
    "group": ["migrant_worker"], "honors": [],
}
ON = dt.date(2024, 1, 5)


def _timings(func: Callable[[], Any], rounds: int) -> list[float]:
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        func()
        samples.append(time.perf_counter() - start)
    return samples


def _summary(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {"p50_us": statistics.median(ordered) * 1e6,
            "p99_us": ordered[int(len(ordered) * 0.99) - 1] * 1e6,
            "mean_us": statistics.fmean(ordered) * 1e6}


def _profiles(count: int) -> list[str]:
    """Distinct profiles (different ID numbers and birth dates), as JSON texts."""
    places = ["410303", "410305", "220102", "140702", "410105"]
    texts = []
    for i in range(count):
        birth = f"{1970 + i % 30}{1 + i % 12:02d}{1 + i % 28:02d}"
        body = f"{places[i % len(places)]}{birth}{i % 999:03d}"
        profile = dict(PROFILE, id_number=body + ric.calc_check_digit(body + "0"))
        texts.append(json.dumps(profile, ensure_ascii=False))
    return texts


def run(rounds: int = 5000) -> dict[str, Any]:
    packs = programmes()
    texts = _profiles(rounds)
    cursor = iter(range(10**9))

    def screen_one() -> None:
        text = texts[next(cursor) % len(texts)]
        screen_profile(parse_profile(json.loads(text)), ON, packs)

    def baseline() -> None:
        json.loads(texts[next(cursor) % len(texts)])

    for func in (screen_one, baseline):
        _timings(func, 200)
    screened = _summary(_timings(screen_one, rounds))
    base = _summary(_timings(baseline, rounds))
    return {
        "name": f"screen 1 profile x {len(packs)} programmes",
        "programmes": len(packs),
        "rounds": rounds,
        "screen": screened,
        "baseline_json_parse": base,
        "ratio_p50": screened["p50_us"] / base["p50_us"],
        "target": "p50 under 1000 us",
    }
