"""The packet email: one message per packet, its Message-ID derived from the packet.

A retry after a lost acknowledgement sends the same Message-ID again, so a mail system (or the
office's client) recognises the duplicate; the outbox makes sure we do not retry after success.
"""

from __future__ import annotations

from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import PurePosixPath

import aiosmtplib

from bot.storage import FileMissing, FileStore


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    sender: str
    user: str | None = None
    password: str | None = None
    starttls: bool = False
    max_attachment: int = 15 * 1024 * 1024


def message_id(packet_sha256: str) -> str:
    return f"<packet-{packet_sha256[:40]}@awardbot>"


def packet_email(smtp: SmtpSettings, recipient: str, subject: str, body: str,
                 files: FileStore, packet: str, packet_sha256: str) -> EmailMessage:
    """The email: attached when small enough, otherwise announced for the dashboard.
    Reads the packet from the file store (blocking: call it from a worker thread)."""
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = smtp.sender, recipient, subject
    message["Message-ID"] = message_id(packet_sha256)
    size = files.size(packet)
    if size is None:
        raise FileMissing(packet)
    if size <= smtp.max_attachment:
        message.set_content(body)
        message.add_attachment(files.read(packet), maintype="application", subtype="zip",
                               filename=PurePosixPath(packet).name)
    else:
        message.set_content(body + f"\n\n材料包较大（{size // (1024 * 1024)} MB），"
                            "请在工作台按回执编号下载。")
    return message


async def send(smtp: SmtpSettings, message: EmailMessage) -> None:
    await aiosmtplib.send(message, hostname=smtp.host, port=smtp.port, username=smtp.user,
                          password=smtp.password, start_tls=smtp.starttls, timeout=30)
