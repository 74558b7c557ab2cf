"""An item handed in after submitting reaches the office in the same packet: same receipt, same
row, the item's files in the rebuilt ZIP, the status unchanged, an event naming the addition."""

from __future__ import annotations

import io
import zipfile

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.conversation import Conversation, Message
from bot.crypto import Vault
from bot.db.applications import Application, ApplicationItem
from bot.db.models import Event
from bot.storage import FileStore
from tests.bot.services import samples, walk
from tests.file_stores import BOTH_STORES

pytestmark = BOTH_STORES


def _messages(files: FileStore) -> list[Message]:
    """The Luoyang walk with 参加社会公益事业的相关证书 marked 稍后补交 instead of uploaded."""
    out, skipping = [], False
    for number, step in enumerate(walk.script("luoyang")["steps"]):
        mid = f"s-{number}"
        if "upload" in step and step["upload"]["name"].startswith("welfare_evidence"):
            skipping = True
            continue
        if skipping and step.get("choose") == "done":
            out.append(Message("web", "w", mid, kind="choice", choice="later"))
            skipping = False
        elif "choose" in step:
            out.append(Message("web", "w", mid, kind="choice", choice=str(step["choose"])))
        elif "upload" in step:
            data = samples.jpeg((500, 700) if "photo" in step["upload"]["name"] else (1200, 900))
            out.append(Message("web", "w", mid, kind="file",
                               file=walk.upload(files, data, step["upload"]["name"])))
        else:
            out.append(Message("web", "w", mid, kind="text", text=str(step["send"])))
    return out


async def test_a_pending_item_handed_in_later_joins_the_same_packet(
        sessions: async_sessionmaker[AsyncSession], vault: Vault,
        file_store: FileStore) -> None:
    today = walk.today_of("luoyang")
    conversation = Conversation(sessions, vault, clock=lambda: today, files=file_store)
    for message in _messages(file_store):
        await conversation.handle(message)
    async with sessions() as session:
        row = (await session.scalars(select(Application))).one()
    first_packet, receipt = row.packet_path, row.receipt
    assert row.data["pending"] == ["doc:welfare_evidence"]
    certificate = walk.upload(file_store, samples.jpeg((1200, 900)), "certificate.jpg")
    for mid, kwargs in (("a1", {"kind": "choice", "choice": "supplement:doc:welfare_evidence"}),
                        ("a2", {"kind": "file", "file": certificate}),
                        ("a3", {"kind": "choice", "choice": "done"})):
        result = await conversation.handle(Message("web", "w", mid, **kwargs))  # type: ignore
    assert any(receipt in getattr(item, "text", "") for item in result.outbound)
    async with sessions() as session:
        rows = (await session.scalars(select(Application))).all()
        assert len(rows) == 1 and rows[0].receipt == receipt
        row = rows[0]
        assert row.status.value == "submitted" and row.packet_path != first_packet
        assert row.data["pending"] == [] and row.data["added"] == ["welfare_evidence"]
        item = (await session.scalars(select(ApplicationItem).where(
            ApplicationItem.application_id == row.id,
            ApplicationItem.item == "welfare_evidence"))).one()
        assert item.status.value == "provided" and len(item.files["files"]) == 1
        kinds = [e.kind for e in await session.scalars(select(Event))]
        assert "application.item_added" in kinds
    with zipfile.ZipFile(io.BytesIO(file_store.read(row.packet_path))) as archive:
        assert any("welfare_evidence" in name or "公益" in name for name in archive.namelist())
