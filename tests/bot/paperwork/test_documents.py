"""The documents the packet writes itself: the essay in its notice's faces and sizes under the
applicant's own title, the values printed as the notice writes them, the contents numbered
without gaps and never listing the office's own papers."""

from __future__ import annotations

from pathlib import Path

from docx import Document as read_docx

from bot.paperwork import contents
from bot.paperwork.render import table_rows, with_witness
from bot.paperwork.values import printable
from bot.services import forms
from dialogs.applications import steps
from dialogs.profile_state import programme_by_id


def _pack(programme_id: str):  # type: ignore[no-untyped-def]
    pack = programme_by_id(programme_id)
    assert pack is not None
    return pack


def test_the_jinzhong_essay_is_set_in_2号_title_and_3号_body_under_the_applicants_title(
        tmp_path: Path) -> None:
    pack = _pack("jinzhong-craftsman")
    essay = next(d for d in pack.documents if d.kind == "essay")
    forms.essay(essay, "", {}, "匠心铸就玛钢梦\n我从事铸造工作二十年。\n带出徒弟三十人。",
                tmp_path / "e.docx")
    document = read_docx(str(tmp_path / "e.docx"))
    title, *body = [p for p in document.paragraphs if p.text]
    assert title.text == "匠心铸就玛钢梦"
    assert title.runs[0].font.size.pt == 22 and title.runs[0].font.name == "方正小标宋简体"
    assert [p.text for p in body] == ["我从事铸造工作二十年。", "带出徒弟三十人。"]
    assert all(p.runs[0].font.size.pt == 16 and p.runs[0].font.name == "仿宋_GB2312"
               for p in body)


def test_an_essay_without_a_title_line_is_headed_by_the_items_name_only(tmp_path: Path) -> None:
    pack = _pack("henan-flexible-star")
    essay = next(d for d in pack.documents if d.kind == "essay")
    forms.essay(essay, "", {}, "我从2015年开始经营早餐店，带动了三个人就业。", tmp_path / "e.docx")
    texts = [p.text for p in read_docx(str(tmp_path / "e.docx")).paragraphs if p.text]
    assert texts == [essay.name, "我从2015年开始经营早餐店，带动了三个人就业。"]


def test_values_print_as_the_notice_writes_them_and_blanks_stay_blank() -> None:
    pack = _pack("henan-flexible-star")
    fields = {f.id: f for f in pack.form.fields}
    assert printable(fields["filled_on"], "2026-12-02") == "2026年12月2日"
    assert printable(fields["birth_month"], "1990年03月") == "1990年3月"
    assert printable(fields["birth_month"], "1990-03-15") == "1990年3月"
    assert printable(fields["flexible_type"], "individual_business") == "个体经营者"
    assert printable(fields["remarks"], None) == ""
    assert printable(fields["remarks"], "") == ""


def test_a_table_box_splits_each_line_and_keeps_what_does_not_split() -> None:
    assert table_rows("2009.01至今 长春某公司 焊接班班长 刘明\n在家务农", 3) == [
        ["2009.01至今", "长春某公司 焊接班班长", "刘明"], ["", "在家务农", ""]]
    assert with_witness("改进焊接工艺（证明人：刘明）") == {"content": "改进焊接工艺",
                                                       "witness": "刘明"}
    assert with_witness("改进焊接工艺") == {"content": "改进焊接工艺", "witness": ""}


def test_the_contents_are_numbered_without_gaps_and_leave_out_the_offices_papers() -> None:
    pack = _pack("changchun-technical-expert")
    office = {d.id for d in pack.documents if d.by == "office"}
    assert {"recommendation_report", "expert_review_opinion", "publicity_screenshot"} <= office
    assert not {step.partition(":")[2] for step in steps(pack)} & office, "asked of the applicant"
    app = {"items": {d.id: {"status": "provided", "files": [{"ref": "x", "kind": "jpeg"}]}
                     for d in pack.documents if d.id not in ("diploma",)}}
    items = contents.plan(pack, app)
    assert [i.number for i in items] == list(range(1, len(items) + 1))
    assert items[0].label == "目录" and items[1].label == pack.form.title
    assert not office & {i.document for i in items}
    assert "diploma" not in {i.document for i in items}
    lines = contents.contents_lines(items)
    assert lines[0] == f"2. {pack.form.title}" and "（1页/张）" in lines[1]
    assert contents.file_name(items[2], 1, "jpeg") == f"03_{items[2].label}_1.jpg"


def test_the_archive_cover_is_the_offices_filled_with_its_contact_and_the_applicant() -> None:
    import io

    from bot.paperwork import office

    pack = _pack("changchun-technical-expert")
    body = office.archive_cover(pack, {"name": "赵铁军", "mobile": "13904312345",
                                       "employer": "长春某汽车零部件有限公司"},
                                unit="长春市朝阳区人力资源和社会保障局", contact="王经办",
                                office_phone="0431-88520000")
    assert body is not None
    document = read_docx(io.BytesIO(body))
    text = "\n".join(cell.text for table in document.tables for row in table.rows
                     for cell in row.cells)
    for wanted in ("☑长春技术能手", "□长春技能大奖", "长春市朝阳区人力资源和社会保障局", "王经办",
                   "0431-88520000", "赵铁军", "13904312345", "长春某汽车零部件有限公司",
                   "纸质版2份、电子版1份"):
        assert wanted in text, wanted
    assert office.archive_cover(_pack("henan-flexible-star"), {}, unit="", contact="",
                                office_phone="") is None
