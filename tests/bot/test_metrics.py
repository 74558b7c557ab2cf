"""`/metrics`: inbound and latency per channel, queue depths from the database, server errors,
and who may read it (loopback directly, or a bearer token)."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from prometheus_client import REGISTRY
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.app import create_app
from bot.config import Settings
from bot.db.models import Applicant
from bot.db.reminders import ReminderJob
from bot.metrics import QUEUES, Queue, queue_depths
from bot.outbox import Envelope, OutboxMessage, enqueue
from tests.handlers.web.test_page import get, post

TOKEN = "scrape-token-for-tests"


async def _boom(_request: web.Request) -> web.Response:
    raise RuntimeError("a handler that fails")


async def _client(tmp_path: Path, database_url: str, **settings: str) -> TestClient:
    app = create_app(Settings(data_dir=tmp_path, secret_key="test secret for metrics tests",
                              database_url=database_url, **settings))
    app.router.add_get("/boom", _boom)
    client = TestClient(TestServer(app))
    await client.start_server()
    return client


@pytest.fixture
async def client(tmp_path: Path, database_url: str) -> AsyncIterator[TestClient]:
    client = await _client(tmp_path, database_url)
    try:
        yield client
    finally:
        await client.close()


def _sample(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


async def test_a_web_turn_counts_one_inbound_and_one_latency_observation(
        client: TestClient) -> None:
    inbound = _sample("awardbot_inbound_messages_total", channel="web")
    timed = _sample("awardbot_turn_seconds_count", channel="web")
    batches = _sample("awardbot_turn_batch_size_count")
    welcome = await get(client)  # a first visit stores nothing and runs no turn
    assert _sample("awardbot_inbound_messages_total", channel="web") == inbound
    await post(client, welcome, choice="agree")  # the opening turn, then the answer
    assert _sample("awardbot_inbound_messages_total", channel="web") == inbound + 2
    assert _sample("awardbot_turn_seconds_count", channel="web") == timed + 2
    assert _sample("awardbot_turn_batch_size_count") == batches + 2
    scrape = await client.get("/metrics")
    assert scrape.status == 200
    assert scrape.headers["Content-Type"].startswith("text/plain; version=")
    body = await scrape.text()
    assert f'awardbot_inbound_messages_total{{channel="web"}} {inbound + 2}' in body
    assert 'awardbot_turn_seconds_bucket{channel="web",le="+Inf"}' in body
    assert 'awardbot_turn_batch_size_bucket{le="1.0"}' in body
    assert "awardbot_outbox_pending 0.0" in body
    assert "awardbot_staff_notices_failed 0.0" in body


async def test_server_errors_are_counted(client: TestClient) -> None:
    before = _sample("awardbot_http_errors_total")
    assert (await client.get("/boom")).status == 500
    assert (await client.get("/no-such-page")).status == 404
    assert _sample("awardbot_http_errors_total") == before + 1


async def test_a_scrape_through_a_proxy_is_refused(client: TestClient) -> None:
    for header in ("X-Forwarded-For", "X-Real-IP", "Forwarded"):
        answer = await client.get("/metrics", headers={header: "203.0.113.9"})
        assert answer.status == 403
        assert "awardbot_" not in await answer.text()


async def test_with_a_token_set_the_scrape_needs_it(tmp_path: Path, database_url: str) -> None:
    client = await _client(tmp_path, database_url, metrics_token=TOKEN)
    try:
        assert (await client.get("/metrics")).status == 401
        wrong = await client.get("/metrics", headers={"Authorization": "Bearer guessed"})
        assert wrong.status == 401
        right = await client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
        assert right.status == 200
        assert "awardbot_outbox_pending" in await right.text()
    finally:
        await client.close()


async def test_a_queue_whose_table_does_not_exist_yet_is_skipped(engine: AsyncEngine) -> None:
    future = Queue("awardbot_future_pending", "A queue of a feature not migrated yet",
                   "future_jobs", "status = 'queued'")
    assert await queue_depths(engine, [future]) == {}


async def test_pending_reminders_are_counted_and_finished_ones_are_not(
        engine: AsyncEngine, sessions: async_sessionmaker[AsyncSession]) -> None:
    reminders = [queue for queue in QUEUES if queue.table == "reminder_jobs"]
    assert reminders, "the reminder queue is listed"
    assert await queue_depths(engine, reminders) == {reminders[0].metric: 0}
    now = dt.datetime.now(dt.UTC)
    async with sessions.begin() as session:
        applicant = Applicant()
        session.add(applicant)
        await session.flush()
        session.add_all(ReminderJob(applicant_id=applicant.id, kind="k", programme="p", params={},
                                    dedupe_key=f"job-{n}", status=status, due_at=now,
                                    expires_at=now)
                        for n, status in enumerate(("queued", "retry", "sent", "queued",
                                                    "failed")))
    assert await queue_depths(engine, reminders) == {reminders[0].metric: 3}


async def test_outbox_messages_waiting_and_dead_are_counted(
        engine: AsyncEngine, sessions: async_sessionmaker[AsyncSession]) -> None:
    outbox = [queue for queue in QUEUES if queue.table == "outbox_messages"]
    assert {queue.metric for queue in outbox} == {"awardbot_messages_waiting",
                                                  "awardbot_messages_dead"}
    async with sessions.begin() as session:
        for n in range(5):
            await enqueue(session, Envelope("telegram", str(n), "test", f"m-{n}", "您好"))
        await session.execute(update(OutboxMessage).where(
            OutboxMessage.idempotency_key.in_(["m-0", "m-1"])).values(status="dead",
                                                                      reason="blocked: 403"))
        await session.execute(update(OutboxMessage).where(
            OutboxMessage.idempotency_key == "m-2").values(status="sent"))
    assert await queue_depths(engine, outbox) == {"awardbot_messages_waiting": 2,
                                                  "awardbot_messages_dead": 2}
