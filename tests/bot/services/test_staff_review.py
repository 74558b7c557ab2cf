"""The office's workflow on the storage of every backend: quota, return, ranks, checks."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db import store
from bot.db.applications import Application
from bot.db.models import Event
from bot.db.store.applications import create_application
from bot.services import review, staff

OFFICE = "河南省/洛阳市/洛龙区"
FLEX = "henan-flexible-star"


async def _packet(session: AsyncSession, key: str) -> Application:
    who = await store.find_or_create_applicant(session, "web", f"w-{key}")
    data: dict[str, Any] = {"programme": FLEX, "receipt": f"R-{key}", "fields": {"name": key},
                            "items": {}, "applicant_name": key}
    await store.save_dialog(session, who.id, {"application": {
        **data, "status": "submitted", "declarations": {}, "reopened": [],
        "office_note": None}}, expected_version=0)
    return await create_application(session, who.id, data, office=OFFICE, packet_path="x",
                                    packet_sha256="0" * 64, packet_size=1)


async def test_the_quota_the_ranks_and_a_return_on_this_backend(
        sessions: async_sessionmaker[AsyncSession]) -> None:
    async with sessions.begin() as session:
        clerk, _ = await staff.create_account(session, "clerk", OFFICE, "office")
        rows = [await _packet(session, key) for key in "abcd"]
        for row in rows:
            await review.receive(session, clerk, row)
        await review.recommend(session, clerk, rows[0])
        await review.recommend(session, clerk, rows[1])
        with pytest.raises(review.ActionRefused, match="名额已满"):
            await review.recommend(session, clerk, rows[2])
        await review.set_ranks(session, clerk, OFFICE, FLEX, ["R-b", "R-a"])
        with pytest.raises(review.ActionRefused, match="排序"):
            await review.set_ranks(session, clerk, OFFICE, FLEX, ["R-b"])
        await review.set_check(session, clerk, rows[3], "county_preliminary_review", True)
        await review.return_items(session, clerk, rows[3], "请补充营业执照",
                                  ["doc:business_licence"])
        with pytest.raises(review.ActionRefused):
            await review.recommend(session, clerk, rows[3])
    async with sessions() as session:
        ranks = {row.receipt: (await review.peek_review(session, row)).rank
                 for row in (await session.scalars(select(Application))).all()}
        assert ranks["R-b"] == 1 and ranks["R-a"] == 2
        checks = (await review.peek_review(session, rows[3])).checks
        assert checks == {"county_preliminary_review": True}
        state = (await store.load_dialog(session, rows[3].applicant_id)).state
        assert state["application"]["status"] == "returned"
        assert state["application"]["office_note"] == "请补充营业执照"
        kinds = [e.kind for e in (await session.scalars(select(Event))).all()]
    assert "application.returned" in kinds and "review.ranked" in kinds
