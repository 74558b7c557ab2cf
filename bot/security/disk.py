"""A full disk answered politely: 503 with a Chinese page instead of a 500, and `/healthz`
saying so.

When the disk fills, SQLite answers "database or disk is full", PostgreSQL `53100 disk_full`
and file writes `ENOSPC`. The turn's transaction rolls back, so nothing is half-written; what
remains is to tell the applicant their answer was not lost, keep the page from a 500, and let
monitoring see it: `/healthz` reports `degraded` while the data directory has less than
`MIN_FREE_BYTES` free or a write failed for lack of space within `REMEMBER_SECONDS`.
"""

from __future__ import annotations

import errno
import shutil
import sqlite3
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

from aiohttp import web

MIN_FREE_BYTES = 64 * 1024 * 1024
REMEMBER_SECONDS = 300.0
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
PAGE = ("<!doctype html><html lang=zh-CN><meta charset=utf-8><meta name=viewport "
        "content='width=device-width'><title>暂时无法保存</title><p>服务器的存储空间暂时不足，"
        "刚才的内容没有保存，也没有丢失已经保存的信息。请过几分钟再发一次。</p>"
        "<p><a href='/'>返回</a></p></html>")


def is_disk_full(error: BaseException | None) -> bool:
    """Whether `error`, or anything it was raised from, says the disk is full."""
    seen = 0
    while error is not None and seen < 10:
        if isinstance(error, sqlite3.OperationalError) and "full" in str(error):
            return True
        if isinstance(error, OSError) and error.errno in (errno.ENOSPC, errno.EDQUOT):
            return True
        if getattr(error, "sqlstate", None) == "53100":
            return True
        error = getattr(error, "orig", None) or error.__cause__ or error.__context__
        seen += 1
    return False


@dataclass
class DiskState:
    data_dir: Path
    full_at: float | None = None

    def degraded(self) -> bool:
        if self.full_at is not None and time.monotonic() - self.full_at < REMEMBER_SECONDS:
            return True
        try:
            return shutil.disk_usage(self.data_dir).free < MIN_FREE_BYTES
        except OSError:
            return False


DISK = web.AppKey("disk_state", DiskState)


def setup_disk_guard(app: web.Application, data_dir: Path) -> None:
    app[DISK] = DiskState(data_dir)

    @web.middleware
    async def disk_full_is_503(request: web.Request, handler: Handler) -> web.StreamResponse:
        try:
            return await handler(request)
        except web.HTTPException:
            raise
        except Exception as error:
            if not is_disk_full(error):
                raise
            request.app[DISK].full_at = time.monotonic()
            return web.Response(status=503, text=PAGE, content_type="text/html",
                                charset="utf-8", headers={"Retry-After": "60"})

    app.middlewares.append(disk_full_is_503)
