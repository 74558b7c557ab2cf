"""河南 (notice 001): the 灵活就业之星 登记表 (附件2, lines 411–534) and the 青年就业创业之星
登记表 (附件2, lines 152–255), drawn as the notice lays them out."""

from __future__ import annotations

from typing import Any

from bot.paperwork.fonts import HEI, XIAOBIAOSONG
from tools.docx_layout import (
    CENTER,
    LEFT,
    RIGHT,
    add_lines,
    cell,
    cover_page,
    grid,
    height,
    new_document,
    page_break,
    paragraph,
    slot,
)

FLEXIBLE_INSTRUCTIONS = (
    "一、请打印填写，使用仿宋小四号字体，数字统一用阿拉伯数字，不得空项。",
    "二、选树对象必须填写真实信息，所在地区填写XX省、XX市、XX县(市、区)。推送单位指XX市人力资源社会保障局，"
    "如同为相关行业部门(平台企业)择优推送的，请在备注中予以说明。",
    "三、灵活就业类别分为个体经营者、非全日制就业者、新就业形态劳动者等。灵活就业职业类型参照方案分类内容填写。",
    "四、主要事迹力求简明扼要，重点突出，主要包括个人简介、灵活就业工作经历、工作实绩、取得荣誉和社会评价等，"
    "字数在800字以内。",
    "五、此表上报一式两份，规格为A4纸。随表附两张本人2寸白底免冠彩色近照(电子版发至邮箱),存档备用。",
)
PHOTO = "{% if photo %}{{ photo }}{% else %}照片{% endif %}"
PHOTO_BLANK = "{{ photo }}"
"""The 青年 form's photo cell has no word in the notice: blank until a photo is placed."""


def _office_box(table: Any, row: int, label: str, *, contact: str | None) -> None:
    """An opinion box: the 联系人 line at the top where the notice has one, the stamp and the
    date at the bottom right."""
    cell(table, row, 0, label)
    box = cell(table, row, 1, contact or "", to_column=4, align=LEFT, valign="top")
    add_lines(box, [("", LEFT), ("", LEFT), ("(盖章)        ", RIGHT),
                    ("年    月    日        ", RIGHT)])
    height(table, row, 3.2)


def flexible_registration() -> Any:
    document = new_document()
    cover_page(document, "河南省“灵活就业之星”选树对象",
               [("选树对象（姓名）", "cover_name"), ("所在地区", "region"),
                ("推送单位", "pushing_unit")], label_cm=5.8, value_cm=8.4)
    paragraph(document, "填表说明", face=XIAOBIAOSONG, size="小二", align=CENTER, after=18)
    for line in FLEXIBLE_INSTRUCTIONS:
        paragraph(document, line, size="四号", indent=True, after=6)
    page_break(document)
    table = grid(document, [2.6, 3.7, 2.6, 3.5, 3.6], 17)
    pairs = (("姓名", "name", "性别", "gender"), ("民族", "ethnicity", "出生年月", "birth_month"),
             ("籍贯", "native_place", "联系电话", "phone"),
             ("政治面貌", "political_status", "文化程度", "education"))
    for row, (left, left_key, right, right_key) in enumerate(pairs):
        cell(table, row, 0, left)
        cell(table, row, 1, slot(left_key))
        cell(table, row, 2, right)
        cell(table, row, 3, slot(right_key))
        height(table, row, 1.3)
    cell(table, 0, 4, PHOTO, to_row=3)
    wide = (("灵活就业\n工作地", "work_place", "身份证\n号码", "id_number"),
            ("灵活就业\n类型", "flexible_type", "就业创业证编号", "employment_certificate_number"))
    for row, (left, left_key, right, right_key) in enumerate(wide, start=4):
        cell(table, row, 0, left)
        cell(table, row, 1, slot(left_key))
        cell(table, row, 2, right)
        cell(table, row, 3, slot(right_key), to_column=4)
        height(table, row, 1.3)
    cell(table, 6, 0, "主要工作\n内容")
    cell(table, 6, 1, "{{ main_work }}", to_column=4, align=LEFT)
    height(table, 6, 1.6)
    pairs_wide = (("主要就业\n单位或\n雇主", "main_employer",
                   "个体工商户\n注册地址或\n新业态(互\n联网)平台\n企业名称",
                   "business_address_or_platform"),
                  ("家庭成员\n工作情况", "family_work", "本人近三年社会保险费缴纳情况",
                   "social_insurance_3y"),
                  ("每月平均\n工作时长\n(天数/\n小时数)", "monthly_hours", "灵活就业\n平均月收入",
                   "monthly_income"))
    for row, (left, left_key, right, right_key) in enumerate(pairs_wide, start=7):
        cell(table, row, 0, left)
        cell(table, row, 1, slot(left_key), align=LEFT)
        cell(table, row, 2, right)
        cell(table, row, 3, slot(right_key), to_column=4, align=LEFT)
        height(table, row, 2.2)
    for row, (label, key) in enumerate((("曾获荣誉", "honors"), ("备注", "remarks")), start=10):
        cell(table, row, 0, label)
        cell(table, row, 1, slot(key), to_column=4, align=LEFT)
        height(table, row, 1.8)
    cell(table, 12, 0, "主要事迹")
    deeds = cell(table, 12, 1, "(可另附页)", to_column=4, align=CENTER, valign="top")
    add_lines(deeds, [("{{ main_deeds }}", LEFT)])
    height(table, 12, 10.5)
    contact = "联系人姓名：         联系方式："
    _office_box(table, 13, "县(市、\n区)人力\n资源社会\n保障部门\n意见", contact=contact)
    _office_box(table, 14, "省辖市、\n济源示范\n区人力\n资源社会\n保障部门\n意见", contact=contact)
    _office_box(table, 15, "专家评审意见", contact=None)
    _office_box(table, 16, "省人力资\n源社会保\n障厅意见", contact=None)
    return document


def _stamp_box(table: Any, row: int, label: str, last: int, tall: float = 3.2) -> None:
    """An opinion box of the 青年 form: （盖章） and 年 月 日 at its bottom right."""
    cell(table, row, 0, label)
    box = cell(table, row, 1, "", to_column=last, align=LEFT, valign="top")
    add_lines(box, [("", LEFT), ("（盖章）        ", RIGHT), ("年    月    日    ", RIGHT)])
    height(table, row, tall)


def youth_registration() -> Any:
    document = new_document()
    paragraph(document, "附件2", face=HEI, size="三号")
    paragraph(document, "河南省“青年就业创业之星”选树对象登记表", face=XIAOBIAOSONG,
              size="小二", align=CENTER, before=6, after=6)
    paragraph(document, "申报类别：{{ category }}", size="四号", after=4)
    table = grid(document, [1.9, 2.3, 1.9, 2.3, 1.9, 2.3, 3.4], 13)
    triples = (("姓名", "name", "性别", "gender", "出生年月", "birth_month"),
               ("民族", "ethnicity", "籍贯", "native_place", "出生地", "birthplace"),
               ("政治\n面貌", "political_status", "学历", "education", "学位", "degree"))
    for row, spec in zip((0, 1, 3), triples, strict=True):
        for index in range(3):
            cell(table, row, index * 2, spec[index * 2])
            cell(table, row, index * 2 + 1, slot(spec[index * 2 + 1]))
        height(table, row, 1.3)
    cell(table, 2, 0, "身份\n证号")
    cell(table, 2, 1, slot("id_number"), to_column=3)
    cell(table, 2, 4, "参加工\n作时间")
    cell(table, 2, 5, slot("work_start"))
    height(table, 2, 1.3)
    cell(table, 0, 6, PHOTO_BLANK, to_row=3)
    cell(table, 4, 0, "工作\n单位")
    cell(table, 4, 1, slot("employer"), to_column=3)
    cell(table, 4, 4, "职务")
    cell(table, 4, 5, slot("position"), to_column=6)
    height(table, 4, 1.3)
    cell(table, 5, 0, "曾获\n荣誉\n（奖励）")
    cell(table, 5, 1, slot("honors"), to_column=6, align=LEFT)
    height(table, 5, 2.2)
    cell(table, 6, 0, "简\n\n\n历")
    cell(table, 6, 1, slot("resume"), to_column=6, align=LEFT, valign="top")
    height(table, 6, 5.0)
    cell(table, 7, 0, "主\n要\n事\n迹")
    deeds = cell(table, 7, 1, "可另附纸", to_column=6, align=CENTER, valign="top")
    add_lines(deeds, [(slot("main_deeds"), LEFT)])
    height(table, 7, 6.0)
    cell(table, 8, 0, "主\n要\n事\n迹")
    cell(table, 8, 1, "", to_column=6)
    height(table, 8, 8.0)
    _stamp_box(table, 9, "申报\n单位\n（部门）意见", 6)
    _stamp_box(table, 10, "省辖市、济源示范区\n人社\n部门\n意见", 6)
    _stamp_box(table, 11, "专家\n评审\n意见", 6)
    _stamp_box(table, 12, "省人\n力资\n源社\n会保\n障厅\n意见", 6)
    return document
