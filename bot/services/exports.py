"""What an office owes upward: the 汇总表 (XLSX), the packets (one ZIP), the 公示 text.

The 汇总表 has exactly the pack's `summary_table` columns in their order, a title row, the
notice's header line and 填报单位/填报人/填报时间, set up for A4 landscape printing (fit to
width, header rows repeated on every page). Every value is written as text: a name or an
address starting with = + - @ stays a string in Excel and is never evaluated (no formula
injection). The 公示 text and its working days live with the chain of offices
(`bot.services.chain.publicity`, `bot.services.chain.workdays`).
"""

from __future__ import annotations

import datetime as dt
import io
import shutil
import time
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, BinaryIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from bot.storage import FileMissing, FileStore
from eligibility.model import Programme
from eligibility.vocabulary import vocabulary

CHUNK = 1024 * 1024
RANK_LABELS = ("序号", "排序", "排序号")
FALLBACK_COLUMNS = ("序号", "姓名", "联系电话", "回执编号")
"""For a notice that prints no 汇总表 columns (the office then lists who it sends)."""
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
THIN = Side(style="thin")


@dataclass(frozen=True)
class SummaryRow:
    """One recommended packet: its rank, the registration-form values, and what the form
    does not hold (the full ID number, the region)."""

    rank: int
    fields: dict[str, Any]
    extra: dict[str, str]


def columns(programme: Programme) -> list[str]:
    labels = [column.label for column in programme.summary_table.columns]
    return labels or list(FALLBACK_COLUMNS)


def _display(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dict):
        return "".join(str(v) for v in value.values() if v)
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    return str(value)


def field_display(programme: Programme, field_id: str, value: Any) -> str:
    """A form value as people read it: a choice stored as its vocabulary key (`new_form`)
    shown by its label (新就业形态)."""
    spec = next((f for f in programme.form.fields if f.id == field_id), None)
    if spec is not None and spec.fact and isinstance(value, str):
        facts = vocabulary().facts
        if spec.fact in facts:
            return facts[spec.fact].value_label(value)
    return _display(value)


def row_values(programme: Programme, row: SummaryRow) -> list[str]:
    out = []
    spec = programme.summary_table.columns or [None] * len(FALLBACK_COLUMNS)
    for index, column in enumerate(spec):
        label = column.label if column else FALLBACK_COLUMNS[index]
        field = column.field if column else {"姓名": "name", "联系电话": "phone",
                                             "回执编号": "receipt"}.get(label)
        if label in RANK_LABELS:
            out.append(str(row.rank))
        elif field and field in row.extra:
            out.append(row.extra[field])
        elif field:
            out.append(field_display(programme, field, row.fields.get(field)))
        else:
            out.append("")
    return out


def summary_xlsx(programme: Programme, rows: Iterable[SummaryRow], *, unit: str,
                 filler: str, filled_on: dt.date) -> bytes:
    """The 汇总表 as XLSX bytes."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "汇总表"
    labels = columns(programme)
    width = len(labels)
    sheet.append([programme.summary_table.title])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    sheet["A1"].font = Font(bold=True, size=16)
    sheet["A1"].alignment = Alignment(horizontal="center")
    sheet.append([f"填报单位（章）：{unit}    填报人：{filler}    "
                  f"填报时间：{filled_on.year}年{filled_on.month}月{filled_on.day}日"])
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)
    sheet.append(labels)
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row_values(programme, row))
    _layout(sheet, width)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _layout(sheet: Worksheet, width: int) -> None:
    for row in sheet.iter_rows():
        for cell in row:
            _as_text(cell)
    for row in sheet.iter_rows(min_row=3):
        for cell in row:
            cell.border = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
            cell.alignment = Alignment(wrap_text=True, vertical="center")
    for index in range(1, width + 1):
        letter = get_column_letter(index)
        longest = max((len(str(c.value or "")) for c in sheet[letter][2:]), default=4)
        sheet.column_dimensions[letter].width = min(max(6, longest * 2 + 2), 40)
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "1:3"
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.4


def _as_text(cell: Any) -> None:
    """Keep the value as typed, as a string cell; one that looks like a formula also gets
    Excel's quote prefix, so editing the cell later does not turn it into one either."""
    if isinstance(cell.value, str):
        cell.data_type = "s"
        if cell.value.startswith(FORMULA_START):
            cell.quotePrefix = True


def packets_zip(files: FileStore, packets: Iterable[tuple[int, str, str, str]],
                target: BinaryIO) -> None:
    """Write one ZIP of packet ZIPs into `target`, `(rank, name, receipt, key)` each, named so
    that they sort in rank order. Each packet is streamed from the store in 1 MiB chunks, so
    an office's fifty 30 MB packets never sit in memory; a packet missing from the store is
    left out. Blocking: run it in a worker thread."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_STORED) as archive:
        for rank, name, receipt, key in packets:
            entry = zipfile.ZipInfo(f"{rank:02d}_{_safe_name(name)}_{receipt}.zip",
                                    date_time=time.localtime()[:6])
            try:
                with files.open(key) as source, archive.open(entry, "w",
                                                             force_zip64=True) as sink:
                    shutil.copyfileobj(source, sink, CHUNK)
            except FileMissing:
                continue


def _safe_name(name: str) -> str:
    return "".join(ch for ch in name if ch not in '/\\:*?"<>|').strip() or "申报人"
