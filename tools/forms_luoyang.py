"""洛阳 (notice 000): the 技能创业之星 推选登记表 (附件2, lines 49–105): cover page with 企业名称 /
所在地区 / 推荐单位 / 填报日期, the 填表说明 page, then the grid.

The notice's text keeps the grid's last rows (企业地址和邮编 | 联系电话, 主要事迹, the two opinion
boxes) but not its upper rows; those carry the pack's form labels (the boxes the 填表说明 names:
企业所有制性质, 企业职工人数, 企业规模（产值）), in the same label | value pairs.
"""

from __future__ import annotations

from typing import Any

from bot.paperwork.fonts import XIAOBIAOSONG
from tools.docx_layout import (
    CENTER,
    LEFT,
    cell,
    cover_page,
    grid,
    height,
    new_document,
    page_break,
    paragraph,
    slot,
)

INSTRUCTIONS = (
    "此表是推荐洛阳市技能创业之星用表。",
    "一、请打印填写，使用仿宋小四号字体，数字统一用阿拉伯数字，不得空项。",
    "二、企业名称必须准确，填写全称，不要简化，所在地填写XX市、XX县区，推荐单位指洛阳市XX县区、有关部门；"
    "企业所在制性质指中央国有企业、地方国有企业、集体企业、国有控股企业、民营企业、合资企业、外资企业、"
    "个体工商户；企业职工人数、企业规模（产值）指2020年数据。",
    "三、主要事迹力求简明扼要，重点突出，字数在500字左右。",
    "四、此表上报一式2份，规格为A4纸。",
    "五、随报表附2张本人2寸白底免冠彩色近照（电子版发至邮箱），备存档用。",
)


def registration() -> Any:
    document = new_document()
    cover_page(document, "洛阳市“技能创业之星”推选",
               [("企业名称", "business_name"), ("所在地区", "region"),
                ("推荐单位", "recommending_unit")], label_cm=2.8, value_cm=11.2)
    paragraph(document, "填 表 说 明", face=XIAOBIAOSONG, size="小二", align=CENTER, after=18)
    for line in INSTRUCTIONS:
        paragraph(document, line, size="四号", indent=True, after=6)
    page_break(document)
    table = grid(document, [3.0, 5.0, 3.0, 5.0], 9)
    pairs = (("姓名", "name", "性别", "gender"), ("民族", "ethnicity", "出生年月", "birth_month"),
             ("文化程度", "education", "政治面貌", "political_status"),
             ("企业所有制\n性质", "business_nature", "企业职工人数\n（2020年）",
              "business_employees"),
             ("企业规模\n（产值，2020年）", "business_output", "", ""),
             ("企业地址\n和邮编", "business_address", "联系电话", "phone"))
    for row, (left, left_key, right, right_key) in enumerate(pairs):
        cell(table, row, 0, left)
        if right:
            cell(table, row, 1, slot(left_key))
            cell(table, row, 2, right)
            cell(table, row, 3, slot(right_key))
        else:
            cell(table, row, 1, slot(left_key), to_column=3)
        height(table, row, 1.4)
    cell(table, 6, 0, "主\n\n要\n\n事\n\n迹")
    cell(table, 6, 1, slot("main_deeds"), to_column=3, align=LEFT, valign="top")
    height(table, 6, 8.5)
    for row, label in ((7, "县区人社部门推荐意见"), (8, "市级人社部门审核意见")):
        cell(table, row, 0, label)
        cell(table, row, 1, "", to_column=3)
        height(table, row, 3.4)
    return document
