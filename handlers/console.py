"""The terminal channel: the same conversation on stdin/stdout, for demos and support.

Options are printed as numbered lines, like on WeChat; typing the number or the words picks
one (the engine resolves typed choices, so this adapter sends plain text).
"""

from __future__ import annotations

import asyncio
import uuid
from typing import TextIO

from bot.conversation import Conversation, Message
from bot.transcript import load_transcript
from dialogs.types import Link, Outbound, Question, UploadRequest

CHANNEL = "console"
QUIT_WORDS = {"/quit", "/exit"}


def render(outbound: list[Outbound]) -> str:
    """The reply as terminal text: one paragraph per item, options numbered."""
    blocks = []
    for item in outbound:
        if isinstance(item, Question):
            blocks.append(_question(item))
        elif isinstance(item, Link):
            blocks.append(f"{item.text}\n  {item.url}")
        elif isinstance(item, UploadRequest):
            blocks.append(f"{item.text}\n  (请在网页、微信或 Telegram 上传文件)")
        else:
            blocks.append(item.text)
    return "\n\n".join(blocks)


def _question(item: Question) -> str:
    """Options numbered as on WeChat (typing the number picks one); listed by their words
    where a number is itself the answer; a multi-select takes several numbers."""
    if not item.numbered:
        return "\n".join([item.text, *(f"  · {o.label}" for o in item.options)])
    lines = [item.text, *(f"  {n}. {o.label}" for n, o in enumerate(item.options, 1))]
    if item.multi:
        lines.append("  （可以选几项：输入几个数字，用空格隔开，如 1 3）")
    return "\n".join(lines)


async def run(conversation: Conversation, external_id: str, stdin: TextIO,
              stdout: TextIO) -> None:
    """Talk until end of input or /quit; every line is one inbound message. A returning
    applicant sees the last reply again (where they stopped) instead of a new greeting."""
    def show(outbound: list[Outbound]) -> None:
        stdout.write(render(outbound) + "\n\n> ")
        stdout.flush()

    async with conversation.sessions() as session:
        earlier = await load_transcript(session, CHANNEL, external_id, limit=1)
    if earlier:
        show(earlier[-1].reply)
    else:
        opening = await conversation.handle(Message(CHANNEL, external_id, uuid.uuid4().hex,
                                                    kind="command", command="start"))
        show(opening.outbound)
    while True:
        line = await asyncio.to_thread(stdin.readline)
        if not line:
            stdout.write("\n")
            return
        text = line.strip()
        if text in QUIT_WORDS:
            return
        if not text:
            stdout.write("> ")
            stdout.flush()
            continue
        result = await conversation.handle(Message(CHANNEL, external_id, uuid.uuid4().hex,
                                                   kind="text", text=text))
        show(result.outbound)
