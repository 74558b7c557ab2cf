"""Staff downloads on either store: the dashboard's signed link is checked and the access
logged first; then a local file is sent by the app, while a file in the bucket is a redirect to
a presigned link on the bucket's host (which the packet page's CSP allows for images)."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, unquote, urlsplit

from sqlalchemy import select

from bot.db.models import Event
from bot.runtime import FILES, SESSIONS
from bot.storage import LINK_SECONDS
from tests.file_stores import BOTH_STORES
from tests.handlers.web.staff.conftest import Dashboard, as_user, page_csrf

pytestmark = BOTH_STORES


async def _links(board: Dashboard, receipt: str) -> tuple[str, list[str], str]:
    body, _ = await page_csrf(board.client, f"/staff/p/{receipt}")
    links = [link.replace("&amp;", "&") for link in
             re.findall(r'href="(/staff/p/[^"]+/(?:doc/[^"]+|packet\.zip[^"]*))"', body)]
    return body, [link for link in links if "/doc/" in link], next(
        link for link in links if "packet.zip" in link)


async def _access_log(board: Dashboard) -> list[str]:
    async with board.app[SESSIONS]() as session:
        events = (await session.scalars(select(Event).where(Event.kind == "staff.access")
                                        .order_by(Event.id))).all()
    return [f"{e.payload['what']}:{e.payload['detail']}" for e in events]


async def test_a_packet_download_gives_the_stored_packet_after_logging_it(
        board: Dashboard, storage_backend: str) -> None:
    await as_user(board.client, "clerk")
    receipt = board.receipts["a"]
    _, _, packet = await _links(board, receipt)
    first = await board.client.get(packet, allow_redirects=False)
    assert await _access_log(board) == ["download:packet"]
    if storage_backend == "local":
        assert first.status == 200
    else:
        assert first.status == 302 and first.headers["Cache-Control"] == "no-store"
        target = first.headers["Location"]
        assert target.startswith(board.app[FILES].link_origin or "-")
        assert parse_qs(urlsplit(target).query)["X-Amz-Expires"] == [str(LINK_SECONDS)]
    followed = await board.client.get(packet)
    assert followed.status == 200
    assert followed.headers["Content-Type"] == "application/zip"
    assert f"{receipt}.zip" in followed.headers["Content-Disposition"]
    stored_key = f"{board.applicants['a']}/packets/{receipt}.zip"
    assert await followed.read() == board.app[FILES].read(stored_key)


async def test_the_packet_page_allows_images_from_where_the_store_serves_them(
        board: Dashboard, storage_backend: str) -> None:
    await as_user(board.client, "clerk")
    response = await board.client.get(f"/staff/p/{board.receipts['a']}")
    policy = response.headers["Content-Security-Policy"]
    origin = board.app[FILES].link_origin
    if storage_backend == "local":
        assert origin is None and "img-src 'self' data:;" in policy
    else:
        assert origin is not None and f"img-src 'self' {origin} data:;" in policy
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy


async def test_a_document_gone_from_the_store_is_not_found_and_not_logged(
        board: Dashboard) -> None:
    await as_user(board.client, "clerk")
    _, documents, packet = await _links(board, board.receipts["b"])
    board.app[FILES].delete_prefix(f"{board.applicants['b']}/")
    for link in [*documents, packet]:
        assert (await board.client.get(link, allow_redirects=False)).status == 404
    assert await _access_log(board) == []


async def test_a_document_and_a_packet_download_are_named_in_chinese(
        board: Dashboard, storage_backend: str) -> None:
    """`张三_个人身份证复印件_1.jpg`, not `HF-…_id_card_1.jpeg`: whose, which item, which page."""
    await as_user(board.client, "clerk")
    receipt = board.receipts["a"]
    _, documents, packet = await _links(board, receipt)
    names = []
    for link in [documents[0], packet]:
        response = await board.client.get(link, allow_redirects=False)
        if storage_backend == "local":
            disposition = response.headers["Content-Disposition"]
        else:
            query = parse_qs(urlsplit(response.headers["Location"]).query)
            disposition = query["response-content-disposition"][0]
        names.append(unquote(disposition.split("UTF-8''", 1)[1]))
    assert re.fullmatch(r"张三_[^_a-z]+_1\.(jpg|png|pdf)", names[0]), names[0]
    assert names[1] == f"张三_{receipt}.zip"
