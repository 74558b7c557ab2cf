"""Shared pieces of the reminder tests: applicants walked part-way through the Luoyang
transcript, Beijing-time moments, and a push that records what it delivered."""

from __future__ import annotations

import asyncio
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.conversation import Conversation, Message
from bot.db.models import ChannelIdentity
from bot.services.push import Outcome, Pusher
from bot.services.staff_notices import CHINA_TIME
from tests.bot.services import samples, walk

NAME = "luoyang"
STARTED = 31
"""Transcript steps up to the application's eleventh field: started, far from finished."""
SCREENED = 22
"""Steps up to the eligible result, before “申报”."""


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), CHINA_TIME).astimezone(dt.UTC)


async def play(conversation: Conversation, who: str, files_dir: Path,
               steps: int | None = None, channel: str = "web") -> None:
    """The first `steps` steps of the Luoyang transcript as `who` on `channel`."""
    for number, step in enumerate(walk.script(NAME)["steps"][:steps]):
        mid = f"{who}-{number}"
        if "choose" in step:
            message = Message(channel, who, mid, kind="choice", choice=str(step["choose"]))
        elif "upload" in step:
            data = samples.jpeg((500, 700)) if "photo" in step["upload"]["name"] else (
                samples.jpeg((1200, 900)))
            message = Message(channel, who, mid, kind="file",
                              file=walk.upload(files_dir, data, step["upload"]["name"]))
        else:
            message = Message(channel, who, mid, kind="text", text=str(step["send"]))
        await conversation.handle(message)


async def applicant_id(session: AsyncSession, who: str) -> int:
    found = await session.scalar(select(ChannelIdentity.applicant_id).where(
        ChannelIdentity.external_id == who))
    assert found is not None
    return found


@dataclass
class Recorded:
    """A pusher that records every delivery (who, when, text, outcome) before returning it."""

    inner: Pusher = field(default_factory=Pusher)
    log: list[tuple[int, dt.datetime, str, str]] = field(default_factory=list)
    delay: float = 0.0

    async def push(self, session: AsyncSession, applicant_id: int, text: str,
                   now: dt.datetime) -> Outcome:
        if self.delay:
            await asyncio.sleep(self.delay)
        outcome = await self.inner.push(session, applicant_id, text, now)
        self.log.append((applicant_id, now, text, outcome.status))
        return outcome

    def to(self, who: int) -> list[tuple[dt.datetime, str]]:
        return [(moment, text) for person, moment, text, status in self.log
                if person == who and status == "sent"]
