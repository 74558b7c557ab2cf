"""The dashboard writes dates as staff read them: 2024年1月15日 09:30."""

from __future__ import annotations

import datetime as dt

from handlers.web.staff.common import templates, zh_time


def test_times_are_written_in_chinese_date_order() -> None:
    assert zh_time(dt.datetime(2024, 1, 15, 9, 30)) == "2024年1月15日 09:30"


def test_the_templates_have_the_chinese_date_filters() -> None:
    env = templates()
    rendered = env.from_string("{{ d | zh_date }} / {{ t | zh_time }}").render(
        d=dt.date(2026, 11, 24), t=dt.datetime(2026, 11, 24, 0, 30))
    assert rendered == "2026年11月24日 / 2026年11月24日 00:30"
