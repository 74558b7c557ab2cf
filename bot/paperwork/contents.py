"""What a packet holds, in the notice's order, numbered without gaps: the 目录 first, then the
applicant's form, then each document the applicant provides in the order the pack lists it
(the notice's order), the deeds essay at its place. An item with nothing in it gets no number;
the office's own papers (`by: office`) are not the applicant's and never appear here. The
manifest says the same in Chinese, with labels, never raw codes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from bot.paperwork.values import cn_date
from eligibility.model import Document, Programme

EXTENSIONS = {"jpeg": "jpg", "png": "png", "pdf": "pdf", "docx": "docx"}
STATUS = {"provided": "已提交", "missing": "未提交", "not_applicable": "不适用",
          "later": "稍后补交", "needs_help": "需要单位协助办理"}
UNSAFE = '/\\:*?"<>|'


@dataclass
class Item:
    """One numbered entry of the 目录 and the files that make it up."""

    number: int
    label: str
    document: str
    files: list[dict[str, Any]] = field(default_factory=list)
    generated: str | None = None
    """`cover`, `form` or `essay` for a document the packet writes itself."""


def safe(name: str) -> str:
    return "".join(ch for ch in name if ch not in UNSAFE).strip() or "材料"


def file_name(item: Item, page: int, kind: str) -> str:
    """`03_个人身份证复印件_1.jpg`: the 目录 number, the item's own name, the page."""
    extension = EXTENSIONS.get(kind, "bin")
    if item.generated:
        return f"{item.number:02d}_{safe(item.label)}.{extension}"
    return f"{item.number:02d}_{safe(item.label)}_{page}.{extension}"


def applicant_documents(programme: Programme) -> list[Document]:
    return [d for d in programme.documents if d.by == "applicant" and d.kind != "form"]


def plan(programme: Programme, application: dict[str, Any]) -> list[Item]:
    items = [Item(1, "目录", "cover", generated="cover"),
             Item(2, programme.form.title, "form", generated="form")]
    for document in applicant_documents(programme):
        state = application["items"].get(document.id, {})
        if document.kind == "essay" and state.get("written"):
            items.append(Item(len(items) + 1, document.name, document.id, generated="essay"))
        elif state.get("files"):
            items.append(Item(len(items) + 1, document.name, document.id,
                              files=list(state["files"])))
    return items


def contents_lines(items: list[Item]) -> list[str]:
    """The 目录's lines: number, name, and how many pages or photos each item has."""
    out = []
    for item in items[1:]:
        count = f"（{len(item.files)}页/张）" if item.files else ""
        out.append(f"{item.number}. {item.label}{count}")
    return out


def _status(programme: Programme, application: dict[str, Any], document: Document) -> str:
    if application.get("conditions", {}).get(document.id) is False:
        return STATUS["not_applicable"]
    state = application["items"].get(document.id, {})
    key = state.get("status") or ("provided" if state.get("written") else "missing")
    return STATUS.get(key, STATUS["missing"])


def manifest(programme: Programme, application: dict[str, Any], values: dict[str, str],
             files: list[dict[str, Any]], today: dt.date) -> dict[str, Any]:
    conditions = application.get("conditions", {})
    category = next((c.name for c in programme.categories
                     if c.id == application.get("category")), "")
    region = application.get("region", {})
    declarations = {d.id: d.text for d in programme.declarations}
    return {
        "项目": programme.name, "届次": programme.edition, "申报类别": category,
        "回执编号": application.get("receipt") or "", "接收单位": application.get("office") or "",
        "生成日期": cn_date(today.year, today.month, today.day),
        "申报人": {"姓名": values.get("name", ""),
                "所在地区": "".join(str(region.get(k) or "") for k in
                                ("province", "city", "county"))},
        "承诺": [{"内容": declarations.get(key, key),
                "同意日期": _day(str(day))} for key, day in
               application.get("declarations", {}).items()],
        "材料": [{"材料": d.name,
                "是否必需": "必需" if d.required and conditions.get(d.id) is not False
                else "非必需",
                "适用条件": d.when_text or "", "状态": _status(programme, application, d)}
               for d in applicant_documents(programme)],
        "文件": files,
    }


def _day(text: str) -> str:
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        return text
    return cn_date(day.year, day.month, day.day)
