"""Who may see what: another county's packets, documents and downloads are not found, by URL
guessing too; links expire and cannot be altered; forms need their CSRF token; wrong passwords
lock the account for a while; cookies are HttpOnly and SameSite."""

from __future__ import annotations

import re
import time

import pytest
from aiohttp.test_utils import TestClient

from bot.runtime import SESSIONS
from bot.security import throttle
from bot.services import staff
from handlers.web.staff.common import SIGNER
from tests.file_stores import BOTH_STORES
from tests.handlers.web.staff.conftest import (
    FLEX,
    PASSWORD,
    Dashboard,
    as_user,
    login,
    page_csrf,
    text_of,
)


async def document_links(client: TestClient, receipt: str) -> list[str]:
    body = await (await client.get(f"/staff/p/{receipt}")).text()
    return [link.replace("&amp;", "&") for link in
            re.findall(r'href="(/staff/p/[^"]+/(?:doc/[^"]+|packet\.zip[^"]*))"', body)]


@BOTH_STORES
async def test_another_countys_packet_documents_and_downloads_are_not_found(
        board: Dashboard) -> None:
    await as_user(board.client, "other")
    theirs = board.receipts["x"]
    links = await document_links(board.client, theirs)
    assert len(links) == 3
    await as_user(board.client, "clerk")
    assert (await board.client.get(f"/staff/p/{theirs}")).status == 404
    for link in links:
        response = await board.client.get(link)
        assert response.status in (403, 404)
    assert (await board.client.get(f"/staff/p/{theirs}/doc/id_card/0")).status == 403
    _, token = await page_csrf(board.client, "/staff/")
    for action in ("receive", "reveal", "recommend"):
        response = await board.client.post(f"/staff/p/{theirs}/{action}",
                                           data={"csrf": token})
        assert response.status == 404


@BOTH_STORES
async def test_an_expired_or_tampered_link_is_refused(board: Dashboard) -> None:
    await as_user(board.client, "clerk")
    receipt = board.receipts["a"]
    good = next(link for link in await document_links(board.client, receipt)
                if "/doc/id_card/0" in link)
    assert (await board.client.get(good)).status == 200
    tampered = good.replace("/doc/id_card/0", "/doc/business_licence/0")
    assert (await board.client.get(tampered)).status == 403
    later = re.sub(r"exp=\d+", f"exp={int(time.time()) + 86400}", good)
    assert (await board.client.get(later)).status == 403
    account = await _account(board, "clerk")
    old = board.app[SIGNER].link(account.id, f"/staff/p/{receipt}/doc/id_card/0",
                                 now=time.time() - 3600)
    assert (await board.client.get(old)).status == 403


async def _account(board: Dashboard, username: str) -> staff.Staff:
    result = await staff.authenticate(board.app[SESSIONS], username, PASSWORD, "127.0.0.1")
    assert result.staff is not None
    return result.staff


async def test_a_form_without_its_csrf_token_is_refused(board: Dashboard) -> None:
    await as_user(board.client, "clerk")
    receipt = board.receipts["a"]
    missing = await board.client.post(f"/staff/p/{receipt}/receive", data={})
    assert missing.status == 403
    wrong = await board.client.post(f"/staff/p/{receipt}/receive", data={"csrf": "0" * 64})
    assert wrong.status == 403
    page = await board.client.get(f"/staff/p/{receipt}")
    assert "待接收" in text_of(await page.text())
    login_without = await board.client.post("/staff/login", data={
        "username": "clerk", "password": PASSWORD}, allow_redirects=False)
    assert login_without.status == 403


async def test_wrong_passwords_make_the_next_try_wait_without_locking_anyone(
        board: Dashboard, monkeypatch: pytest.MonkeyPatch) -> None:
    moment = staff.utcnow()
    monkeypatch.setattr(staff, "utcnow", lambda: moment)  # a slow machine lets no wait run out
    board.client.session.cookie_jar.clear()
    for _ in range(throttle.PER_USERNAME.free):
        assert (await login(board.client, "clerk", "wrong")).status == 401
    waiting = await login(board.client, "clerk")
    assert waiting.status == 429 and int(waiting.headers["Retry-After"]) >= 1
    assert "请1秒后再试" in text_of(await waiting.text())
    assert (await login(board.client, "other")).status == 303


async def test_the_session_cookie_is_httponly_samesite_and_forged_ones_are_ignored(
        board: Dashboard) -> None:
    response = await login(board.client, "clerk")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
    value = board.client.session.cookie_jar.filter_cookies(
        board.client.make_url("/staff/"))["awardbot_staff"].value
    parts = value.split(".")
    forged = ".".join(["2", *parts[1:]])
    board.client.session.cookie_jar.clear()
    board.client.session.cookie_jar.update_cookies({"awardbot_staff": forged},
                                                   board.client.make_url("/staff/"))
    redirected = await board.client.get("/staff/", allow_redirects=False)
    assert redirected.status == 303
    assert redirected.headers["Location"] == "/staff/login"


async def test_logging_out_ends_the_session(board: Dashboard) -> None:
    await as_user(board.client, "clerk")
    cookie = board.client.session.cookie_jar.filter_cookies(
        board.client.make_url("/staff/"))["awardbot_staff"].value
    _, token = await page_csrf(board.client, "/staff/")
    assert (await board.client.post("/staff/logout", data={"csrf": token},
                                    allow_redirects=False)).status == 303
    board.client.session.cookie_jar.update_cookies({"awardbot_staff": cookie},
                                                   board.client.make_url("/staff/"))
    assert (await board.client.get("/staff/", allow_redirects=False)).status == 303


async def test_the_city_sees_only_what_its_counties_forwarded_and_works_it_at_its_level(
        board: Dashboard) -> None:
    await as_user(board.client, "clerk")
    _, token = await page_csrf(board.client, f"/staff/p/{board.receipts['a']}")
    for action in ("receive", "recommend"):
        await board.client.post(f"/staff/p/{board.receipts['a']}/{action}",
                                data={"csrf": token, "confirm_unchecked": "1"})
    await as_user(board.client, "city")
    body = text_of(await (await board.client.get("/staff/")).text())
    assert "张三" in body and "李四" not in body and "赵六" not in body
    assert (await board.client.get(f"/staff/p/{board.receipts['b']}")).status == 404
    _, token = await page_csrf(board.client, f"/staff/p/{board.receipts['a']}")
    response = await board.client.post(f"/staff/p/{board.receipts['a']}/receive",
                                       data={"csrf": token}, allow_redirects=False)
    assert response.status == 303
    forged = await board.client.post(f"/staff/p/{board.receipts['b']}/receive",
                                     data={"csrf": token}, allow_redirects=False)
    assert forged.status == 404
    assert (await board.client.get(f"/staff/export/{FLEX}/summary.xlsx")).status == 200


async def test_an_admin_sees_every_county(board: Dashboard) -> None:
    await as_user(board.client, "root")
    body = text_of(await (await board.client.get("/staff/?view=all")).text())
    assert all(name in body for name in ("张三", "李四", "王五", "赵六"))
