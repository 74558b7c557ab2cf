"""Delivering one request the way a platform does: again and again until it is acknowledged.

A request cut by a killed worker (connection refused or reset, no answer) is not acknowledged,
so it is sent again, to whichever worker the load spreading picks, exactly as it was (same
update_id, same MsgId, same form message id). Every outcome is counted per channel in `Tally`:
the checks read the 5xx counts, the table prints the rest.
"""

from __future__ import annotations

import asyncio
import random
import re
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

import aiohttp

RETRY_PAUSE = 0.3
GIVE_UP_AFTER = 300.0
"""Seconds of refusals after which a request is reported as never acknowledged."""


@dataclass
class Tally:
    """Counts per channel: requests, acknowledgements, cut connections, 5xx answers and more."""

    counts: Counter[tuple[str, str]] = field(default_factory=Counter)

    def add(self, channel: str, what: str, amount: int = 1) -> None:
        self.counts[channel, what] += amount

    def get(self, channel: str, what: str) -> int:
        return self.counts[channel, what]


class NeverAcknowledged(RuntimeError):
    """No worker acknowledged a request for `GIVE_UP_AFTER` seconds."""


Send = Callable[[str], Awaitable[tuple[int, str]]]


async def until_acknowledged(bases: list[str], tally: Tally, channel: str,
                             send: Send) -> tuple[int, str]:
    """`send(base)` until a worker answers below 500; (status, body) of that answer.

    5xx answers are counted (WeChat and Telegram must never see one) and retried like the
    platforms retry them; cut connections and timeouts are counted as `cut` and retried.
    """
    loop = asyncio.get_running_loop()
    deadline = loop.time() + GIVE_UP_AFTER
    while loop.time() < deadline:
        tally.add(channel, "requests")
        try:
            status, body = await send(random.choice(bases))
        except (aiohttp.ClientError, TimeoutError):
            tally.add(channel, "refused or cut (a worker down), sent again")
            await asyncio.sleep(RETRY_PAUSE)
            continue
        if status >= 500:
            tally.add(channel, f"{status}")
            tally.add(channel, "5xx")
            await asyncio.sleep(RETRY_PAUSE)
            continue
        tally.add(channel, "acknowledged")
        return status, body
    raise NeverAcknowledged(channel)


RECEIPT = re.compile(r"[A-Z]{2}-\d{4}-\d{4}-[0-9A-Z]{4}")
SAME_START = 40


def _start(text: str) -> str:
    """The part of an answer to compare: receipt numbers are random, so they are masked."""
    return RECEIPT.sub("RECEIPT", text)[:SAME_START]


def is_answer(text: str, expected: str) -> bool:
    """Whether `text` is the message that answers a step whose first line is `expected`."""
    return _start(text).startswith(_start(expected)) if expected else True


async def answered(texts: list[str], after: int, expected: str, wait: float) -> bool:
    """Wait until a message past index `after` of `texts` (what the user has received) is the
    answer to the step; False after `wait` seconds."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + wait
    while not any(is_answer(text, expected) for text in texts[after:]):
        if loop.time() > deadline:
            return False
        await asyncio.sleep(0.1)
    return True
