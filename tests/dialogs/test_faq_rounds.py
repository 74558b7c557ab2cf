"""The FAQ answers from the round that is open: after 灵活就业之星 2025 opened, its deadline and
its per-county quota are the new notice's, not last year's."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from dialogs.faq import ask
from eligibility.rounds import build, draft, registry
from tests.round_notices import PID, henan_flexible_2025, settle

ON = dt.date(2025, 1, 3)


@pytest.fixture
def round_2025() -> Iterator[None]:
    registry.install([build.build(settle(draft.new_round(PID, henan_flexible_2025())))], "t")
    yield
    registry.install([], "")


def test_before_the_round_opens_the_old_round_is_said_to_be_over() -> None:
    answer = ask("灵活就业之星什么时候截止", today=ON)
    assert "本期已截止" in answer.text and "2024年1月15日" in answer.text


@pytest.mark.usefixtures("round_2025")
def test_the_opened_round_gives_its_own_dates_and_quota() -> None:
    deadline = ask("灵活就业之星什么时候截止", today=ON)
    assert "2025年1月15日" in deadline.text and "2024年" not in deadline.text
    quota = ask("灵活就业之星每个县推几个人", today=ON)
    assert "不超过3人" in quota.text and "不超过2人" not in quota.text
