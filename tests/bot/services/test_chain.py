"""The chain on every backend: a packet climbs county → city → province, the city returns it to
the county (and with the applicant's items, to the applicant), decisions are undone with a
reason until the level above receives, quotas bind each level, and the checklist holds."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db import store
from bot.db.applications import Application, ApplicationStatus
from bot.db.chain import PacketStage
from bot.db.models import Event
from bot.db.store.applications import create_application
from bot.services import staff
from bot.services.chain import decisions, levels, positions
from bot.services.review import ActionRefused
from dialogs.profile_state import programme_by_id

COUNTY, CITY, PROVINCE = "河南省/洛阳市/洛龙区", "河南省/洛阳市", "河南省"
FLEX = programme_by_id("henan-flexible-star")
assert FLEX is not None
COUNTY_LEVEL, CITY_LEVEL, PROVINCE_LEVEL = FLEX.chain


async def _packet(session: AsyncSession, key: str, office: str = COUNTY) -> Application:
    who = await store.find_or_create_applicant(session, "web", f"chain-{key}")
    data: dict[str, Any] = {"programme": FLEX.id, "receipt": f"C-{key}", "items": {},
                            "fields": {"name": key}, "applicant_name": key}
    await store.save_dialog(session, who.id, {"application": {
        **data, "status": "submitted", "declarations": {}, "reopened": [],
        "office_note": None}}, expected_version=0)
    return await create_application(session, who.id, data, office=office, packet_path="x",
                                    packet_sha256="0" * 64, packet_size=1)


async def _status(session: AsyncSession, row: Application, level: Any) -> str | None:
    found = await positions.position(session, FLEX, row, level)
    return found.status if found else None


async def test_a_packet_climbs_is_returned_by_the_city_and_undone_on_this_backend(
        sessions: async_sessionmaker[AsyncSession]) -> None:
    async with sessions.begin() as session:
        clerk, _ = await staff.create_account(session, "c1", COUNTY, "office")
        city, _ = await staff.create_account(session, "c2", CITY, "reviewer")
        province, _ = await staff.create_account(session, "c3", PROVINCE, "admin")
        row = await _packet(session, "a")
        assert levels.level_for(clerk, FLEX) == COUNTY_LEVEL
        assert levels.level_for(city, FLEX) == CITY_LEVEL
        await decisions.receive(session, clerk, row, FLEX, COUNTY_LEVEL)
        with pytest.raises(ActionRefused, match="核查清单还有"):
            await decisions.recommend(session, clerk, row, FLEX, COUNTY_LEVEL)
        for check, _text in decisions.checklist(FLEX, COUNTY_LEVEL):
            await decisions.set_check(session, clerk, row, FLEX, COUNTY_LEVEL, check, True)
        await decisions.recommend(session, clerk, row, FLEX, COUNTY_LEVEL, "事迹突出")
        assert await _status(session, row, CITY_LEVEL) == "waiting"
        await decisions.undo(session, clerk, row, FLEX, COUNTY_LEVEL, "选错了人")
        assert await _status(session, row, CITY_LEVEL) is None
        assert row.status == ApplicationStatus.RECEIVED
        await decisions.recommend(session, clerk, row, FLEX, COUNTY_LEVEL)

        await decisions.receive(session, city, row, FLEX, CITY_LEVEL)
        with pytest.raises(ActionRefused, match="已接收"):
            await decisions.undo(session, clerk, row, FLEX, COUNTY_LEVEL, "想撤回")
        await decisions.return_down(session, city, row, FLEX, CITY_LEVEL,
                                    "县级推荐意见未盖章", [])
        assert row.status == ApplicationStatus.RECEIVED
        county_here = await positions.position(session, FLEX, row, COUNTY_LEVEL)
        assert county_here is not None and county_here.returned_from_above is not None
        await decisions.undo(session, city, row, FLEX, CITY_LEVEL, "误退")
        assert row.status == ApplicationStatus.RECOMMENDED
        await decisions.return_down(session, city, row, FLEX, CITY_LEVEL,
                                    "请补充营业执照", ["doc:business_licence"])
        assert row.status == ApplicationStatus.RETURNED
        with pytest.raises(ActionRefused, match="已发给申报人"):
            await decisions.undo(session, clerk, row, FLEX, COUNTY_LEVEL, "撤回退回")
        state = (await store.load_dialog(session, row.applicant_id)).state
        assert state["application"]["reopened"] == ["doc:business_licence"]

        other = await _packet(session, "b")
        await decisions.receive(session, clerk, other, FLEX, COUNTY_LEVEL)
        await decisions.recommend(session, clerk, other, FLEX, COUNTY_LEVEL,
                                  confirm_unchecked=True)
        await decisions.receive(session, city, other, FLEX, CITY_LEVEL)
        await decisions.recommend(session, city, other, FLEX, CITY_LEVEL,
                                  confirm_unchecked=True)
        await decisions.receive(session, province, other, FLEX, PROVINCE_LEVEL)
        await decisions.not_recommend(session, province, other, FLEX, PROVINCE_LEVEL,
                                      "事迹材料与登记表不符", "专家组意见第3条")
        assert other.status == ApplicationStatus.NOT_RECOMMENDED
        assert await _status(session, other, COUNTY_LEVEL) == "recommended"
        await decisions.undo(session, province, other, FLEX, PROVINCE_LEVEL, "复议")
        assert other.status == ApplicationStatus.RECOMMENDED
        await decisions.recommend(session, province, other, FLEX, PROVINCE_LEVEL,
                                  confirm_unchecked=True)
        assert await _status(session, other, PROVINCE_LEVEL) == "recommended"
    async with sessions() as session:
        undos = [e.payload for e in await session.scalars(select(Event).where(
            Event.kind == "chain.stage")) if e.payload["what"] == "undo"]
        stage = (await session.scalars(select(PacketStage).where(
            PacketStage.level == "province"))).one()
    assert [u["reason"] for u in undos] == ["选错了人", "误退", "复议"]
    assert stage.reason == "" and stage.status == "recommended"


async def test_each_level_keeps_its_own_quota_and_a_swap_needs_an_undo(
        sessions: async_sessionmaker[AsyncSession]) -> None:
    async with sessions.begin() as session:
        clerk, _ = await staff.create_account(session, "q1", COUNTY, "office")
        rows = [await _packet(session, key) for key in "abc"]
        for row in rows:
            await decisions.receive(session, clerk, row, FLEX, COUNTY_LEVEL)
        for row in rows[:2]:
            await decisions.recommend(session, clerk, row, FLEX, COUNTY_LEVEL,
                                      confirm_unchecked=True)
        with pytest.raises(ActionRefused, match=r"名额已满.*先撤销"):
            await decisions.recommend(session, clerk, rows[2], FLEX, COUNTY_LEVEL,
                                      confirm_unchecked=True)
        await decisions.undo(session, clerk, rows[1], FLEX, COUNTY_LEVEL, "换人")
        await decisions.recommend(session, clerk, rows[2], FLEX, COUNTY_LEVEL,
                                  confirm_unchecked=True)
        quota = await decisions.level_quota(session, FLEX, CITY_LEVEL, CITY)
        assert quota.maximum == 7 and "洛阳市" in quota.text
        assert (await decisions.level_quota(session, FLEX, PROVINCE_LEVEL, PROVINCE)
                ).maximum == 100


def test_the_checklist_shows_only_this_levels_tasks() -> None:
    county = dict(decisions.checklist(FLEX, COUNTY_LEVEL))
    city = dict(decisions.checklist(FLEX, CITY_LEVEL))
    province = dict(decisions.checklist(FLEX, PROVINCE_LEVEL))
    assert "provincial_check_and_notice" not in county and "revocation" not in county
    assert "provincial_check_and_notice" in province and "city_review" in city
    assert not any("需判断" in text for text in city.values())


async def test_the_lists_queries_filter_count_and_search_on_this_backend(
        sessions: async_sessionmaker[AsyncSession]) -> None:
    import datetime as dt

    from bot.crypto import Vault
    from bot.db.base import utcnow
    from bot.services.chain import queue

    vault = Vault({1: b"a test secret of 32 bytes or so!"})
    async with sessions.begin() as session:
        clerk, _ = await staff.create_account(session, "l1", COUNTY, "office")
        city, _ = await staff.create_account(session, "l2", CITY, "reviewer")
        rows = [await _packet(session, key) for key in ("张三", "李四", "王五")]
        await store.save_answer(session, vault, rows[1].applicant_id, "id_number",
                                "410302199001010013", "typed")
        await store.save_answer(session, vault, rows[2].applicant_id, "field:phone",
                                "13912345678", "typed")
        await decisions.receive(session, clerk, rows[0], FLEX, COUNTY_LEVEL)
        await decisions.recommend(session, clerk, rows[0], FLEX, COUNTY_LEVEL,
                                  confirm_unchecked=True)
    now = utcnow()
    async with sessions() as session:
        async def names(who: Any, **filters: Any) -> tuple[list[str], int]:
            found, total = await queue.page(session, vault, who, queue.Filters(**filters), now)
            return [r.application.receipt for r in found], total

        assert (await names(clerk))[1] == 3
        assert await names(clerk, q="李") == (["C-李四"], 1)
        assert await names(clerk, q="410302199001010013") == (["C-李四"], 1)
        assert await names(clerk, q="139 1234 5678") == (["C-王五"], 1)
        assert await names(clerk, q="13900000000") == ([], 0)
        assert await names(clerk, status="recommended") == (["C-张三"], 1)
        assert await names(clerk, status="waiting", sort="old") == (["C-李四", "C-王五"], 2)
        assert (await names(clerk, waiting_days=1))[1] == 0
        assert await names(city) == (["C-张三"], 1)
        assert await names(city, county=COUNTY, status="waiting") == (["C-张三"], 1)
        counts = await queue.counts(session, vault, clerk, queue.Filters(), now)
        assert counts == {FLEX.id: {"recommended": 1, "waiting": 2}}
        later = now + dt.timedelta(days=3)
        found, _ = await queue.page(session, vault, city, queue.Filters(waiting_days=2), later)
        assert [r.application.receipt for r in found] == ["C-张三"]


async def test_a_packet_sent_straight_to_the_city_is_worked_there_within_its_quota(
        sessions: async_sessionmaker[AsyncSession]) -> None:
    """市本级也可以直接推送选树对象 (and a packet whose county was not known goes to the city)."""
    from bot.crypto import Vault
    from bot.db.base import utcnow
    from bot.services.chain import queue

    vault = Vault({1: b"a test secret of 32 bytes or so!"})
    async with sessions.begin() as session:
        city, _ = await staff.create_account(session, "d1", CITY, "office")
        clerk, _ = await staff.create_account(session, "d2", COUNTY, "office")
        direct = await _packet(session, "direct", office=CITY)
        forwarded = await _packet(session, "up")
        await decisions.receive(session, clerk, forwarded, FLEX, COUNTY_LEVEL)
        await decisions.recommend(session, clerk, forwarded, FLEX, COUNTY_LEVEL,
                                  confirm_unchecked=True)
        found, total = await queue.page(session, vault, city, queue.Filters(), utcnow())
        assert total == 2 and {r.level_status for r in found} == {"waiting"}
        assert [p.level.id for p in await positions.trail(session, FLEX, direct)] == ["city"]
        for row in (direct, forwarded):
            await decisions.receive(session, city, row, FLEX, CITY_LEVEL)
            await decisions.recommend(session, city, row, FLEX, CITY_LEVEL,
                                      confirm_unchecked=True)
        assert await decisions.recommended_count(session, FLEX, CITY_LEVEL, CITY) == 2
        assert await _status(session, direct, PROVINCE_LEVEL) == "waiting"
        assert await decisions.recommended_count(session, FLEX, COUNTY_LEVEL, COUNTY) == 1
