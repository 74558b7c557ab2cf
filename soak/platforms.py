"""The outside world of the soak run, on 127.0.0.1: the Bot API, the WeChat API and the
offices' mail server (an aiosmtpd sink that counts every packet email per receipt).

The sink can be stopped and started again on the same port, which is how the suite makes SMTP
refuse for a minute.
"""

from __future__ import annotations

import asyncio
import contextlib
import email
import hashlib
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from email.header import decode_header, make_header
from email.message import Message
from typing import Any

from aiosmtpd.controller import Controller

from benchmarks.cluster import free_port
from fakes.bot_api import FakeBotApi
from fakes.loopback import on_loopback
from fakes.wechat import FakeWeChatApi

RECEIPT = re.compile(r"回执(\S+)$")


@dataclass
class Delivered:
    receipt: str
    message_id: str
    attachment_sha256: str | None


@dataclass
class MailSink:
    """Records every accepted email; `down()`/`up()` close and reopen the port."""

    port: int = field(default_factory=free_port)
    mails: list[Delivered] = field(default_factory=list)
    controller: Controller | None = None

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = email.message_from_bytes(envelope.content)
        match = RECEIPT.search(str(make_header(decode_header(message.get("Subject", "")))))
        self.mails.append(Delivered(match.group(1) if match else "?",
                                    str(message.get("Message-ID", "")), _attachment(message)))
        return "250 OK"

    async def up(self) -> None:
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        await asyncio.to_thread(self.controller.start)

    async def down(self) -> None:
        if self.controller is not None:
            await asyncio.to_thread(self.controller.stop)
            self.controller = None


def _attachment(message: Message) -> str | None:
    for part in message.walk():
        if part.get_content_type() == "application/zip":
            payload = part.get_payload(decode=True)
            if isinstance(payload, bytes):
                return hashlib.sha256(payload).hexdigest()
    return None


@dataclass
class Platforms:
    bot_api: FakeBotApi
    bot_api_base: str
    wechat_api: FakeWeChatApi
    wechat_api_base: str
    mail: MailSink


@contextlib.asynccontextmanager
async def platforms() -> AsyncIterator[Platforms]:
    """The fakes serving for the block; the mail sink up at the start."""
    bot_api, wechat_api, mail = FakeBotApi(), FakeWeChatApi(), MailSink()
    async with on_loopback(bot_api.app()) as bot_base, \
            on_loopback(wechat_api.app()) as wechat_base:
        await mail.up()
        try:
            yield Platforms(bot_api, bot_base, wechat_api, wechat_base, mail)
        finally:
            await mail.down()
