"""`make bench`: run every benchmark, print one table, write var/bench/results.json."""

from __future__ import annotations

import json
from pathlib import Path

from benchmarks import screening


def main() -> None:
    results = [screening.run()]
    print(f"{'benchmark':42} {'p50 µs':>9} {'p99 µs':>9} {'base p50':>9} {'ratio':>7}")
    for result in results:
        screen, base = result["screen"], result["baseline_json_parse"]
        print(f"{result['name']:42} {screen['p50_us']:9.1f} {screen['p99_us']:9.1f} "
              f"{base['p50_us']:9.2f} {result['ratio_p50']:7.1f}")
    out = Path("var/bench")
    out.mkdir(parents=True, exist_ok=True)
    (out / "results.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
    print(f"written to {out / 'results.json'}")


if __name__ == "__main__":
    main()
