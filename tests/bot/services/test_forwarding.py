"""Forwarding through a real SMTP server (aiosmtpd on 127.0.0.1): delivered once, and while
the server is down the packet waits and is delivered exactly once when it is back."""

from __future__ import annotations

import asyncio
import datetime as dt
import email
import socket
import zipfile
from collections.abc import Iterator
from email.message import Message
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer
from aiosmtpd.controller import Controller
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.app import create_app
from bot.config import Settings
from bot.conversation import Conversation
from bot.crypto import Vault
from bot.db.applications import Outbox
from bot.runtime import CONVERSATION
from bot.services import forwarding
from bot.services.mail import SmtpSettings
from bot.storage import FileStore
from tests.bot.services import walk
from tests.file_stores import BOTH_STORES

NAME = "luoyang"


class Inbox:
    """An aiosmtpd handler that keeps every message it accepts."""

    def __init__(self) -> None:
        self.messages: list[Message] = []

    async def handle_DATA(self, server: object, session: object, envelope: object) -> str:
        self.messages.append(email.message_from_bytes(envelope.content))  # type: ignore[attr-defined]
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Server:
    """A real SMTP server that can be taken down and brought back on the same port."""

    def __init__(self) -> None:
        self.inbox = Inbox()
        self.port = _free_port()
        self.controller: Controller | None = None

    def up(self) -> None:
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def down(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, SmtpSettings, Server]]:
    server = Server()
    server.up()
    try:
        yield server.inbox, SmtpSettings("127.0.0.1", server.port, "awardbot@test.local"), server
    finally:
        server.down()


async def _submitted(sessions: async_sessionmaker[AsyncSession], vault: Vault,
                     files: FileStore) -> None:
    today = walk.today_of(NAME)
    conversation = Conversation(sessions, vault, clock=lambda: today, files=files)
    await walk.play(conversation, NAME, files)


async def _first_attempt_fails(sessions: async_sessionmaker[AsyncSession], smtp: SmtpSettings,
                               files: FileStore, clock: list[dt.datetime]) -> str:
    """One delivery attempt that must leave the packet queued; returns the recorded error."""
    assert await forwarding.deliver_one(sessions, smtp, files, now=lambda: clock[0])
    async with sessions.begin() as session:
        row = (await session.execute(select(Outbox))).scalar_one()
        assert row.delivered_at is None and row.attempts == 1
        return row.last_error or ""


@BOTH_STORES
async def test_the_office_receives_the_packet_once(
        sessions: async_sessionmaker[AsyncSession], vault: Vault, file_store: FileStore,
        smtp: tuple[Inbox, SmtpSettings, Server]) -> None:
    inbox, settings, _ = smtp
    await _submitted(sessions, vault, file_store)
    assert await forwarding.deliver_one(sessions, settings, file_store)
    assert not await forwarding.deliver_one(sessions, settings, file_store)
    assert len(inbox.messages) == 1
    message = inbox.messages[0]
    assert message["To"] == "lysjyb@163.com" and message["Message-ID"].startswith("<packet-")
    attachment = next(part for part in message.walk() if part.get_filename())
    with zipfile.ZipFile(BytesIO(attachment.get_payload(decode=True))) as archive:
        assert "manifest.json" in archive.namelist()


@BOTH_STORES
async def test_a_packet_waits_while_smtp_is_down_and_is_delivered_exactly_once(
        sessions: async_sessionmaker[AsyncSession], vault: Vault, file_store: FileStore,
        smtp: tuple[Inbox, SmtpSettings, Server]) -> None:
    inbox, settings, server = smtp
    await _submitted(sessions, vault, file_store)
    server.down()
    clock = [dt.datetime.now(dt.UTC)]
    assert await _first_attempt_fails(sessions, settings, file_store, clock)
    assert not await forwarding.deliver_one(sessions, settings, file_store, now=lambda: clock[0])
    server.up()
    clock[0] += forwarding.backoff(1) + dt.timedelta(seconds=1)
    assert await forwarding.deliver_one(sessions, settings, file_store, now=lambda: clock[0])
    clock[0] += dt.timedelta(days=1)
    assert not await forwarding.deliver_one(sessions, settings, file_store, now=lambda: clock[0])
    assert len(inbox.messages) == 1


@BOTH_STORES
async def test_a_packet_missing_from_the_store_waits_in_the_outbox(
        sessions: async_sessionmaker[AsyncSession], vault: Vault, file_store: FileStore,
        smtp: tuple[Inbox, SmtpSettings, Server]) -> None:
    inbox, settings, _ = smtp
    await _submitted(sessions, vault, file_store)
    packets = [key for key in file_store.keys("") if "/packets/" in key]
    saved = file_store.read(packets[0])
    file_store.delete_prefix(packets[0].rsplit("/", 1)[0] + "/")
    clock = [dt.datetime.now(dt.UTC)]
    error = await _first_attempt_fails(sessions, settings, file_store, clock)
    assert error.startswith("FileMissing")
    file_store.put(packets[0], saved)
    clock[0] += forwarding.backoff(1) + dt.timedelta(seconds=1)
    assert await forwarding.deliver_one(sessions, settings, file_store, now=lambda: clock[0])
    assert len(inbox.messages) == 1


def test_backoff_grows_and_is_capped() -> None:
    assert forwarding.backoff(1) < forwarding.backoff(2) < forwarding.backoff(3)
    assert forwarding.backoff(50) == forwarding.BACKOFF_MAX


@BOTH_STORES
async def test_the_worker_started_with_the_app_delivers_a_submitted_packet(
        tmp_path: Path, smtp: tuple[Inbox, SmtpSettings, Server],
        storage_settings: dict[str, Any], file_store: FileStore) -> None:
    inbox, settings, _ = smtp
    today = walk.today_of(NAME)
    app_settings = Settings(
        data_dir=tmp_path, secret_key="test secret for the forwarding tests",
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'awardbot.db'}", smtp_host="127.0.0.1",
        smtp_port=settings.port, smtp_starttls=False, forwarding_interval_seconds=0.05,
        **storage_settings)
    client = TestClient(TestServer(create_app(app_settings, clock=lambda: today)))
    await client.start_server()
    try:
        await walk.play(client.app[CONVERSATION], NAME, file_store)
        for _ in range(200):
            if inbox.messages:
                break
            await asyncio.sleep(0.05)
    finally:
        await client.close()
    assert len(inbox.messages) == 1
