"""What the office sends upward: the ranking of its recommended packets (排序), the 汇总表
XLSX, the packets ZIP and the 公示 text. Office staff work on their own office; an admin names
the office with `?office=`. Each export is written to the access log."""

from __future__ import annotations

import asyncio
import datetime as dt
import io
import tempfile
from typing import Any
from urllib.parse import quote

from aiohttp import web
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.crypto import Vault
from bot.db import store
from bot.db.applications import Application, ApplicationStatus
from bot.db.store.journal import append_event
from bot.runtime import CONVERSATION, FILES, SESSIONS
from bot.services import exports, review, submission
from bot.services import staff as accounts
from bot.services.staff import Staff
from dialogs.profile_state import programme_by_id
from eligibility.model import Programme
from handlers.web.staff.common import HEADERS, SIGNER, current_staff, form_with_csrf, render


def _office(staff: Staff, request: web.Request, form: Any = None) -> str:
    asked = str((form or {}).get("office") or request.query.get("office") or "")
    if staff.is_admin and asked:
        if not accounts.covers(staff, asked):
            raise web.HTTPForbidden(text="这个单位不在您的管辖范围内。", headers=HEADERS)
        return asked
    if staff.role != "office" and not staff.is_admin:
        raise web.HTTPForbidden(text="复核账号不能办理推荐单位的上报。", headers=HEADERS)
    return staff.office


def _programme(request: web.Request) -> Programme:
    pack = programme_by_id(request.match_info["programme"])
    if pack is None:
        raise web.HTTPNotFound(text="没有这个项目。", headers=HEADERS)
    return pack


async def ranked(session: AsyncSession, office: str,
                 programme: str) -> list[tuple[Application, int]]:
    """The office's recommended packets in rank order (unranked last, by submission)."""
    rows = (await session.scalars(select(Application).where(
        Application.office == office, Application.programme == programme,
        Application.status == ApplicationStatus.RECOMMENDED)
        .order_by(Application.submitted_at, Application.id))).all()
    out = []
    for row in rows:
        out.append((row, (await review.peek_review(session, row)).rank or 10_000))
    out.sort(key=lambda pair: pair[1])
    return [(row, index) for index, (row, _) in enumerate(out, start=1)]


async def rank_page(request: web.Request, error: str = "") -> web.Response:
    staff, data = await current_staff(request)
    pack = _programme(request)
    office = _office(staff, request)
    today = request.app[CONVERSATION].clock()
    async with request.app[SESSIONS]() as session:
        rows = await ranked(session, office, pack.id)
        quota = await review.office_quota(session, office, pack)
    names = [str(row.data.get("applicant_name") or "") for row, _ in rows]
    return render(request, "rank.html", staff=staff, pack=pack, office=office, error=error,
                  csrf=request.app[SIGNER].csrf(data.nonce), quota=quota,
                  rows=[{"receipt": r.receipt, "name": r.data.get("applicant_name") or "",
                         "rank": n} for r, n in rows],
                  publicity=exports.publicity_text(pack, names, unit=_unit(rows, office),
                                                   start=today),
                  query=f"?office={quote(office)}" if staff.is_admin else "")


async def rank_move(request: web.Request) -> web.Response:
    staff, _, form = await form_with_csrf(request)
    pack = _programme(request)
    office = _office(staff, request, form)
    receipt = str(form.get("receipt") or "")
    step = -1 if form.get("move") == "up" else 1
    async with request.app[SESSIONS].begin() as session:
        order = [row.receipt for row, _ in await ranked(session, office, pack.id)]
        if receipt in order:
            i = order.index(receipt)
            j = min(max(i + step, 0), len(order) - 1)
            order[i], order[j] = order[j], order[i]
        await review.set_ranks(session, staff, office, pack.id, order)
    suffix = f"?office={quote(office)}" if staff.is_admin else ""
    raise web.HTTPSeeOther(f"/staff/rank/{pack.id}{suffix}")


def _unit(rows: list[tuple[Application, int]], office: str) -> str:
    if rows:
        return str(rows[0][0].data.get("office") or office)
    return office.replace("/", "")


async def _summary_rows(session: AsyncSession, vault: Vault,
                        rows: list[tuple[Application, int]]) -> list[exports.SummaryRow]:
    out = []
    for row, rank in rows:
        facts = await store.load_facts(session, vault, row.applicant_id)
        region = row.data.get("region", {})
        extra = {"id_number": str(facts.get("id_number") or ""), "receipt": row.receipt,
                 "region": "".join(str(region.get(k) or "") for k in
                                   ("province", "city", "county"))}
        if "region" in row.data.get("fields", {}):
            extra.pop("region")
        fields = {**row.data.get("fields", {}), **submission.sealed_fields(facts)}
        out.append(exports.SummaryRow(rank, fields, extra))
    return out


async def summary(request: web.Request) -> web.Response:
    staff, _ = await current_staff(request)
    pack = _programme(request)
    office = _office(staff, request)
    today: dt.date = request.app[CONVERSATION].clock()
    async with request.app[SESSIONS].begin() as session:
        rows = await ranked(session, office, pack.id)
        table = await _summary_rows(session, request.app[CONVERSATION].vault, rows)
        await append_event(session, "staff.export", {"what": "summary", "office": office,
                                                     "programme": pack.id}, actor=staff.actor)
    body = exports.summary_xlsx(pack, table, unit=_unit(rows, office),
                                filler=staff.display_name, filled_on=today)
    return _attachment(body, f"{pack.summary_table.title or pack.name}.xlsx",
                       "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


async def packets(request: web.Request) -> web.Response:
    staff, _ = await current_staff(request)
    pack = _programme(request)
    office = _office(staff, request)
    async with request.app[SESSIONS].begin() as session:
        rows = await ranked(session, office, pack.id)
        await append_event(session, "staff.export", {"what": "packets", "office": office,
                                                     "programme": pack.id}, actor=staff.actor)
    entries = [(rank, str(row.data.get("applicant_name") or ""), row.receipt, row.packet_path)
               for row, rank in rows]
    with tempfile.TemporaryFile() as scratch:
        await asyncio.to_thread(exports.packets_zip, request.app[FILES], entries, scratch)
        size = scratch.seek(0, io.SEEK_END)
        scratch.seek(0)
        response = web.StreamResponse(headers=_disposition(f"{pack.short_name}_推荐材料.zip"))
        response.content_type, response.content_length = "application/zip", size
        await response.prepare(request)
        while chunk := await asyncio.to_thread(scratch.read, exports.CHUNK):
            await response.write(chunk)
        await response.write_eof()
    return response


def _disposition(name: str) -> dict[str, str]:
    return {**HEADERS, "Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}"}


def _attachment(body: bytes, name: str, content_type: str) -> web.Response:
    return web.Response(body=body, content_type=content_type, headers=_disposition(name))
