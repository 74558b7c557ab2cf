"""The receiving office's workflow on the storage of every backend: the quota (the chain's one
rule, reached through `bot.services.review` for the applicant's lifecycle), ranks, checks and a
return."""

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
from bot.services.chain import decisions, listing
from dialogs.profile_state import programme_by_id

OFFICE = "河南省/洛阳市/洛龙区"
FLEX = "henan-flexible-star"
PACK = programme_by_id(FLEX)
assert PACK is not None
COUNTY_LEVEL = PACK.chain[0]


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
        for row in rows[:2]:
            await decisions.recommend(session, clerk, row, PACK, COUNTY_LEVEL,
                                      confirm_unchecked=True)
        with pytest.raises(review.ActionRefused, match="名额已满"):
            await decisions.recommend(session, clerk, rows[2], PACK, COUNTY_LEVEL,
                                      confirm_unchecked=True)
        await listing.set_ranks(session, clerk, PACK, COUNTY_LEVEL, OFFICE, ["R-b", "R-a"])
        with pytest.raises(review.ActionRefused, match="排序"):
            await listing.set_ranks(session, clerk, PACK, COUNTY_LEVEL, OFFICE, ["R-b"])
        await review.set_check(session, clerk, rows[3], "county_preliminary_review", True)
        await review.return_items(session, clerk, rows[3], "请补充营业执照",
                                  ["doc:business_licence"])
        with pytest.raises(review.ActionRefused):
            await decisions.recommend(session, clerk, rows[3], PACK, COUNTY_LEVEL,
                                      confirm_unchecked=True)
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
