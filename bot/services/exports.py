"""What an office owes upward: the 汇总表 (XLSX), the packets (one ZIP: a folder per applicant
and the level's 汇总表), the 公示 text.

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
import math
import re
import shutil
import tempfile
import time
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, BinaryIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from bot.paperwork.values import cn_date, printable
from bot.storage import FileMissing, FileStore
from eligibility.model import Programme, SummaryTable
from eligibility.vocabulary import vocabulary

CHUNK = 1024 * 1024
RANK_LABELS = ("序号", "排序", "排序号")
FALLBACK_COLUMNS = ("序号", "姓名", "联系电话", "回执编号")
"""For a notice that prints no 汇总表 columns (the office then lists who it sends)."""
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
INFERRED = "（请核对原表）"
TITLE_FONT, BODY_FONT, BODY_PT = "方正小标宋简体", "宋体", 10.5
PAGE_WIDTH_UNITS = 140
COLUMN_MAX = 40.0
UNBROKEN = re.compile(r"[0-9A-Za-z@._*-]{6,}")
"""ID, account and phone numbers: their column is never narrower than the number."""
LINE_PT = 14
"""Column-width units (about one Latin character each) across A4 landscape inside 0.4-inch
margins at 100%: the sheet never needs shrinking to fit one page wide."""
THIN = Side(style="thin")


@dataclass(frozen=True)
class SummaryRow:
    """One recommended packet: its rank, the registration-form values, what the form does not
    hold (the full ID number, the region), and for a table of several programmes its group."""

    rank: int
    fields: dict[str, Any]
    extra: dict[str, str]
    group: str = ""


def columns(programme: Programme) -> list[str]:
    """The columns by the notice's labels."""
    labels = [column.label for column in programme.summary_table.columns]
    return labels or list(FALLBACK_COLUMNS)


def headings(programme: Programme) -> list[str]:
    """The sheet's column headings: the labels, an unpublished column marked as such."""
    marks = [INFERRED if column.inferred else "" for column in programme.summary_table.columns]
    return [label + mark for label, mark in zip(columns(programme),
                                                marks or [""] * len(FALLBACK_COLUMNS),
                                                strict=True)]


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
    shown by its label (新就业形态), a date as 2026年12月2日."""
    spec = next((f for f in programme.form.fields if f.id == field_id), None)
    if spec is not None and spec.fact and isinstance(value, str):
        facts = vocabulary().facts
        if spec.fact in facts and value in facts[spec.fact].values:
            return facts[spec.fact].value_label(value)
    return printable(spec, value) if not isinstance(value, dict) else _display(value)


def row_values(programme: Programme, row: SummaryRow) -> list[str]:
    out = []
    spec = programme.summary_table.columns or [None] * len(FALLBACK_COLUMNS)
    for index, column in enumerate(spec):
        label = column.label if column else FALLBACK_COLUMNS[index]
        field = column.field if column else {"姓名": "name", "联系电话": "phone",
                                             "回执编号": "receipt"}.get(label)
        if label in RANK_LABELS:
            out.append(str(row.rank))
        elif row.group and index == 0 and programme.summary_table.groups:
            out.append(row.group)
        elif field and field in row.extra:
            out.append(row.extra[field])
        elif field:
            out.append(field_display(programme, field, row.fields.get(field)))
        else:
            out.append("")
    return out


def _words(labels: list[str], unit: str, filler: str, filled_on: dt.date,
           phone: str = "") -> str:
    """The notice's header or footer line, each label with what the office fills in: the
    unit after the first (推荐单位（章）), the clerk after 填报人/填表人, the day after
    时间/日期, the office's phone (the one it gave on its 公示) after 联系电话, else room for
    the pen."""
    parts = []
    for index, label in enumerate(labels):
        if "人" in label and ("填报" in label or "填表" in label):
            value = filler
        elif "时间" in label or "日期" in label:
            value = cn_date(filled_on.year, filled_on.month, filled_on.day)
        elif "电话" in label:
            value = phone or "          "
        elif index == 0:
            value = unit
        else:
            value = "          "
        parts.append(f"{label}：{value}")
    return "        ".join(parts)


def summary_xlsx(programme: Programme, rows: Iterable[SummaryRow], *, unit: str,
                 filler: str, filled_on: dt.date, phone: str = "") -> bytes:
    """The 汇总表 as XLSX bytes, in the notice's words: its title, header line, columns (the
    unpublished ones marked), the rows (grouped where the notice lists two programmes in one
    table, each group ranked on its own), its footer line and its 注."""
    table = programme.summary_table
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "汇总表"
    labels = headings(programme)
    width = len(labels)
    sheet.append([table.title])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    sheet["A1"].font = Font(name=TITLE_FONT, bold=True, size=16)
    sheet["A1"].alignment = Alignment(horizontal="center", vertical="center")
    sheet.row_dimensions[1].height = 30
    sheet.append([_words(table.header or ["填报单位（章）", "填报人", "填报时间"], unit,
                         filler, filled_on, phone)])
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)
    sheet.append(labels)
    for cell in sheet[3]:
        cell.font = Font(name=BODY_FONT, bold=True, size=BODY_PT)
    body_start = sheet.max_row + 1
    for group, members in _grouped(table, list(rows)):
        first = sheet.max_row + 1
        for row in members or [SummaryRow(0, {}, {}, group)]:
            values = row_values(programme, row)
            sheet.append(values if row.rank else [group] + [""] * (width - 1))
        if group and sheet.max_row > first:
            sheet.merge_cells(start_row=first, start_column=1, end_row=sheet.max_row,
                              end_column=1)
    body_end = sheet.max_row
    for line in ([_words(table.footer, unit, filler, filled_on, phone)] if table.footer
                 else []) + [
            note for note in table.notes if note.startswith("注")]:
        sheet.append([line])
        sheet.merge_cells(start_row=sheet.max_row, start_column=1, end_row=sheet.max_row,
                          end_column=width)
    _layout(sheet, width, body_start, body_end)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _grouped(table: SummaryTable, rows: list[SummaryRow]) -> list[tuple[str, list[SummaryRow]]]:
    if not table.groups:
        return [("", rows)]
    return [(group.label, [r for r in rows if r.group == group.label]) for group in table.groups]


def _layout(sheet: Worksheet, width: int, body_start: int, body_end: int) -> None:
    """A4 landscape, one page wide at full size: the columns share the printable width by how
    much they hold, so the text prints at BODY_PT (never shrunk below 9 pt to fit)."""
    for row in sheet.iter_rows():
        for cell in row:
            _as_text(cell)
            if cell.row > 1:
                cell.font = Font(name=BODY_FONT, size=BODY_PT, bold=cell.row == 3)
    for row in sheet.iter_rows(min_row=3, max_row=body_end):
        for cell in row:
            cell.border = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
            cell.alignment = Alignment(wrap_text=True, vertical="center",
                                       horizontal="center" if cell.row == 3 else "left")
    wanted, least = [], []
    for index in range(1, width + 1):
        letter = get_column_letter(index)
        cells = [str(c.value or "") for c in sheet[letter][2:body_end]]
        longest = max((_units(max(text.splitlines() or [""], key=_units)) for text in cells),
                      default=4)
        unbroken = max((_units(run) for text in cells for run in UNBROKEN.findall(text)),
                       default=0)
        least.append(max(6.0, unbroken + 1.5))
        wanted.append(max(least[-1], min(longest + 1, COLUMN_MAX)))
    spare = PAGE_WIDTH_UNITS - sum(least)
    extra = sum(w - m for w, m in zip(wanted, least, strict=True))
    share = 1.0 if extra <= spare else max(0.0, spare) / extra
    widths = [round(m + (w - m) * share, 1) for w, m in zip(wanted, least, strict=True)]
    for index, size in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = size
    for cell in sheet[3]:
        label = str(cell.value or "")
        if "（" in label and _units(label) > widths[cell.column - 1] - 1:
            cell.value = label.replace("（", "\n（", 1)
    for number in range(3, body_end + 1):
        lines = max((_lines(str(cell.value or ""), widths[cell.column - 1])
                     for cell in sheet[number] if cell.coordinate not in sheet.merged_cells),
                    default=1)
        sheet.row_dimensions[number].height = LINE_PT * lines + 6
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "1:3"
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.4


def _units(text: str) -> float:
    """Width in column units: a hanzi is about two Latin characters."""
    return sum(2.0 if ord(ch) > 0x2E7F else 1.1 for ch in text)


def _lines(text: str, width: float) -> int:
    """Printed lines of a wrapped cell (LibreOffice and Excel keep a row's stored height, so
    the sheet sets it: a clipped cell would hide what the applicant wrote)."""
    room = max(1.0, width - 1)
    return sum(max(1, math.ceil(_units(line) / room)) for line in (text.splitlines() or [""]))


def _as_text(cell: Any) -> None:
    """Keep the value as typed, as a string cell; one that looks like a formula also gets
    Excel's quote prefix, so editing the cell later does not turn it into one either."""
    if isinstance(cell.value, str):
        cell.data_type = "s"
        if cell.value.startswith(FORMULA_START):
            cell.quotePrefix = True


def packets_zip(files: FileStore, packets: Iterable[tuple[int, str, str, str]],
                target: BinaryIO, extras: Iterable[tuple[str, bytes]] = ()) -> None:
    """Write the office's export into `target`: first `extras` (the level's 汇总表), then one
    folder per applicant, `01_张三_HN-…/`, holding their packet's files unpacked, in rank
    order. Each packet is copied from the store in 1 MiB chunks to a temporary file and its
    entries streamed across, so fifty 30 MB packets never sit in memory; a packet missing from
    the store is left out. Blocking: run it in a worker thread."""
    stamp = time.localtime()[:6]
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in extras:
            archive.writestr(zipfile.ZipInfo(name, date_time=stamp), body)
        for rank, name, receipt, key in packets:
            folder = folder_name(rank, name, receipt)
            with tempfile.TemporaryFile() as scratch:
                try:
                    with files.open(key) as source:
                        shutil.copyfileobj(source, scratch, CHUNK)
                except FileMissing:
                    continue
                scratch.seek(0)
                with zipfile.ZipFile(scratch) as packet:
                    for member in packet.infolist():
                        entry = zipfile.ZipInfo(folder + member.filename,
                                                date_time=member.date_time)
                        entry.compress_type = member.compress_type
                        with packet.open(member) as source, archive.open(
                                entry, "w", force_zip64=True) as sink:
                            shutil.copyfileobj(source, sink, CHUNK)


def folder_name(rank: int, name: str, receipt: str) -> str:
    """An applicant's folder in the office's export: `01_张三_HN-…/`, in rank order."""
    return f"{rank:02d}_{_safe_name(name)}_{receipt}/"


def _safe_name(name: str) -> str:
    return "".join(ch for ch in name if ch not in '/\\:*?"<>|').strip() or "申报人"
