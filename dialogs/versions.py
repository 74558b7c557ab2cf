"""Which question a button answers: every asking of a question gets a version.

A button carries the `Question.ask` of the message it sits under: the question's id (a short
hash of the flow and step) and the dialog's ask counter. A tap whose version is not the
current one is stale (an old message, an old browser tab, a second tap on an answered
keyboard): it is told “这个按钮已过期” and gets the current question, and nothing is answered.
Asking the same stored prompt again (after a side question, a sticker or a stale tap) keeps its
version, so the buttons on screen stay good.
"""

from __future__ import annotations

import zlib
from dataclasses import replace

from dialogs.reply import Reply
from dialogs.types import Question, outbound_from_dict

ASK = "ask"
SEQUENCE = "ask_seq"


def question_id(flow: str, step: str | None) -> str:
    key = f"{flow}:{step or ''}".encode()
    return f"{zlib.crc32(key):08x}"[:6]


def stamp(reply: Reply) -> None:
    """Give the turn's last question its version and remember it as the current one."""
    index = next((i for i in range(len(reply.outbound) - 1, -1, -1)
                  if isinstance(reply.outbound[i], Question)), None)
    if index is None:
        return
    question = reply.outbound[index]
    assert isinstance(question, Question)
    if not question.ask:
        state = reply.state
        sequence = int(state.pending.get(SEQUENCE, 0)) + 1
        state.pending[SEQUENCE] = sequence
        question = replace(question, ask=f"{question_id(state.flow, state.step)}.{sequence}")
        reply.outbound[index] = question
    reply.state.pending[ASK] = question.ask


def is_stale(reply: Reply) -> bool:
    """A tapped button that belongs to another asking than the current question's."""
    inbound = reply.inbound
    return inbound.kind == "choice" and inbound.answers is not None \
        and inbound.answers != reply.state.pending.get(ASK)


def answer_stale(reply: Reply) -> bool:
    """“这个按钮已过期” and the current question; False when there is none to repeat."""
    reply.say("button.stale")
    stored = reply.state.pending.get("prompt")
    if not stored:
        return False
    reply.outbound.append(outbound_from_dict(stored))
    return True
