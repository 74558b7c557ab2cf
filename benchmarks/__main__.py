"""`make bench`: run every benchmark, print one table, write var/bench/results.json."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from benchmarks import dialog, faq, packets, reminders, screening, telegram, web, wechat


def _row(result: dict[str, Any]) -> tuple[str, float, float, float, float]:
    if "awardbot" in result:
        ours, base = result["awardbot"], result["baseline_bare_aiohttp"]
        return (result["name"] + " (ms)", ours["p50_ms"], ours["p99_ms"], base["p50_ms"],
                result["ratio_p50"])
    if "screen" in result:
        screen, base = result["screen"], result["baseline_json_parse"]
        return (result["name"], screen["p50_us"], screen["p99_us"], base["p50_us"],
                result["ratio_p50"])
    return (result["name"], result["p50_us"], result["p99_us"], result["baseline_p50_us"],
            result["ratio_p50"])


def main() -> None:
    results = [screening.run(), dialog.run(), faq.run(), web.run(), packets.run()]
    results += [telegram.run(), wechat.run()]
    results += [reminders.run()]
    print(f"{'benchmark (µs unless marked)':48} {'p50':>9} {'p99':>9} {'base p50':>9} "
          f"{'ratio':>7}")
    for result in results:
        name, p50, p99, base, ratio = _row(result)
        print(f"{name:48} {p50:9.1f} {p99:9.1f} {base:9.2f} {ratio:7.1f}")
    out = Path("var/bench")
    out.mkdir(parents=True, exist_ok=True)
    (out / "results.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
    print(f"written to {out / 'results.json'}")


if __name__ == "__main__":
    main()
