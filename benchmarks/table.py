"""The one table `make bench` prints: benchmark, figure, value, baseline, ratio.

Each benchmark's `run()` returns a dict. The simplest shape is `{"rows": [{"name", "value",
"baseline", "ratio"}]}`; the older benchmarks' shapes (latency with `p50_us`/`baseline_p50_us`,
the web round trip, screening, the Telegram and WeChat figures) are read as they are, and
anything else is listed with a pointer to results.json rather than dropped.
"""

from __future__ import annotations

from typing import Any

Row = tuple[str, str, float | None, float | None, float | None]
HEADER = ("benchmark", "figure", "value", "baseline", "ratio")


def _latency(bench: str, result: dict[str, Any]) -> list[Row]:
    name = result["name"]
    unit = "" if name.endswith(("(µs)", "ms)")) else " (µs)"
    found: list[Row] = [(bench, f"{name}{unit} p50", result["p50_us"],
                         result["baseline_p50_us"], result["ratio_p50"]),
                        (bench, f"{name}{unit} p99", result["p99_us"], None, None)]
    if "accuracy" in result:
        for section in ("accuracy", "second_batch", "blind"):
            found.append((bench, f"FAQ top-1 on {section} (%)",
                          result[section]["top1"] * 100, None, None))
    if "peak_memory_mb" in result:
        found.append((bench, "packet: peak Python memory (MB)", result["peak_memory_mb"],
                      None, None))
    return found


def rows(result: dict[str, Any]) -> list[Row]:
    """The table rows of one benchmark's result."""
    bench = str(result.get("benchmark", result.get("name", "?")))
    if "rows" in result:
        return [(bench, row["name"], row["value"], row.get("baseline"), row.get("ratio"))
                for row in result["rows"]]
    if "awardbot" in result:
        ours, base = result["awardbot"], result["baseline_bare_aiohttp"]
        return [(bench, f"{result['name']} p50 (ms)", ours["p50_ms"], base["p50_ms"],
                 result["ratio_p50"]),
                (bench, f"{result['name']} p99 (ms)", ours["p99_ms"], base["p99_ms"],
                 result["ratio_p99"])]
    if "screen" in result:
        screen, base = result["screen"], result["baseline_json_parse"]
        return [(bench, f"{result['name']} p50 (µs)", screen["p50_us"], base["p50_us"],
                 result["ratio_p50"]),
                (bench, f"{result['name']} p99 (µs)", screen["p99_us"], base["p99_us"],
                 screen["p99_us"] / base["p99_us"])]
    if "awardbot_updates_per_s" in result:
        return [(bench, f"{result['name']}, in-process", result["awardbot_updates_per_s"],
                 result["bare_echo_updates_per_s"], result["ratio_p50"])]
    if "fallback_replies" in result:
        return [(bench, f"{result['name']} p50", result["p50_ms"], None, None),
                (bench, f"{result['name']} p99 vs the 5 s budget", result["p99_ms"],
                 result["baseline_p50_us"], result["ratio_p50"]),
                (bench, "wechat replies sent as 'success' + customer service",
                 result["fallback_replies"], None, None)]
    if {"p50_us", "baseline_p50_us", "ratio_p50"} <= result.keys():
        return _latency(bench, result)
    return [(bench, f"{result.get('name', bench)}: see results.json", None, None, None)]


def _cell(value: float | None, digits: int) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def render(table: list[Row]) -> str:
    """The rows as aligned text, the header first."""
    bench_width = max([len(HEADER[0])] + [len(row[0]) for row in table])
    figure_width = max([len(HEADER[1])] + [len(row[1]) for row in table])
    lines = [f"{HEADER[0]:{bench_width}}  {HEADER[1]:{figure_width}}  {HEADER[2]:>10}  "
             f"{HEADER[3]:>10}  {HEADER[4]:>7}"]
    for bench, figure, value, baseline, ratio in table:
        lines.append(f"{bench:{bench_width}}  {figure:{figure_width}}  {_cell(value, 1):>10}  "
                     f"{_cell(baseline, 1):>10}  {_cell(ratio, 2):>7}")
    return "\n".join(lines)
