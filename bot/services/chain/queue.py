"""A level's list of packets, filtered, counted and paged in the database.

One query serves every level: at the receiving level the rows are the applications of the
offices under the staff member's office; above it, the packets' rows in `packet_stages` at the
staff member's level. Filters (programme, status at this level, county, category, 待补交, days
waiting) and the search (name, receipt, or an ID or phone number found through its keyed
lookup hash, never by decrypting) are WHERE clauses, so 5,000 packets cost one indexed query
and a page of 50 rows, never a load of everything.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, exists, false, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.crypto import Vault
from bot.db.applications import Application, ApplicationItem, ApplicationStatus, ItemStatus
from bot.db.chain import PacketStage
from bot.db.models import SEALED_FIELD_PREFIX
from bot.db.store import find_applicants_by_fact
from bot.services.chain import levels
from bot.services.staff import Staff, in_scope
from dialogs.field_checks import is_sealed_field
from dialogs.profile_state import programme_by_id
from eligibility.loader import programmes

PER_PAGE = 50
INLINE_MATCHES = 500
SEARCHES = "chain.queue.searches"
"""The session's `info` key under which a search's resolved clause is kept for the session."""
EXPORT_LIMIT = 20_000
ID_NUMBER = re.compile(r"^\d{17}[\dXx]$|^\d{15}$")
PHONE = re.compile(r"^1\d{10}$")
LEVEL_STATUS_OF = {"waiting": (ApplicationStatus.SUBMITTED, ApplicationStatus.RESUBMITTED),
                   "received": (ApplicationStatus.RECEIVED,),
                   "returned": (ApplicationStatus.RETURNED,),
                   "recommended": (ApplicationStatus.RECOMMENDED,),
                   "not_recommended": (ApplicationStatus.NOT_RECOMMENDED,)}
SORTS = ("new", "old", "waiting")
PHONE_FACTS = sorted({f"{SEALED_FIELD_PREFIX}{field.id}" for pack in programmes()
                      for field in pack.form.fields if is_sealed_field(field.id)
                      and ("phone" in field.id or "mobile" in field.id)})
"""The sealed answers a mobile number can be stored under (`field:phone`, `field:mobile`)."""


@dataclass(frozen=True)
class Filters:
    programme: str = ""
    status: str = ""
    county: str = ""
    category: str = ""
    pending: bool = False
    waiting_days: int | None = None
    q: str = ""
    sort: str = "new"
    page: int = 1

    @classmethod
    def parse(cls, query: Any) -> Filters:
        def number(name: str) -> int | None:
            text = str(query.get(name) or "").strip()
            return int(text) if text.isdigit() and len(text) < 5 else None

        sort = str(query.get("sort") or "new")
        return cls(programme=str(query.get("programme") or "")[:64],
                   status=str(query.get("status") or "")[:20],
                   county=str(query.get("county") or "")[:128],
                   category=str(query.get("category") or "")[:64],
                   pending=query.get("pending") == "1",
                   waiting_days=number("waiting"), q=str(query.get("q") or "").strip()[:64],
                   sort=sort if sort in SORTS else "new", page=max(1, number("page") or 1))

    def query(self, **changes: Any) -> dict[str, str]:
        """These filters as URL parameters (for links to another page or an export)."""
        value = replace(self, **changes)
        out = {"programme": value.programme, "status": value.status, "county": value.county,
               "category": value.category, "pending": "1" if value.pending else "",
               "waiting": "" if value.waiting_days is None else str(value.waiting_days),
               "q": value.q, "sort": value.sort, "page": str(value.page)}
        return {key: text for key, text in out.items() if text and text != "new"
                and not (key == "page" and text == "1")}


@dataclass(frozen=True)
class Row:
    application: Application
    level_status: str
    arrived_at: dt.datetime
    pending: int


def _programmes_at(staff: Staff) -> tuple[list[str], list[str]]:
    """The programmes the staff member receives applications for, and those whose packets
    reach their level from below."""
    entry, upper = [], []
    for pack in programmes():
        level = levels.level_for(staff, pack)
        if level is None:
            continue
        (entry if levels.is_entry(pack, level) else upper).append(pack.id)
    return entry, upper


def _within(column: Any, staff: Staff) -> ColumnElement[bool]:
    return in_scope(staff, column)


def level_status() -> Any:
    """The packet's status at the staff member's level, as one SQL expression."""
    whens = [(PacketStage.id.is_not(None), PacketStage.status)]
    whens += [(Application.status.in_(statuses), status)
              for status, statuses in LEVEL_STATUS_OF.items()]
    return case(*whens, else_="waiting")


def base(staff: Staff, *, everything: bool = False) -> Select[Any]:
    """Applications at the staff member's level (or, `everything`, all under their office,
    for an admin's overview), each joined with its stage at that level."""
    level_id = levels.level_of_office(staff.office)
    entry, upper = _programmes_at(staff)
    query = select(Application).outerjoin(PacketStage, and_(
        PacketStage.application_id == Application.id, PacketStage.level == level_id))
    if everything:
        return query.where(_within(Application.office, staff))
    mine = [and_(Application.programme.in_(entry), _within(Application.office, staff))]
    mine.append(and_(Application.programme.in_(upper), PacketStage.id.is_not(None),
                     _within(PacketStage.office, staff)))
    mine.append(and_(Application.programme.in_(upper), Application.office == staff.office))
    return query.where(or_(*mine) if entry or upper else false())


async def _search(session: AsyncSession, vault: Vault, text: str) -> ColumnElement[bool]:
    """Name or receipt as typed; an ID or a mobile number through its lookup hash.

    A name is matched inside each row's JSON, so it is looked up once per session (a page and
    its bars ask twice) and the page, its count and the bars then select those ids (three scans
    of 5,000 rows' JSON became one); a text matching more than `INLINE_MATCHES` packets stays a
    clause instead of a long IN list."""
    asked: dict[str, ColumnElement[bool]] = session.info.setdefault(SEARCHES, {})
    if text not in asked:
        asked[text] = await _resolve(session, vault, text)
    return asked[text]


async def _resolve(session: AsyncSession, vault: Vault, text: str) -> ColumnElement[bool]:
    compact = text.replace(" ", "")
    facts = ["id_number"] if ID_NUMBER.match(compact) else PHONE_FACTS if PHONE.match(
        compact) else []
    if facts:
        found: set[int] = set()
        for fact in facts:
            found |= set(await find_applicants_by_fact(session, vault, fact, compact.upper()))
        return Application.applicant_id.in_(sorted(found)) if found else false()
    typed = or_(Application.data["applicant_name"].as_string().contains(text, autoescape=True),
                Application.receipt.contains(text.upper(), autoescape=True))
    matches = list(await session.scalars(select(Application.id).where(typed)
                                         .limit(INLINE_MATCHES + 1)))
    if len(matches) > INLINE_MATCHES:
        return typed
    return Application.id.in_(matches) if matches else false()


def pending_items() -> Any:
    return select(func.count(ApplicationItem.id)).where(
        ApplicationItem.application_id == Application.id,
        ApplicationItem.status == ItemStatus.LATER).scalar_subquery()


async def filtered(session: AsyncSession, vault: Vault, staff: Staff, filters: Filters,
                   now: dt.datetime, *, everything: bool = False,
                   with_status: bool = True) -> Select[Any]:
    query = base(staff, everything=everything)
    arrived = func.coalesce(PacketStage.arrived_at, Application.submitted_at)
    if filters.programme:
        query = query.where(Application.programme == filters.programme)
    if filters.status and with_status:
        query = query.where(level_status() == filters.status)
    if filters.county:
        query = query.where(Application.office == filters.county)
    if filters.category:
        query = query.where(Application.category == filters.category)
    if filters.pending:
        query = query.where(exists().where(
            ApplicationItem.application_id == Application.id,
            ApplicationItem.status == ItemStatus.LATER))
    if filters.waiting_days is not None:
        query = query.where(arrived <= now - dt.timedelta(days=filters.waiting_days))
    if filters.q:
        query = query.where(await _search(session, vault, filters.q))
    return query


def ordered(query: Select[Any], sort: str) -> Select[Any]:
    arrived = func.coalesce(PacketStage.arrived_at, Application.submitted_at)
    if sort == "old":
        return query.order_by(Application.submitted_at, Application.id)
    if sort == "waiting":
        return query.order_by(arrived, Application.id)
    return query.order_by(Application.submitted_at.desc(), Application.id.desc())


async def page(session: AsyncSession, vault: Vault, staff: Staff, filters: Filters,
               now: dt.datetime, *, everything: bool = False,
               limit: int = PER_PAGE) -> tuple[list[Row], int]:
    """One page of rows and the number of rows matching the filters."""
    query = await filtered(session, vault, staff, filters, now, everything=everything)
    total = int(await session.scalar(select(func.count()).select_from(
        query.with_only_columns(Application.id).subquery())) or 0)
    arrived = func.coalesce(PacketStage.arrived_at, Application.submitted_at)
    rows = await session.execute(ordered(query, filters.sort).add_columns(
        level_status(), arrived, pending_items())
        .offset((filters.page - 1) * limit).limit(limit))
    return [Row(app, str(status), when, int(count or 0))
            for app, status, when, count in rows.all()], total


async def neighbours(session: AsyncSession, vault: Vault, staff: Staff, filters: Filters,
                     now: dt.datetime, receipt: str) -> tuple[str | None, str | None]:
    """The receipts before and after `receipt` in the filtered list (keyboard ← →)."""
    query = await filtered(session, vault, staff, filters, now)
    receipts = list(await session.scalars(ordered(query, filters.sort)
                                          .with_only_columns(Application.receipt)
                                          .limit(EXPORT_LIMIT)))
    if receipt not in receipts:
        return None, None
    index = receipts.index(receipt)
    return (receipts[index - 1] if index else None,
            receipts[index + 1] if index + 1 < len(receipts) else None)


async def counts(session: AsyncSession, vault: Vault, staff: Staff, filters: Filters,
                 now: dt.datetime, *, everything: bool = False) -> dict[str, dict[str, int]]:
    """Per programme, how many packets stand in each status at this level (the bars)."""
    query = await filtered(session, vault, staff, replace(filters, status="", programme=""),
                           now, everything=everything)
    status = level_status()
    grouped = await session.execute(query.with_only_columns(
        Application.programme, status, func.count(Application.id)).group_by(
        Application.programme, status))
    out: dict[str, dict[str, int]] = {}
    for programme, state, number in grouped.all():
        out.setdefault(programme, {})[str(state)] = int(number)
    return out


async def counties(session: AsyncSession, staff: Staff) -> list[str]:
    """The receiving offices under the staff member's office that hold packets (the filter)."""
    if levels.level_of_office(staff.office) == "county":
        return []
    query = base(staff, everything=True).with_only_columns(Application.office).distinct()
    return sorted(await session.scalars(query))


def category_name(application: Application) -> str:
    pack = programme_by_id(application.programme)
    if not application.category:
        return ""
    if pack is not None:
        for category in pack.categories:
            if category.id == application.category:
                return category.name
    return "（未分类）"
