"""`make bench`: run every benchmark, print one table, write var/bench/results.json.

`BENCHMARKS` is the registry: adding a benchmark is one line naming its module, which has a
`run()` returning a dict (see `benchmarks.table` for the shapes the table understands). A module
that is not there (a benchmark still on another branch) is reported and skipped.
"""

from __future__ import annotations

import importlib
import json
import time
from pathlib import Path
from typing import Any

from benchmarks.table import render, rows

BENCHMARKS = [
    "screening",
    "dialog",
    "faq",
    "web",
    "packets",
    "telegram",
    "wechat",
    "reminders",
    "throughput",
    "dashboard",
]
OUT = Path("var/bench")


def _run(name: str) -> dict[str, Any] | None:
    try:
        module = importlib.import_module(f"benchmarks.{name}")
    except ModuleNotFoundError as missing:
        if missing.name != f"benchmarks.{name}":
            raise
        print(f"{name}: not on this branch, skipped", flush=True)
        return None
    start = time.perf_counter()
    result: dict[str, Any] = module.run()
    result.setdefault("benchmark", name)
    result["seconds"] = time.perf_counter() - start
    print(f"{name}: done in {result['seconds']:.0f} s", flush=True)
    return result


def main() -> None:
    results = [result for name in BENCHMARKS if (result := _run(name)) is not None]
    print()
    print(render([row for result in results for row in rows(result)]))
    for result in results:
        for reason in result.get("skipped", []):
            print(f"note: {reason}")
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "results.json").write_text(json.dumps(results, indent=2, ensure_ascii=False),
                                      encoding="utf-8")
    print(f"written to {OUT / 'results.json'}")


if __name__ == "__main__":
    main()
