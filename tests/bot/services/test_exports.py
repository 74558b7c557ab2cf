"""The 汇总表, the packets ZIP and the 公示 period, against the notices and the calendar."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from openpyxl import load_workbook

from bot.services import exports
from bot.storage import FileStore
from dialogs.profile_state import programme_by_id
from eligibility import programmes
from eligibility.model import Programme
from tests.file_stores import BOTH_STORES


def pack(programme_id: str) -> Programme:
    found = programme_by_id(programme_id)
    assert found is not None
    return found


@pytest.mark.parametrize("programme", [p.id for p in programmes()])
def test_the_summary_has_exactly_the_notices_columns_in_order(programme: str) -> None:
    found = pack(programme)
    groups = found.summary_table.groups
    row = exports.SummaryRow(1, {"name": "张三", "gender": "男"}, {"id_number": "1" * 18},
                             groups[0].label if groups else "")
    body = exports.summary_xlsx(found, [row], unit="某县人社局", filler="王经办",
                                filled_on=dt.date(2024, 1, 15))
    sheet = load_workbook(io.BytesIO(body)).active
    assert sheet is not None
    expected = [c.label + ("（请核对原表）" if c.inferred else "")
                for c in found.summary_table.columns] or list(exports.FALLBACK_COLUMNS)
    assert [str(c.value).replace("\n", "") for c in sheet[3]] == expected
    assert sheet["A1"].value == found.summary_table.title
    header = found.summary_table.header or ["填报单位（章）", "填报人", "填报时间"]
    assert str(sheet["A2"].value).startswith(f"{header[0]}：某县人社局")
    for label, value in (("填报人", "王经办"), ("填报时间", "2024年1月15日")):
        if label in header:
            assert f"{label}：{value}" in str(sheet["A2"].value)
    assert sheet.page_setup.orientation == "landscape"
    assert int(sheet.page_setup.paperSize) == int(sheet.PAPERSIZE_A4)
    assert sheet.print_title_rows == "$1:$3"
    labels = [c.label for c in found.summary_table.columns] or list(exports.FALLBACK_COLUMNS)
    values = dict(zip(labels, [c.value for c in sheet[4]], strict=True))
    assert values.get("姓名", "张三") == "张三"
    assert values.get("身份证号码", "1" * 18) == "1" * 18


@pytest.mark.parametrize("dangerous", ["=1+1", "+86 138", "-2", "@SUM(A1)",
                                       '=HYPERLINK("http://x","y")'])
def test_values_that_look_like_formulas_are_written_as_text(dangerous: str) -> None:
    row = exports.SummaryRow(1, {"name": dangerous, "phone": dangerous}, {})
    body = exports.summary_xlsx(pack("luoyang-skill-entrepreneur-star"), [row],
                                unit=dangerous, filler="x", filled_on=dt.date(2024, 1, 1))
    sheet = load_workbook(io.BytesIO(body)).active
    assert sheet is not None
    assert sheet["B4"].value == dangerous and sheet["B4"].data_type == "s"
    assert sheet["I4"].value == dangerous and sheet["I4"].data_type == "s"
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in xml and b"<f " not in xml


@BOTH_STORES
def test_the_packets_zip_holds_a_folder_per_applicant_and_the_summary(
        file_store: FileStore) -> None:
    for key, files in (("1/a.zip", {"01_目录.docx": b"a1", "03_身份证_1.jpg": b"a3"}),
                       ("2/b.zip", {"01_目录.docx": b"b1"})):
        packet = io.BytesIO()
        with zipfile.ZipFile(packet, "w") as archive:
            for name, data in files.items():
                archive.writestr(name, data)
        file_store.put(key, packet.getvalue())
    body = io.BytesIO()
    exports.packets_zip(file_store, [(1, "李/四", "R2", "2/b.zip"), (2, "张三", "R1", "1/a.zip"),
                                     (3, "王五", "R3", "3/gone.zip")], body,
                        [("汇总表.xlsx", b"XLSX")])
    with zipfile.ZipFile(body) as archive:
        assert archive.namelist() == ["汇总表.xlsx", "01_李四_R2/01_目录.docx",
                                      "02_张三_R1/01_目录.docx", "02_张三_R1/03_身份证_1.jpg"]
        assert archive.read("02_张三_R1/03_身份证_1.jpg") == b"a3"
        assert archive.read("汇总表.xlsx") == b"XLSX"


