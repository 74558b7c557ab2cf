"""After submission: the office's decisions reach the applicant's status screen, and a return
reopens only the items named; the corrected packet replaces the old one and is forwarded again."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.conversation import Conversation, Message
from bot.crypto import Vault
from bot.db.applications import Application, ApplicationStatus, Outbox
from bot.db.models import Event
from bot.db.store.applications import StatusChangeRefused, change_status
from bot.services.status import office_decision
from tests.bot.services import samples, walk

NAME = "luoyang"


async def _submitted(sessions: async_sessionmaker[AsyncSession], vault: Vault,
                     files_dir: Path) -> tuple[Conversation, str]:
    today = walk.today_of(NAME)
    conversation = Conversation(sessions, vault, clock=lambda: today, files_dir=files_dir)
    await walk.play(conversation, NAME, files_dir)
    async with sessions.begin() as session:
        receipt = (await session.execute(select(Application.receipt))).scalar_one()
    return conversation, receipt


def _texts(result: object) -> str:
    return "\n".join(getattr(item, "text", "") for item in result.outbound)  # type: ignore[attr-defined]


async def test_a_returned_packet_reopens_only_the_named_item_and_is_resubmitted(
        sessions: async_sessionmaker[AsyncSession], vault: Vault, tmp_path: Path) -> None:
    conversation, receipt = await _submitted(sessions, vault, tmp_path)
    async with sessions.begin() as session:
        await office_decision(session, receipt, ApplicationStatus.RECEIVED, actor="staff:li")
    status = await conversation.handle(Message("web", "walker", "s1", kind="choice",
                                               choice="menu"))
    status = await conversation.handle(Message("web", "walker", "s2", kind="choice",
                                               choice="continue"))
    assert "单位已接收" in _texts(status)
    async with sessions.begin() as session:
        await office_decision(session, receipt, ApplicationStatus.RETURNED, actor="staff:li",
                              note="照片不是白底，请重新上传", items=["doc:photo"])
    await conversation.handle(Message("web", "walker", "s3", kind="choice", choice="menu"))
    reopened = await conversation.handle(Message("web", "walker", "s4", kind="choice",
                                                 choice="continue"))
    assert "照片不是白底" in _texts(reopened) and "2寸" in _texts(reopened)
    # the notice asks for two photos (随报表附2张): both are sent again
    first = walk.upload(tmp_path, samples.jpeg((600, 840)), "new-photo-1.jpg")
    await conversation.handle(Message("web", "walker", "s5a", kind="file", file=first))
    photo = walk.upload(tmp_path, samples.jpeg((600, 840), colour="ivory"), "new-photo-2.jpg")
    await conversation.handle(Message("web", "walker", "s5", kind="file", file=photo))
    review = await conversation.handle(Message("web", "walker", "s6", kind="choice",
                                               choice="done"))
    assert "确认无误就可以提交了" in _texts(review)
    done = await conversation.handle(Message("web", "walker", "s7", kind="choice",
                                             choice="submit"))
    assert receipt in _texts(done) and "已重新提交" in _texts(done)
    async with sessions.begin() as session:
        application = (await session.execute(select(Application))).scalar_one()
        outbox = (await session.execute(select(Outbox))).scalars().all()
        kinds = (await session.execute(select(Event.payload).where(
            Event.kind == "application_status").order_by(Event.id))).scalars().all()
    assert application.status == ApplicationStatus.RESUBMITTED
    assert application.data["items"]["photo"]["files"][-1]["sha256"] == photo.sha256
    assert len(outbox) == 2 and len({row.message_id for row in outbox}) == 2
    assert [k["status"] for k in kinds] == ["submitted", "received", "returned", "resubmitted"]


async def test_a_status_change_out_of_order_is_refused(
        sessions: async_sessionmaker[AsyncSession], vault: Vault, tmp_path: Path) -> None:
    await _submitted(sessions, vault, tmp_path)
    async with sessions.begin() as session:
        application = (await session.execute(select(Application))).scalar_one()
        with pytest.raises(StatusChangeRefused):
            await change_status(session, application, ApplicationStatus.RECOMMENDED,
                                actor="staff:li")
