"""What `/metrics` reports: counters and a latency histogram kept by each worker, and queue
depths and failure counts read from the database when Prometheus scrapes.

Counters live in prometheus_client's registry. With several workers (`awardbot serve
--workers N`) the parent sets `PROMETHEUS_MULTIPROC_DIR` before the workers start, so each
worker writes its values to files there and a scrape served by any worker adds up all of them
(prometheus_client's multiprocess mode). Queue depths are not per process at all: they are
counted in the database at scrape time, so every worker reports the same figure.

A queue is one line in `QUEUES`; a table that does not exist yet (a migration another feature
has not shipped) is skipped rather than failing the scrape.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from prometheus_client import (
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily, Metric
from sqlalchemy import inspect, text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from bot.conversation import Conversation, Message, Result

MULTIPROCESS_ENV = "PROMETHEUS_MULTIPROC_DIR"

INBOUND = Counter("awardbot_inbound_messages", "Inbound messages handed to the conversation",
                  ["channel"])
TURN_ERRORS = Counter("awardbot_turn_errors", "Conversation turns that raised (the applicant "
                      "got an apology)", ["channel"])
HTTP_ERRORS = Counter("awardbot_http_errors", "Requests answered with a 5xx status or an "
                      "unhandled exception")
TURN_SECONDS = Histogram("awardbot_turn_seconds", "Time to run one inbound message to its reply",
                         ["channel"], buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0,
                                               10.0))
TURN_BATCHES = Histogram("awardbot_turn_batch_size", "Turns per batch transaction (turns of "
                         "different people arriving together share one)",
                         buckets=(1, 2, 5, 10, 20, 50, 100))


@dataclass(frozen=True)
class Queue:
    """A gauge counted in the database: rows of `table` matching `where`."""

    metric: str
    help: str
    table: str
    where: str


QUEUES: tuple[Queue, ...] = (
    Queue("awardbot_outbox_pending", "Packet deliveries not yet made", "outbox",
          "delivered_at IS NULL"),
    Queue("awardbot_outbox_failing", "Packet deliveries whose last attempt failed (retrying)",
          "outbox", "delivered_at IS NULL AND last_error IS NOT NULL"),
    Queue("awardbot_staff_notices_pending", "Staff notices not yet handed to a channel",
          "staff_notices", "sent_at IS NULL"),
    Queue("awardbot_staff_notices_failed", "Staff notices tried but not handed over",
          "staff_notices", "sent_at IS NULL AND attempts > 0"),
    Queue("awardbot_reminder_jobs_pending", "Applicant reminders queued or waiting to retry",
          "reminder_jobs", "status IN ('queued', 'retry')"),
    Queue("awardbot_messages_waiting", "Outbox messages to applicants and clerks not yet "
          "accepted by their platform (queued, sending or waiting to retry)",
          "outbox_messages", "status IN ('pending', 'sending')"),
    Queue("awardbot_messages_dead", "Outbox messages that could not be delivered "
          "(dead-lettered with the reason)", "outbox_messages", "status = 'dead'"),
    Queue("awardbot_telegram_updates_failed", "Telegram updates given up on", "telegram_inbox",
          "status = 'failed'"),
)


class MeasuredConversation(Conversation):
    """The conversation, counting each inbound message, its latency and its failures, and the
    size of each batch of turns."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.batches.on_batch = TURN_BATCHES.observe

    async def handle(self, message: Message) -> Result:
        INBOUND.labels(message.channel).inc()
        started = time.perf_counter()
        try:
            return await super().handle(message)
        except Exception:
            TURN_ERRORS.labels(message.channel).inc()
            raise
        finally:
            TURN_SECONDS.labels(message.channel).observe(time.perf_counter() - started)


def multiprocess_mode() -> bool:
    return bool(os.environ.get(MULTIPROCESS_ENV))


async def queue_depths(engine: AsyncEngine,
                       queues: Iterable[Queue] = QUEUES) -> dict[str, int]:
    """Each queue's row count, leaving out queues whose table does not exist."""
    async with engine.connect() as connection:
        tables = set(await connection.run_sync(lambda sync: inspect(sync).get_table_names()))
        return {queue.metric: await _count(connection, queue) for queue in queues
                if queue.table in tables}


async def _count(connection: AsyncConnection, queue: Queue) -> int:
    # Names and conditions are the constants in QUEUES, never input.
    statement = text(f"SELECT count(*) FROM {queue.table} WHERE {queue.where}")
    return int((await connection.execute(statement)).scalar_one())


class _Depths:
    """A one-scrape collector for the depths already counted."""

    def __init__(self, depths: dict[str, int], queues: Iterable[Queue]) -> None:
        self._depths = depths
        self._help = {queue.metric: queue.help for queue in queues}

    def collect(self) -> Iterable[Metric]:
        for name, value in self._depths.items():
            yield GaugeMetricFamily(name, self._help[name], value=value)


async def exposition(engine: AsyncEngine, queues: Iterable[Queue] = QUEUES) -> bytes:
    """The whole scrape in the Prometheus text format: every worker's counters, and the
    queue depths from the database."""
    queues = tuple(queues)
    counted = await queue_depths(engine, queues)
    scrape = CollectorRegistry()
    scrape.register(_Depths(counted, queues))
    if multiprocess_mode():
        workers = CollectorRegistry()
        multiprocess.MultiProcessCollector(workers)
        return generate_latest(workers) + generate_latest(scrape)
    return generate_latest(REGISTRY) + generate_latest(scrape)
