"""One simulated applicant: a walk from the first hello to the submitted packet on one channel,
and the ledger of what was acknowledged, which the checks hold the database to.
"""

from __future__ import annotations

import hashlib
import io
import logging
from dataclasses import dataclass, field
from typing import Protocol

from PIL import Image, ImageDraw

from soak.delivery import NeverAcknowledged
from soak.scripts import Plan, Step

log = logging.getLogger(__name__)


class Channel(Protocol):
    channel: str
    external_id: str
    unanswered: int

    async def start(self) -> None: ...
    async def step(self, step: Step, index: int, data: bytes | None, answer: str) -> bool: ...
    async def close(self) -> None: ...


@dataclass
class Ledger:
    """What one applicant sent and saw acknowledged."""

    channel: str
    number: int
    plan: Plan
    external_id: str = ""
    acknowledged: int = 0
    uploads: list[str] = field(default_factory=list)
    """sha256 of every document acknowledged, in order."""
    refused: int = 0
    unanswered: int = 0
    unseen: list[int] = field(default_factory=list)
    """The steps whose answer the applicant waited for in vain."""
    gave_up: bool = False

    @property
    def finished(self) -> bool:
        return self.acknowledged == len(self.plan.steps)


def document(channel: str, number: int, index: int, name: str) -> bytes:
    """A real JPEG, different for every applicant and step (so every hash is its own); ID
    photos are portrait like a 2-inch photo, other pages landscape like a scan."""
    size = (500, 700) if "photo" in name else (1200, 900)
    image = Image.new("RGB", size, (240, 240 - number % 40, 230))
    draw = ImageDraw.Draw(image)
    draw.ellipse((size[0] // 4, size[1] // 4, size[0] * 3 // 4, size[1] * 3 // 4), fill="brown")
    draw.text((20, 20), f"{channel} {number} {index} {name}", fill="black")
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


async def walk(channel: Channel, ledger: Ledger) -> Ledger:
    """Every step of the plan, each delivered until acknowledged; the ledger records it."""
    try:
        await channel.start()
        ledger.external_id = channel.external_id
        for index, step in enumerate(ledger.plan.steps):
            data = (document(ledger.channel, ledger.number, index, step.value)
                    if step.kind == "file" else None)
            accepted = await channel.step(step, index, data, ledger.plan.answers[index])
            ledger.acknowledged += 1
            if channel.unanswered > ledger.unanswered:
                ledger.unseen.append(index)
            ledger.unanswered = channel.unanswered
            if data is not None:
                if accepted:
                    ledger.uploads.append(hashlib.sha256(data).hexdigest())
                else:
                    ledger.refused += 1
    except NeverAcknowledged:
        ledger.gave_up = True
        log.warning("%s applicant %d: a request was never acknowledged", ledger.channel,
                    ledger.number)
    finally:
        ledger.unanswered = channel.unanswered
        await channel.close()
    return ledger


def progress(ledgers: list[Ledger]) -> str:
    """One line for the log while the applicants walk: who is done, who is behind."""
    done = sum(x.finished for x in ledgers)
    steps = sum(x.acknowledged for x in ledgers)
    unanswered = sum(x.unanswered for x in ledgers)
    walking = [x for x in ledgers if 0 < x.acknowledged < len(x.plan.steps)]
    behind = min(walking, key=lambda x: x.acknowledged / len(x.plan.steps), default=None)
    where = (f"; furthest behind: {behind.channel} {behind.number} at step "
             f"{behind.acknowledged}/{len(behind.plan.steps)}" if behind else "")
    return (f"{done}/{len(ledgers)} applicants done, {steps} steps acknowledged, "
            f"{unanswered} answers not seen{where}")
