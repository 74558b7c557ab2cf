"""长春 (notice 003): the 候选人推荐表 (附件2, lines 131–317) with its cover page and 注意事项, and
the 档案袋封面 (附件4, lines 428–461), drawn as the notice lays them out."""

from __future__ import annotations

from typing import Any

from bot.paperwork.fonts import HEI, XIAOBIAOSONG
from tools.docx_layout import (
    CENTER,
    LEFT,
    RIGHT,
    add_lines,
    cell,
    grid,
    height,
    new_document,
    page_break,
    paragraph,
    slot,
    underline_field,
)

NOTES = (
    "1.本表供申报长春技能大奖（长春技术能手）使用，填写内容应经人事组织审核认可。",
    "2.一律用电脑A4纸打印，内容要具体、真实、字迹清楚。",
    "3.如填写内容较多，可另加附页",
    "4.此表需候选人所在单位加盖骑缝章。",
    "5.表格中涉及证明人或证明材料的，请填写证明人的姓名（如本单位人事部门的负责人）或附证明材料的复印件。",
)
WIDTHS = [2.8, 2.7, 2.8, 2.5, 1.7, 3.5]
BOXES = "{% if programme_short == '长春技能大奖' %}☑{% else %}□{% endif %}长春技能大奖    " \
        "{% if programme_short == '长春技术能手' %}☑{% else %}□{% endif %}长春技术能手"
ACHIEVEMENTS = (("获得国家\n专利情况", "patents"),
                ("荣获市级以上\n科技进步奖情况", "sci_tech_awards"),
                ("技术革新\n情况", "tech_innovation"),
                ("其他绝招绝技\n或突出贡献", "unique_skills"),
                ("职业技能竞赛\n获奖情况", "competition_awards"))
HONOURS = (("曾获得的\n荣誉称号", "honour_titles"), ("其他获奖情况", "other_awards"))


def _cover(document: Any) -> None:
    paragraph(document, "附件2", face=HEI, size="三号")
    paragraph(document, "长春技能大奖（长春技术能手）", face=XIAOBIAOSONG, size="二号",
              align=CENTER, before=110)
    paragraph(document, "候选人推荐表", face=XIAOBIAOSONG, size="二号", align=CENTER,
              before=12, after=90)
    paragraph(document, "推荐类别   " + BOXES, size="三号", align=CENTER, after=40)
    underline_field(document, "姓    名", slot("cover_name"), label_cm=2.8, value_cm=8.6)
    underline_field(document, "单    位", slot("cover_employer"), label_cm=2.8, value_cm=8.6)
    paragraph(document, "长春市人力资源和社会保障局2022年制", size="三号", align=CENTER,
              before=130)
    paragraph(document, "{{ fill_date or '年   月   日' }}", size="三号", align=CENTER, before=12)
    page_break(document)
    paragraph(document, "注意事项", face=XIAOBIAOSONG, size="小二", align=CENTER, after=18)
    for line in NOTES:
        paragraph(document, line, size="四号", indent=True, after=6)
    page_break(document)


def _head(table: Any, row: int, labels: tuple[str, str, str]) -> None:
    cell(table, row, 0, labels[0], to_column=1)
    cell(table, row, 2, labels[1], to_column=4)
    cell(table, row, 5, labels[2])
    height(table, row, 1.1)


def _three(table: Any, row: int, first: str, second: str, third: str, *,
           align: Any = CENTER) -> None:
    cell(table, row, 0, first, to_column=1)
    cell(table, row, 2, second, to_column=4, align=align)
    cell(table, row, 5, third)


def recommendation() -> Any:
    document = new_document(margins_cm=2.4)
    _cover(document)
    table = grid(document, WIDTHS, 14)
    pairs = (("姓    名", "name", "性    别", "gender"),
             ("出生日期", "birth_date", "民    族", "ethnicity"),
             ("政治面貌", "political_status", "文化程度", "education"),
             ("职业（工种）\n名称", "occupation", "技能水平", "skill_level"))
    for row, (left, left_key, right, right_key) in enumerate(pairs):
        cell(table, row, 0, left)
        cell(table, row, 1, slot(left_key))
        cell(table, row, 2, right)
        cell(table, row, 3, slot(right_key))
        height(table, row, 1.2)
    cell(table, 0, 4, "{% if photo %}{{ photo }}{% else %}照  片{% endif %}", to_row=3,
         to_column=5)
    cell(table, 4, 0, "参加工作时间")
    cell(table, 4, 1, slot("work_start"))
    cell(table, 4, 2, "从事本职业\n（工种）时间")
    cell(table, 4, 3, slot("occupation_since"))
    cell(table, 4, 4, "邮政\n编码")
    cell(table, 4, 5, slot("postcode"))
    height(table, 4, 1.2)
    wide = (("工作单位", "employer"), ("身份证号码", "id_number"),
            ("吉林银行一类\n账户账号", "bank_account"), ("通讯地址", "address"))
    for row, (label, key) in enumerate(wide, start=5):
        cell(table, row, 0, label)
        cell(table, row, 1, slot(key), to_column=5)
        height(table, row, 1.1)
    cell(table, 9, 0, "联系电话\n（座机）")
    cell(table, 9, 1, slot("landline"), to_column=2)
    cell(table, 9, 3, "手机")
    cell(table, 9, 4, slot("mobile"), to_column=5)
    height(table, 9, 1.1)
    cell(table, 10, 0, "电子邮箱")
    cell(table, 10, 1, slot("email"), to_column=5)
    height(table, 10, 1.1)
    cell(table, 11, 0, "主  要  经  历", to_column=5)
    _head(table, 12, ("起止时间", "在何单位学习、工作", "证明人"))
    cell(table, 13, 0, "{%tr for r in career_rows %}", to_column=5)
    _career_rows(table)
    paragraph(document, "", size="五号")
    second = grid(document, WIDTHS, 1)
    _head(second, 0, ("项  目", "内        容", "证明人或\n证明材料"))
    for label, key in ACHIEVEMENTS:
        row = len(second.rows)
        second.add_row()
        _three(second, row, label, slot(f"{key}_split.content"), slot(f"{key}_split.witness"),
               align=LEFT)
        height(second, row, 1.8)
    paragraph(document, "", size="五号")
    third = grid(document, WIDTHS, 1)
    _head(third, 0, ("项  目", "内        容", "证明人或\n证明材料"))
    for label, key in HONOURS:
        row = len(third.rows)
        third.add_row()
        _three(third, row, label, slot(f"{key}_split.content"), slot(f"{key}_split.witness"),
               align=LEFT)
        height(third, row, 2.4)
    for label, signed in (("本人所在单位\n推荐意见", True), ("县级人社部门\n推荐意见", True),
                          ("市级人社部门\n推荐意见", False)):
        row = len(third.rows)
        third.add_row()
        cell(third, row, 0, label, to_column=1)
        box = cell(third, row, 2, "", to_column=5, align=LEFT, valign="top")
        signature = [("签字盖章         ", RIGHT)] if signed else []
        add_lines(box, [("", LEFT), ("", LEFT), *signature, ("年      月     日   ", RIGHT)])
        height(third, row, 3.0)
    return document


def _career_rows(table: Any) -> None:
    """The three docxtpl rows of the 主要经历 table: the loop's start, one row per period, its
    end (docxtpl removes the `{%tr %}` rows and repeats the middle one)."""
    for text in ("{{ r.a }}", "{%tr endfor %}"):
        row = len(table.rows)
        table.add_row()
        if text == "{{ r.a }}":
            _three(table, row, "{{ r.a }}", "{{ r.b }}", "{{ r.c }}")
            height(table, row, 1.0)
        else:
            cell(table, row, 0, text, to_column=5)


def archive_cover() -> Any:
    """附件4: the recommending unit's envelope cover, filled by the office when it exports."""
    document = new_document()
    paragraph(document, "附件4", face=HEI, size="三号")
    paragraph(document, "第三届长春技能大奖和长春", face=XIAOBIAOSONG, size="二号", align=CENTER,
              before=24)
    paragraph(document, "技术能手申报材料档案袋封面", face=XIAOBIAOSONG, size="二号",
              align=CENTER, after=24)
    table = grid(document, [3.6, 4.4, 3.0, 5.0], 9)
    cell(table, 0, 0, "推荐类别")
    cell(table, 0, 1, BOXES, to_column=3)
    cell(table, 1, 0, "推荐单位")
    cell(table, 1, 1, slot("unit"), to_column=3)
    for row, (label, key, phone) in enumerate((("推荐单位联系人", "contact", "office_phone"),
                                               ("申报人姓名", "name", "mobile")), start=2):
        cell(table, row, 0, label)
        cell(table, row, 1, slot(key))
        cell(table, row, 2, "联系电话")
        cell(table, row, 3, slot(phone))
    cell(table, 4, 0, "申报人所在单位")
    cell(table, 4, 1, slot("employer"), to_column=3)
    cell(table, 5, 0, "申报材料目录", to_column=3)
    for row, (item, copies) in enumerate((("1.推荐函", "纸质版1份"),
                                          ("2.汇总表", "纸质版2份、电子版1份"),
                                          ("3.申报材料册（装订成册）", "纸质版1份")), start=6):
        cell(table, row, 0, item, to_column=1, align=LEFT)
        cell(table, row, 2, copies, to_column=3)
    for row in range(9):
        height(table, row, 1.6)
    return document
