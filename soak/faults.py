"""The faults the suite injects while the applicants walk.

A worker killed with SIGKILL at random moments and started again (never both at once: the
platforms' retries need somewhere to land); the mail server down for a minute (aiosmtpd
stopped, then started on the same port); Telegram answering sendMessage with 429 and
`retry_after`. WeChat's re-deliveries are made by the WeChat applicants themselves.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import time
from collections import Counter

from benchmarks.cluster import Cluster
from fakes.bot_api import FakeBotApi
from soak.platforms import MailSink

KILL_EVERY = (5.0, 15.0)
DOWN_FOR = (0.5, 3.0)
SMTP_DOWN_AFTER = 15.0
SMTP_DOWN_FOR = 60.0
TOO_MANY_EVERY = 25
"""One sendMessage in this many is answered 429, so the rate limit scales with the load."""
RETRY_AFTER = 1


async def _pause(stop: asyncio.Event, seconds: float) -> bool:
    """Sleep `seconds` unless stopped first; True if the run is over."""
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), seconds)
    return stop.is_set()


async def kill_workers(cluster: Cluster, stop: asyncio.Event, counts: Counter[str]) -> None:
    while not await _pause(stop, random.uniform(*KILL_EVERY)):
        index = random.randrange(cluster.workers)
        cluster.kill(index)
        counts["workers killed with SIGKILL"] += 1
        await asyncio.sleep(random.uniform(*DOWN_FOR))
        restarted = time.monotonic()
        cluster.start(index)
        await cluster.ready(index)
        counts["workers restarted"] += 1
        took = round(time.monotonic() - restarted)
        counts["slowest restart until /healthz answers (s)"] = max(
            took, counts["slowest restart until /healthz answers (s)"])


async def smtp_outage(mail: MailSink, stop: asyncio.Event, counts: Counter[str]) -> None:
    if await _pause(stop, SMTP_DOWN_AFTER):
        return
    await mail.down()
    counts["SMTP outages (60 s, connection refused)"] += 1
    try:
        await asyncio.sleep(SMTP_DOWN_FOR)
    finally:
        await mail.up()


async def too_many_requests(api: FakeBotApi, stop: asyncio.Event, counts: Counter[str]) -> None:
    last = 0
    while not await _pause(stop, 0.2):
        if api.fail_next or api.message_id - last < TOO_MANY_EVERY:
            continue
        last = api.message_id
        api.fail_next.append({"error_code": 429, "parameters": {"retry_after": RETRY_AFTER},
                              "description": f"Too Many Requests: retry after {RETRY_AFTER}"})
        counts["telegram 429 answers queued"] += 1
