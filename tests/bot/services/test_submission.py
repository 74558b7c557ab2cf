"""From screening to a submitted packet on a real database: the ZIP opens, the form is filled,
the manifest matches every file, the outbox row is there; bad files change nothing."""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
from typing import Any

import pytest
from docx import Document
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.conversation import Conversation, Message
from bot.crypto import Vault
from bot.db.applications import Application, ApplicationItem, Outbox
from bot.paperwork import render
from bot.paperwork.values import printable
from bot.storage import FileStore
from dialogs.profile_state import programme_by_id
from tests.bot.services import walk
from tests.file_stores import BOTH_STORES, stored

pytestmark = BOTH_STORES

INDIVIDUAL = ["luoyang", "henan_flexible", "henan_youth", "jilin_employment_individual",
              "jilin_migrant_individual", "changchun_grand_prize", "changchun_technical_expert",
              "jinzhong"]


def form_text(form: Any) -> str:
    """Every paragraph of the form, in its tables too (a merged cell counted once)."""
    seen: list[Any] = []
    out = [p.text for p in form.paragraphs]
    for table in form.tables:
        for row in table.rows:
            for cell in row.cells:
                if not any(cell._tc is element for element in seen):
                    seen.append(cell._tc)
                    out.append(cell.text)
    return "\n".join(out)


def _conversation(sessions: async_sessionmaker[AsyncSession], vault: Vault, name: str,
                  files: FileStore) -> Conversation:
    today = walk.today_of(name)
    return Conversation(sessions, vault, clock=lambda: today, files=files)


@pytest.mark.parametrize("name", INDIVIDUAL)
async def test_an_applicant_reaches_a_complete_packet(
        name: str, sessions: async_sessionmaker[AsyncSession], vault: Vault,
        file_store: FileStore) -> None:
    conversation = _conversation(sessions, vault, name, file_store)
    last = await walk.play(conversation, name, file_store)
    assert any("回执编号" in text for text in last)
    async with sessions.begin() as session:
        application = (await session.execute(select(Application))).scalar_one()
        items = (await session.execute(select(ApplicationItem))).scalars().all()
        outbox = (await session.execute(select(Outbox))).scalars().all()
    assert application.status == "submitted" and items
    programme = programme_by_id(application.programme)
    assert programme is not None
    assert len(outbox) == (1 if (programme.submission.email or any(
        c.email for c in programme.contacts)) else 0)
    packet = file_store.read(application.packet_path)
    assert hashlib.sha256(packet).hexdigest() == application.packet_sha256
    assert stored(file_store, "*/packets/*") == [application.packet_path]
    assert stored(file_store, "incoming/*") == []
    with zipfile.ZipFile(io.BytesIO(packet)) as archive:
        assert archive.testzip() is None
        manifest = json.loads(archive.read("manifest.json"))
        for entry in manifest["文件"]:
            assert hashlib.sha256(archive.read(entry["文件名"])).hexdigest() == entry["SHA-256"]
        names = archive.namelist()
        assert len(names) == len(manifest["文件"]) + 1
        numbers = sorted({int(n.split("_", 1)[0]) for n in names if n != "manifest.json"})
        assert numbers == list(range(1, len(numbers) + 1)), "the numbering has a gap"
        assert names[0].startswith("01_目录")
        form_name = next(n for n in names if n.startswith("02_"))
        assert archive.getinfo(form_name).date_time[:3] == walk.today_of(name).timetuple()[:3]
        form = Document(io.BytesIO(archive.read(form_name)))
    printed = form_text(form)
    for field in programme.form.fields:
        if field.type == "photo":
            asked = any(d.kind == "photo" for d in programme.documents)
            assert len(form.inline_shapes) == (asked and render.has_template(
                programme, render.FORM)), "the photo is not in its cell"
            continue
        value = printable(field, application.data["fields"].get(field.id))
        assert value, f"{field.label} is empty"
        shown = re.escape(value.splitlines()[0]).replace(r"\*", "*").replace("*", r"\w")
        assert re.search(shown, printed), f"{field.label}: {value} is not in the form"
    assert printed.count("年") >= len(programme.form.office_boxes)
    uploaded = [entry for entry in manifest["文件"] if entry.get("上传时SHA-256")]
    assert uploaded and all(e["SHA-256"] == e["上传时SHA-256"] for e in uploaded)
    assert not re.search(r'"[a-z_]+":', json.dumps(manifest, ensure_ascii=False)), \
        "the manifest has an English key"


async def test_the_full_id_number_reaches_the_form_but_not_the_manifest(
        sessions: async_sessionmaker[AsyncSession], vault: Vault,
        file_store: FileStore) -> None:
    name = "henan_flexible"
    await walk.play(_conversation(sessions, vault, name, file_store), name, file_store)
    async with sessions.begin() as session:
        application = (await session.execute(select(Application))).scalar_one()
    with zipfile.ZipFile(io.BytesIO(file_store.read(application.packet_path))) as archive:
        manifest = archive.read("manifest.json").decode()
        form = Document(io.BytesIO(archive.read(
            next(n for n in archive.namelist() if n.startswith("02_")))))
    id_number = next(s["send"] for s in walk.script(name)["steps"]
                     if str(s.get("send", "")).isdigit() and len(str(s["send"])) == 18)
    assert id_number not in manifest and "身份证号码" not in json.loads(manifest)["申报人"]
    assert id_number not in json.dumps(application.data, ensure_ascii=False)
    assert id_number in form_text(form)


async def test_deleting_a_submitted_applicant_removes_their_documents_and_packet(
        sessions: async_sessionmaker[AsyncSession], vault: Vault,
        file_store: FileStore) -> None:
    name = "luoyang"
    conversation = _conversation(sessions, vault, name, file_store)
    await walk.play(conversation, name, file_store)
    file_store.put("99/uploads/another-applicant", b"jpeg")
    async with sessions.begin() as session:
        application = (await session.execute(select(Application))).scalar_one()
    owned = f"{application.applicant_id}/"
    assert len(file_store.keys(owned)) > 3
    await conversation.handle(Message("web", "walker", "bye-1", text="/delete"))
    result = await conversation.handle(Message("web", "walker", "bye-2", kind="choice",
                                               choice="confirm_delete"))
    assert result.deleted
    assert file_store.keys(owned) == []
    assert file_store.keys("") == ["99/uploads/another-applicant"]
