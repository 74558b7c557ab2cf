"""What each resubmission changed: the form values, the files of each document and the essay,
compared with the version it replaced, in the words the page shows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.applications import Application
from bot.db.chain import ApplicationVersion
from bot.services.exports import field_display
from eligibility.model import Programme


@dataclass(frozen=True)
class Change:
    what: str
    before: str
    after: str


@dataclass(frozen=True)
class Resubmission:
    number: int
    replaced_at: dt.datetime
    changes: list[Change]


def compare(pack: Programme, old: dict[str, Any], new: dict[str, Any]) -> list[Change]:
    out = []
    old_fields, new_fields = old.get("fields") or {}, new.get("fields") or {}
    for spec in pack.form.fields:
        before = field_display(pack, spec.id, old_fields.get(spec.id, ""))
        after = field_display(pack, spec.id, new_fields.get(spec.id, ""))
        if before != after:
            out.append(Change(f"填写：{spec.label}", before or "（空）", after or "（空）"))
    old_items, new_items = old.get("items") or {}, new.get("items") or {}
    for document in pack.documents:
        if document.kind in ("form", "essay"):
            continue
        old_item, new_item = old_items.get(document.id) or {}, new_items.get(document.id) or {}
        fresh = _refs(new_item) - _refs(old_item)
        if fresh or _item(old_item) != _item(new_item):
            out.append(Change(f"材料：{document.name}", _item(old_item),
                              _item(new_item) + ("（新上传）" if fresh else "")))
    old_essay = str((old.get("essay") or {}).get("text") or "")
    new_essay = str((new.get("essay") or {}).get("text") or "")
    if old_essay != new_essay:
        essay = next((d.name for d in pack.documents if d.kind == "essay"), "事迹材料")
        out.append(Change(f"材料：{essay}", f"{len(old_essay)}字",
                          f"{len(new_essay)}字（已改写）"))
    return out


def _refs(item: dict[str, Any]) -> set[str]:
    return {str(f.get("ref", "")) for f in item.get("files") or []}


def _item(item: dict[str, Any]) -> str:
    files = item.get("files") or []
    if files:
        return f"{len(files)}个文件"
    return {"later": "稍后补交", "needs_help": "需要帮助", "not_applicable": "不适用"}.get(
        str(item.get("status") or ""), "未提供")


async def changes(session: AsyncSession, pack: Programme,
                  application: Application) -> list[Resubmission]:
    """Newest first: each resubmission with what it changed against the version before."""
    rows = list(await session.scalars(select(ApplicationVersion).where(
        ApplicationVersion.application_id == application.id)
        .order_by(ApplicationVersion.version)))
    datas = [row.data for row in rows] + [application.data]
    out = [Resubmission(row.version, row.created_at, compare(pack, datas[i], datas[i + 1]))
           for i, row in enumerate(rows)]
    return list(reversed(out))
