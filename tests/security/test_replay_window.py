"""The freshness window itself: its edges, clock skew either way, and junk timestamps."""

from __future__ import annotations

import pytest

from bot.security.replay import WINDOW, fresh

NOW = 1_800_000_000.0


@pytest.mark.parametrize(("timestamp", "expected"), [
    (str(int(NOW)), True),
    (str(int(NOW) - WINDOW), True),
    (str(int(NOW) + WINDOW), True),
    (str(int(NOW) - WINDOW - 1), False),
    (str(int(NOW) + WINDOW + 1), False),
    (str(int(NOW) - 365 * 86400), False),
    ("", False), ("-1", False), ("1e9", False), ("１８００００００００", False),
    ("9" * 40, False),
])
def test_only_timestamps_inside_the_window_are_fresh(timestamp: str, expected: bool) -> None:
    assert fresh(timestamp, NOW) is expected
