"""Each 汇总表 exported as XLSX, printed by LibreOffice and read back from the PDF: one page of
A4 landscape, text of at least 9 pt, the notice's title, header and footer words, its columns
(the unpublished ones marked “（请核对原表）”), 长春's two groups in one table, its 注, the
applicants' values, and no ISO date or raw code."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from bot.paperwork import pdf
from bot.services import exports
from dialogs.profile_state import programme_by_id
from tests.bot.paperwork import pdf_checks
from tools import forms

pytestmark = pytest.mark.skipif(
    pdf.soffice() is None or pdf_checks.pdftotext() is None,
    reason="LibreOffice and poppler-utils are needed to render forms (`make office` as root)")

TABLES = {
    "luoyang-skill-entrepreneur-star": ["推荐单位（章）：洛阳市洛龙区人力资源和社会保障局",
                                        "填报人：王经办", "填报时间：2021年12月8日"],
    "henan-flexible-star": [
        "省辖市（济源示范区）人力资源社会保障部门（章）：洛阳市人力资源和社会保障局"],
    "changchun-skill-grand-prize": ["推荐单位：", "长春技能大奖候选人", "长春技术能手候选人",
                                    "填表人：王经办", "填表日期：2021年12月8日",
                                    "联系电话：0431-88520000",
                                    "注：按推荐先后顺序排列长春技术能手候选人；"],
}
UNITS = {"luoyang-skill-entrepreneur-star": "洛阳市洛龙区人力资源和社会保障局",
         "henan-flexible-star": "洛阳市人力资源和社会保障局",
         "changchun-skill-grand-prize": "长春市朝阳区人力资源和社会保障局"}
FILLED = dt.date(2021, 12, 8)


def _rows(programme_id: str) -> list[exports.SummaryRow]:
    pack = programme_by_id(programme_id)
    assert pack is not None
    groups = pack.summary_table.groups
    if not groups:
        values = forms.sample(programme_id)["values"]
        return [exports.SummaryRow(1, values, {}), exports.SummaryRow(2, values, {})]
    return [exports.SummaryRow(rank, forms.sample(group.programme)["values"], {}, group.label)
            for group in groups for rank in (1, 2)]


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("summaries")
    sheets = []
    for programme_id in TABLES:
        pack = programme_by_id(programme_id)
        assert pack is not None
        path = folder / f"{programme_id}.xlsx"
        path.write_bytes(exports.summary_xlsx(pack, _rows(programme_id),
                                              unit=UNITS[programme_id], filler="王经办",
                                              filled_on=FILLED, phone="0431-88520000"))
        sheets.append(path)
    return {made.stem: made for made in pdf.to_pdf(sheets, folder)}


@pytest.mark.parametrize("programme_id", sorted(TABLES))
def test_the_summary_table_prints_as_the_notice_defines_it(
        programme_id: str, printed: dict[str, Path]) -> None:
    pack = programme_by_id(programme_id)
    assert pack is not None
    made = printed[programme_id]
    content = pdf_checks.text(made)
    assert pdf_checks.pages(made) == 1
    smallest = min(w.box[3] - w.box[1] for w in pdf_checks.words(made))
    assert smallest >= 9, f"text printed at {smallest:.1f} pt"
    assert pdf_checks.outside_page(made, margin=8) == []
    for words in [pack.summary_table.title, *TABLES[programme_id]]:
        assert pdf_checks.has_text(made, words), words
    for column in pack.summary_table.columns:
        label = column.label + ("（请核对原表）" if column.inferred else "")
        assert pdf_checks.has_text(made, label), label
        if not column.inferred:
            assert not pdf_checks.has_text(made, column.label + "（请核对原表）")
    for row in _rows(programme_id):
        assert pdf_checks.has_text(made, str(row.fields["name"]))
    assert not pdf_checks.ISO_DATE.search(content)
    assert pdf_checks.raw_codes(content) == []
    assert "推定" not in content and "补全" not in content
