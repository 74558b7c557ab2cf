"""What a level owes upward: the ranking of what it recommends (where its notice asks for one),
the 公示 text (where the notice asks for one, from a start date the clerk picks, with the phone
for objections), its 汇总表 (where the notice gives the level one), the packets ZIP, and the
list itself as XLSX. Each works at the staff member's level and office; an admin may name an
office under theirs with `?office=` (a province looking at a city's 汇总表). Every export is
written to the access log."""

from __future__ import annotations

import asyncio
import datetime as dt
import io
import tempfile
from typing import Any
from urllib.parse import quote

from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncSession

from bot.crypto import Vault
from bot.db import store
from bot.db.applications import Application
from bot.db.base import utcnow
from bot.db.store.journal import append_event
from bot.paperwork import office as office_papers
from bot.runtime import CONVERSATION, FILES, SESSIONS
from bot.services import exports, review, submission
from bot.services import staff as accounts
from bot.services.chain import decisions, levels, listing, publicity, queue, workdays
from bot.services.staff import Staff
from dialogs.profile_state import programme_by_id
from eligibility.model import ChainLevel, Programme
from handlers.web.staff.common import (
    HEADERS,
    SIGNER,
    current_staff,
    form_with_csrf,
    render,
    visible_application,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _programme(request: web.Request) -> Programme:
    pack = programme_by_id(request.match_info["programme"])
    if pack is None:
        raise web.HTTPNotFound(text="没有这个项目。", headers=HEADERS)
    return pack


def _where(staff: Staff, pack: Programme, asked: str) -> tuple[ChainLevel, str]:
    """The level and office to work: the staff member's own, or for an admin an office under
    theirs. A level the chain does not staff is refused with the reason."""
    office = staff.office
    if asked and asked != office:
        if not (staff.is_admin and accounts.covers(staff, asked)):
            raise web.HTTPForbidden(text="这个单位不在您的管辖范围内。", headers=HEADERS)
        office = asked
    level = pack.level(levels.level_of_office(office))
    if level is None or not level.in_tool:
        raise web.HTTPForbidden(text=f"{pack.name}不在本级办理：通知规定的办理层级是"
                                f"{'、'.join(x.name for x in levels.staffed(pack))}。",
                                headers=HEADERS)
    return level, office


async def ranked(session: AsyncSession, pack: Programme, level: ChainLevel,
                 office: str) -> list[tuple[Application, int]]:
    """What `office` recommends at `level`, in rank order (unranked last, by arrival)."""
    rows = await listing.recommended(session, pack, level, office)
    ordered = sorted(rows, key=lambda pair: (pair[1] or 10_000, pair[0].submitted_at,
                                             pair[0].id))
    return [(row, index) for index, (row, _) in enumerate(ordered, start=1)]


async def rank_page(request: web.Request, error: str = "",
                    asked: dict[str, str] | None = None) -> web.Response:
    """The ranking, the exports and the 公示: as saved, or previewed from `?start=&phone=`
    (or the form's values when `asked`)."""
    staff, data = await current_staff(request)
    pack = _programme(request)
    level, office = _where(staff, pack, (asked or {}).get("office")
                           or request.query.get("office", ""))
    today = request.app[CONVERSATION].clock()
    source = asked if asked is not None else request.query
    async with request.app[SESSIONS]() as session:
        rows = await ranked(session, pack, level, office)
        quota = await decisions.level_quota(session, pack, level, office)
        calendar = await workdays.load(session)
        draft = await _publicity_draft(session, pack, level, office, today, source)
    names = [str(row.data.get("applicant_name") or "") for row, _ in rows]
    notice = period = None
    if level.publicity and draft is not None:
        notice = publicity.text(pack, level.publicity, names, unit=_unit(rows, office),
                                start=draft.start, issued=draft.issued, calendar=calendar,
                                phone=draft.phone)
        period = publicity.period(level.publicity, draft.start, calendar)
    return render(request, "rank.html", http_status=400 if error and asked else 200,
                  staff=staff, pack=pack, level=level, office=office,
                  error=error, csrf=request.app[SIGNER].csrf(data.nonce), quota=quota,
                  rows=[{"receipt": r.receipt, "name": r.data.get("applicant_name") or "",
                         "county": levels.parts(r.office)[-1], "rank": n} for r, n in rows],
                  publicity=notice, period=period, draft=draft,
                  query=f"?office={quote(office)}" if office != staff.office else "")


async def _publicity_draft(session: AsyncSession, pack: Programme, level: ChainLevel,
                           office: str, today: dt.date,
                           source: Any) -> publicity.Saved | None:
    """The 公示 to show: the values asked for (a preview, not saved), else the saved one, else
    a draft from today with the phone the office gave last (or, at the issuing level, the
    notice's own)."""
    if level.publicity is None:
        return None
    stored = await publicity.saved(session, pack, level, office)
    start, phone = _date(source.get("start")), str(source.get("phone") or "").strip()[:40]
    if stored is not None and start is None and not phone:
        return publicity.Saved(stored.start, stored.phone, stored.issued, stored.saved_by,
                               stored.saved_at)
    if not phone:
        phone = stored.phone if stored else (await publicity.office_phone(session, office)
                                             or _issuer_phone(pack, level))
    return publicity.Saved(start or (stored.start if stored else today), phone, today)


async def publicity_save(request: web.Request) -> web.Response:
    """Save the 公示's start date and phone (`do=save`), or show it with them (`preview`)."""
    staff, _, form = await form_with_csrf(request)
    pack = _programme(request)
    asked = {key: str(form.get(key) or "")[:64] for key in ("office", "start", "phone")}
    level, office = _where(staff, pack, asked["office"])
    if form.get("do") != "save":
        return await rank_page(request, asked=asked)
    today = request.app[CONVERSATION].clock()
    try:
        start, phone = publicity.checked(asked["start"], asked["phone"], today)
        async with request.app[SESSIONS].begin() as session:
            await publicity.save(session, staff, pack, level, office, start, phone, today)
    except review.ActionRefused as refused:
        return await rank_page(request, error=str(refused), asked=asked)
    suffix = f"?office={quote(office)}" if office != staff.office else ""
    raise web.HTTPSeeOther(f"/staff/rank/{pack.id}{suffix}#publicity")


def _date(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _issuer_phone(pack: Programme, level: ChainLevel) -> str:
    """At the level that issued the notice, its contact phone; below it the office types its
    own (the notice does not give the counties' numbers)."""
    if level.decides:
        return "、".join(phone for contact in pack.contacts for phone in contact.phone)
    return ""


async def rank_move(request: web.Request) -> web.Response:
    """Move one candidate up or down, or save the whole order typed into the rank boxes."""
    staff, _, form = await form_with_csrf(request)
    pack = _programme(request)
    level, office = _where(staff, pack, str(form.get("office") or ""))
    if not level.ranks:
        return await rank_page(request, error="通知未要求本级排序。")
    async with request.app[SESSIONS].begin() as session:
        order = [row.receipt for row, _ in await ranked(session, pack, level, office)]
        move, _, receipt = str(form.get("move") or "").partition(":")
        receipt = receipt or str(form.get("receipt") or "")
        if move in ("up", "down") and receipt in order:
            i = order.index(receipt)
            j = min(max(i + (-1 if move == "up" else 1), 0), len(order) - 1)
            order[i], order[j] = order[j], order[i]
        elif move == "all":
            wanted = {r: _number(form.get(f"rank_{r}"), n) for n, r in enumerate(order, 1)}
            order.sort(key=lambda r: (wanted[r], order.index(r)))
        try:
            await listing.set_ranks(session, staff, pack, level, office, order)
        except review.ActionRefused as refused:
            return await rank_page(request, error=str(refused))
    suffix = f"?office={quote(office)}" if office != staff.office else ""
    raise web.HTTPSeeOther(f"/staff/rank/{pack.id}{suffix}")


def _number(value: Any, default: int) -> float:
    text = str(value or "").strip()
    return float(text) if text.replace(".", "", 1).isdigit() else float(default)


def _unit(rows: list[tuple[Application, int]], office: str) -> str:
    depth = len(levels.parts(office))
    if rows and depth >= 3:
        return str(rows[0][0].data.get("office") or office)
    if depth == 1:
        return f"{office}人力资源和社会保障厅"
    if depth == 2:
        return f"{levels.parts(office)[-1]}人力资源和社会保障局"
    return office.replace("/", "")


async def summary_rows(session: AsyncSession, vault: Vault,
                       rows: list[tuple[Application, int]],
                       group: str = "") -> list[exports.SummaryRow]:
    out = []
    everyone = await store.load_facts_of(session, vault, [row.applicant_id for row, _ in rows])
    for row, rank in rows:
        facts = everyone[row.applicant_id]
        region = row.data.get("region", {})
        extra = {"id_number": str(facts.get("id_number") or ""), "receipt": row.receipt,
                 "region": "".join(str(region.get(k) or "") for k in
                                   ("province", "city", "county"))}
        if "region" in row.data.get("fields", {}):
            extra.pop("region")
        fields = {**row.data.get("fields", {}), **submission.sealed_fields(facts)}
        out.append(exports.SummaryRow(rank, fields, extra, group))
    return out


async def grouped_rows(session: AsyncSession, vault: Vault, pack: Programme,
                       level: ChainLevel, office: str) -> list[exports.SummaryRow]:
    """The 汇总表's rows: where the notice lists several programmes in one table (长春), every
    group's recommendations, each ranked on its own; otherwise this programme's."""
    if not pack.summary_table.groups:
        return await summary_rows(session, vault, await ranked(session, pack, level, office))
    out = []
    for group in pack.summary_table.groups:
        member = programme_by_id(group.programme)
        member_level = member.level(level.id) if member else None
        if member is None or member_level is None:
            continue
        rows = await ranked(session, member, member_level, office)
        out += await summary_rows(session, vault, rows, group.label)
    return out


async def summary(request: web.Request) -> web.Response:
    """The level's own 汇总表: only where the notice gives this level one."""
    staff, _ = await current_staff(request)
    pack = _programme(request)
    level, office = _where(staff, pack, request.query.get("office", ""))
    if level.summary_table is None:
        raise web.HTTPForbidden(text=f"通知未要求{level.name}填报汇总表。", headers=HEADERS)
    today: dt.date = request.app[CONVERSATION].clock()
    async with request.app[SESSIONS].begin() as session:
        rows = await ranked(session, pack, level, office)
        table = await grouped_rows(session, request.app[CONVERSATION].vault, pack, level,
                                   office)
        await append_event(session, "staff.export", {"what": "summary", "office": office,
                                                     "level": level.id, "programme": pack.id,
                                                     "rows": len(table)}, actor=staff.actor)
        phone = await publicity.office_phone(session, office)
    body = await asyncio.to_thread(exports.summary_xlsx, pack, table, unit=_unit(rows, office),
                                   filler=staff.display_name, filled_on=today, phone=phone)
    return _attachment(body, f"{pack.summary_table.title or pack.name}.xlsx", XLSX)


async def packets(request: web.Request) -> web.StreamResponse:
    staff, _ = await current_staff(request)
    pack = _programme(request)
    level, office = _where(staff, pack, request.query.get("office", ""))
    extras: list[tuple[str, bytes]] = []
    async with request.app[SESSIONS].begin() as session:
        rows = await ranked(session, pack, level, office)
        if level.summary_table is not None:
            table = await grouped_rows(session, request.app[CONVERSATION].vault, pack, level,
                                       office)
            phone = await publicity.office_phone(session, office)
            extras.append((f"{pack.summary_table.title}.xlsx", await asyncio.to_thread(
                exports.summary_xlsx, pack, table, unit=_unit(rows, office),
                filler=staff.display_name, filled_on=request.app[CONVERSATION].clock(),
                phone=phone)))
        phone = await publicity.office_phone(session, office)
        for summary_row, (row, rank) in zip(await summary_rows(
                session, request.app[CONVERSATION].vault, rows), rows, strict=True):
            cover = await asyncio.to_thread(
                office_papers.archive_cover, pack, summary_row.fields,
                unit=_unit(rows, office), contact=staff.display_name, office_phone=phone)
            if cover is not None:
                who = exports.folder_name(rank, str(row.data.get("applicant_name") or ""),
                                          row.receipt)
                extras.append((f"{who}00_{office_papers.ARCHIVE_COVER}.docx", cover))
        await append_event(session, "staff.export", {"what": "packets", "office": office,
                                                     "level": level.id, "programme": pack.id},
                           actor=staff.actor)
    return await _zip(request, rows, f"{pack.short_name}_推荐材料.zip", extras)


async def selected_packets(request: web.Request, staff: Staff,
                           receipts: list[str]) -> web.StreamResponse:
    """The list's bulk export: the packets of the selected receipts this staff may see."""
    async with request.app[SESSIONS].begin() as session:
        rows = []
        for receipt in receipts:
            try:
                rows.append((await visible_application(session, staff, receipt),
                             len(rows) + 1))
            except web.HTTPNotFound:
                continue
        await append_event(session, "staff.export", {"what": "selected_packets",
                                                     "count": len(rows)}, actor=staff.actor)
    if not rows:
        raise web.HTTPSeeOther("/staff/?bulk_error=" + quote("请先勾选材料，再选择操作。"))
    return await _zip(request, rows, "选中的申报材料.zip")


async def _zip(request: web.Request, rows: list[tuple[Application, int]], name: str,
               extras: list[tuple[str, bytes]] | None = None) -> web.StreamResponse:
    """One ZIP: the level's 汇总表 (where it owes one), then a folder per applicant in rank
    order holding their packet's files."""
    entries = [(rank, str(row.data.get("applicant_name") or ""), row.receipt, row.packet_path)
               for row, rank in rows]
    with tempfile.TemporaryFile() as scratch:
        await asyncio.to_thread(exports.packets_zip, request.app[FILES], entries, scratch,
                                extras or [])
        size = scratch.seek(0, io.SEEK_END)
        scratch.seek(0)
        response = web.StreamResponse(headers=_disposition(name))
        response.content_type, response.content_length = "application/zip", size
        await response.prepare(request)
        while chunk := await asyncio.to_thread(scratch.read, exports.CHUNK):
            await response.write(chunk)
        await response.write_eof()
    return response


async def list_xlsx(request: web.Request) -> web.Response:
    """The inbox's rows under its filters, all pages, as an XLSX the clerk can sort."""
    staff, _ = await current_staff(request)
    filters = queue.Filters.parse(request.query)
    async with request.app[SESSIONS].begin() as session:
        rows, _ = await queue.page(session, request.app[CONVERSATION].vault, staff, filters,
                                   utcnow(), limit=queue.EXPORT_LIMIT)
        await append_event(session, "staff.export", {"what": "list", "rows": len(rows)},
                           actor=staff.actor)
    body = await asyncio.to_thread(listing.list_xlsx, rows, utcnow())
    return _attachment(body, "申报材料列表.xlsx", XLSX)


def _disposition(name: str) -> dict[str, str]:
    return {**HEADERS, "Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}"}


def _attachment(body: bytes, name: str, content_type: str) -> web.Response:
    return web.Response(body=body, content_type=content_type, headers=_disposition(name))

