"""Attack 5 of issue 13 through the real dashboard: discovering usernames, locking a clerk out
through a deadline, guessing from many requests at once, stalling the server with logins, and
keeping a one-time password forever."""

from __future__ import annotations

import asyncio
import datetime as dt
import threading
from collections import Counter

import pytest
from aiohttp.test_utils import TestClient, make_mocked_request

from bot.runtime import SESSIONS
from bot.security import passwords, throttle
from bot.security.client_ip import client_ip, networks
from bot.services import staff
from tests.handlers.web.staff.conftest import (
    PASSWORD,
    Dashboard,
    csrf_of,
    login,
    page_csrf,
    text_of,
)

ATTACKER = {"X-Forwarded-For": "198.51.100.66"}
OFFICE = {"X-Forwarded-For": "203.0.113.10"}


async def login_from(client: TestClient, headers: dict[str, str], username: str,
                     password: str = PASSWORD) -> tuple[int, str]:
    page = await client.get("/staff/login")
    response = await client.post("/staff/login", headers=headers, allow_redirects=False,
                                 data={"csrf": csrf_of(await page.text()),
                                       "username": username, "password": password})
    return response.status, response.headers.get("Retry-After", "")


@pytest.fixture(autouse=True)
def frozen(monkeypatch: pytest.MonkeyPatch) -> None:
    """The throttle's clock stands still, so a slow machine cannot let a wait run out
    between two requests (the waits themselves are tested in tests/bot/services)."""
    moment = dt.datetime.now(dt.UTC)
    monkeypatch.setattr(staff, "utcnow", lambda: moment)


@pytest.fixture
def verifications(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The thread of every argon2 verification (the real one still runs)."""
    threads: list[str] = []
    real = passwords._verify

    def counted(hashed: str, password: str) -> bool:
        threads.append(threading.current_thread().name)
        return real(hashed, password)

    monkeypatch.setattr(passwords, "_verify", counted)
    return threads


async def test_unknown_and_known_usernames_answer_alike_after_the_same_work(
        board: Dashboard, verifications: list[str]) -> None:
    board.client.session.cookie_jar.clear()
    answers = {}
    for username in ("clerk", "no-such-clerk"):
        before = len(verifications)
        answers[username] = [(await login_from(board.client, ATTACKER, username, "guess"))[0]
                             for _ in range(throttle.PER_USERNAME.free + 2)]
        assert len(verifications) - before == throttle.PER_USERNAME.free
    assert answers["clerk"] == answers["no-such-clerk"] == [401, 401, 401, 429, 429]
    assert all(name.startswith("argon2") for name in verifications)


async def test_an_attacker_cannot_lock_a_clerk_out(board: Dashboard) -> None:
    board.client.session.cookie_jar.clear()
    statuses = Counter([(await login_from(board.client, ATTACKER, "clerk", "guess"))[0]
                        for _ in range(30)])
    assert statuses[401] == throttle.PER_USERNAME.free and statuses[429] == 27
    assert (await login_from(board.client, OFFICE, "clerk"))[0] == 303


async def test_parallel_guesses_get_no_more_tries_than_sequential_ones(
        board: Dashboard, verifications: list[str]) -> None:
    board.client.session.cookie_jar.clear()
    statuses = await asyncio.gather(*(login_from(board.client, ATTACKER, "clerk", f"g{n}")
                                      for n in range(12)))
    assert len(verifications) == throttle.PER_USERNAME.free
    assert Counter(status for status, _ in statuses) == {401: 3, 429: 9}
    assert all(int(after) >= 1 for status, after in statuses if status == 429)


async def test_a_full_password_pool_answers_at_once_instead_of_queueing(
        board: Dashboard, monkeypatch: pytest.MonkeyPatch) -> None:
    """One thread, nothing waiting, and a verification that hangs until released: the next
    login is refused with 503 and Retry-After while the event loop keeps serving."""
    release = threading.Event()
    monkeypatch.setattr(passwords, "_verify", lambda hashed, password: release.wait(30)
                        and False)
    monkeypatch.setattr(staff, "PASSWORDS", passwords.PasswordPool(threads=1, waiting=0))
    board.client.session.cookie_jar.clear()
    stuck = asyncio.create_task(login_from(board.client, ATTACKER, "clerk", "a"))
    for _ in range(200):
        await asyncio.sleep(0.01)
        if staff.PASSWORDS._taken:
            break
    status, after = await login_from(board.client, OFFICE, "other")
    health = await board.client.get("/healthz")
    release.set()
    assert (status, after) == (503, "2") and health.status == 200
    assert (await stuck)[0] == 401


async def test_a_one_time_password_must_be_replaced_before_anything_else(
        board: Dashboard) -> None:
    async with board.app[SESSIONS].begin() as session:
        _, one_time = await staff.create_account(session, "newbie", "河南省/洛阳市/洛龙区",
                                                 "office")
    client = board.client
    client.session.cookie_jar.clear()
    first = await login(client, "newbie", one_time)
    assert first.status == 303 and first.headers["Location"] == "/staff/password"
    inbox = await client.get("/staff/", allow_redirects=False)
    assert inbox.status == 303 and inbox.headers["Location"] == "/staff/password"
    body, token = await page_csrf(client, "/staff/password")
    assert "一次性密码" in text_of(body)

    async def change(current: str, new: str, repeat: str) -> int:
        response = await client.post("/staff/password", allow_redirects=False, data={
            "csrf": token, "current": current, "new": new, "repeat": repeat})
        return response.status

    assert await change("wrong", "a good new passphrase", "a good new passphrase") == 401
    assert await change(one_time, "short", "short") == 400
    assert await change(one_time, "a good new passphrase", "another one") == 400
    assert await change(one_time, one_time, one_time) == 400
    assert await change(one_time, "a good new passphrase", "a good new passphrase") == 303
    assert (await client.get("/staff/", allow_redirects=False)).status == 200
    client.session.cookie_jar.clear()
    assert (await login(client, "newbie", one_time)).status == 401
    again = await login(client, "newbie", "a good new passphrase")
    assert again.status == 303 and again.headers["Location"] == "/staff/"


async def test_changing_a_password_ends_the_other_sessions(board: Dashboard) -> None:
    client = board.client
    client.session.cookie_jar.clear()
    assert (await login(client, "clerk")).status == 303
    other = client.session.cookie_jar.filter_cookies(client.make_url("/staff/"))
    _, token = await page_csrf(client, "/staff/password")
    response = await client.post("/staff/password", allow_redirects=False, data={
        "csrf": token, "current": PASSWORD,
        "new": "the clerk's own passphrase", "repeat": "the clerk's own passphrase"})
    assert response.status == 303
    client.session.cookie_jar.clear()
    client.session.cookie_jar.update_cookies(other)
    assert (await client.get("/staff/", allow_redirects=False)).headers["Location"] == \
        "/staff/login"


def test_a_client_cannot_choose_its_address_with_a_header() -> None:
    """Only a trusted proxy's X-Forwarded-For counts; the rightmost untrusted hop is the
    client (what the client wrote itself sits further left)."""
    trusted = networks("127.0.0.1/32,::1/128")
    direct = make_mocked_request("POST", "/staff/login", headers=ATTACKER,
                                 transport=_peer("192.0.2.5"))
    assert client_ip(direct, trusted) == "192.0.2.5"
    proxied = make_mocked_request("POST", "/staff/login", transport=_peer("127.0.0.1"),
                                  headers={"X-Forwarded-For": "10.9.9.9, 192.0.2.5"})
    assert client_ip(proxied, trusted) == "192.0.2.5"


def _peer(address: str) -> object:
    class Transport:
        def get_extra_info(self, name: str, default: object = None) -> object:
            return (address, 40000) if name == "peername" else default

    return Transport()
