"""The `make bench` table: every result shape becomes rows, an absent benchmark is skipped."""

from __future__ import annotations

import pytest

from benchmarks.__main__ import _run
from benchmarks.table import render, rows


def test_throughput_rows_keep_their_baseline_and_ratio() -> None:
    result = {"benchmark": "throughput", "rows": [
        {"name": "web turns/s (SQLite, 1 worker)", "value": 50.0, "baseline": 1000.0,
         "ratio": 0.05}]}
    assert rows(result) == [("throughput", "web turns/s (SQLite, 1 worker)", 50.0, 1000.0,
                             0.05)]


def test_a_latency_result_gives_p50_beside_its_baseline_and_p99_alone() -> None:
    result = {"benchmark": "dialog", "name": "dialog engine step (advance)", "p50_us": 120.0,
              "p99_us": 400.0, "baseline_p50_us": 12.0, "ratio_p50": 10.0}
    p50, p99 = rows(result)
    assert p50 == ("dialog", "dialog engine step (advance) (µs) p50", 120.0, 12.0, 10.0)
    assert p99[2:] == (400.0, None, None)


def test_an_unknown_shape_is_listed_not_dropped() -> None:
    assert rows({"benchmark": "reminders", "name": "10,000 reminders"}) == [
        ("reminders", "10,000 reminders: see results.json", None, None, None)]


def test_the_table_aligns_columns_and_marks_missing_cells() -> None:
    text = render([("web", "p50 (ms)", 12.345, 1.5, 8.23), ("faq", "top-1 (%)", 91.0, None,
                                                              None)])
    header, first, second = text.splitlines()
    assert header.split() == ["benchmark", "figure", "value", "baseline", "ratio"]
    assert first.split()[-3:] == ["12.3", "1.5", "8.23"]
    assert second.split()[-2:] == ["-", "-"]
    assert len({len(line) for line in (header, first, second)}) == 1


def test_a_benchmark_not_on_this_branch_is_skipped(capsys: pytest.CaptureFixture[str]) -> None:
    assert _run("no_such_benchmark") is None
    assert "not on this branch, skipped" in capsys.readouterr().out
