"""“广东省有项目时告诉我” is kept and sent: when a pack covering the applicant's region is
loaded, the reminder path tells them once (in daytime, on the channel they used), and not
before, and not for a pack elsewhere."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.conversation import Conversation, Message
from bot.crypto import Vault
from bot.services import reminder_rules, reminder_schedule, reminder_worker
from eligibility.loader import programmes
from eligibility.model import Programme, Scope
from tests.bot.services.reminder_helpers import Recorded, applicant_id, at

DAY = dt.date(2024, 1, 5)
GUANGDONG = Scope(province="广东省", city="深圳市", source="测试：假设新收录的深圳市项目")


def _with_shenzhen() -> list[Programme]:
    """The real packs and one more: the Luoyang pack moved to 深圳市 (a region added)."""
    base = next(p for p in programmes() if p.id == "luoyang-skill-entrepreneur-star")
    added = base.model_copy(update={"id": "shenzhen-test-star", "scope": GUANGDONG,
                                    "name": "深圳市“测试之星”"}, deep=True)
    return [*programmes(), added]


async def _subscribe(sessions: async_sessionmaker[AsyncSession], vault: Vault,
                     files: Path) -> int:
    conversation = Conversation(sessions, vault, clock=lambda: DAY, files_dir=files)
    for number, (kind, value) in enumerate([("text", "你好"), ("choice", "agree"),
                                            ("text", "广东省"),
                                            ("choice", "region_notify")]):
        result = await conversation.handle(Message(
            "web", "guangdong", f"g{number}", kind=kind, text=value if kind == "text" else "",
            choice=value if kind == "choice" else None))
    said = "\n".join(getattr(item, "text", "") for item in result.outbound)
    assert "有评选项目时会通知您" in said, said
    async with sessions() as session:
        return await applicant_id(session, "guangdong")


async def test_the_applicant_is_told_once_when_their_region_is_added(
        sessions: async_sessionmaker[AsyncSession], vault: Vault, tmp_path: Path) -> None:
    who = await _subscribe(sessions, vault, tmp_path)
    pushed = Recorded()
    morning = at(DAY + dt.timedelta(days=1), 10)
    await reminder_schedule.schedule(sessions, programmes(), lambda: morning)
    await reminder_worker.deliver(sessions, pushed, programmes(), lambda: morning)
    assert pushed.to(who) == [], "nothing covers 广东 yet"
    packs = _with_shenzhen()
    night = at(DAY + dt.timedelta(days=2), 22)
    await reminder_schedule.schedule(sessions, packs, lambda: night)
    await reminder_worker.deliver(sessions, pushed, packs, lambda: night)
    assert pushed.to(who) == [], "never at night"
    next_morning = at(DAY + dt.timedelta(days=3), 9)
    for _ in range(2):
        await reminder_schedule.schedule(sessions, packs, lambda: next_morning)
        await reminder_worker.deliver(sessions, pushed, packs, lambda: next_morning)
    [(_, text)] = pushed.to(who)
    assert "广东省现在有本助手收录的评选项目了：深圳市“测试之星”" in text
    assert "不再提醒" in text, "every reminder says how to stop them"


def test_a_region_is_covered_by_its_province_wide_or_its_own_city_pack_only() -> None:
    packs = {p.id: p for p in programmes()}
    henan = packs["henan-flexible-star"]
    luoyang = packs["luoyang-skill-entrepreneur-star"]
    assert reminder_rules.covers(henan, "河南省/郑州市")
    assert reminder_rules.covers(luoyang, "河南省/洛阳市")
    assert not reminder_rules.covers(luoyang, "河南省/郑州市")
    assert reminder_rules.covers(luoyang, "河南省"), "a province alone: any pack in it"
    assert not reminder_rules.covers(henan, "广东省/深圳市")
    assert reminder_rules.region_added(1, "广东省/深圳市", packs.values(), DAY) == []
