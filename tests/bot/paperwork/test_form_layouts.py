"""Every form template filled with its pack's complete sample and rendered by LibreOffice, then
read back from the PDF: the page count the notice's layout takes, every label of the notice's
form (each also found in the notice itself), every value the sample gave, the photo placed,
nothing near or past the paper's edge, no ISO date, no zero-padded month, no raw code."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.paperwork import pdf
from bot.paperwork.values import printable
from dialogs.profile_state import programme_by_id
from eligibility.loader import notices_dir
from tests.bot.paperwork import pdf_checks
from tools import forms

pytestmark = pytest.mark.skipif(
    pdf.soffice() is None or pdf_checks.pdftotext() is None,
    reason="LibreOffice and poppler-utils are needed to render forms (`make office` as root)")

LABELS = {
    ("henan-flexible-star", "登记表"): (
        3 + 1, [
            "附件2", "河南省“灵活就业之星”选树对象", "登记表", "选树对象（姓名）", "所在地区",
            "推送单位", "填报日期：", "填表说明", "姓名", "性别", "民族", "出生年月", "籍贯",
            "联系电话", "政治面貌", "文化程度", "灵活就业工作地", "身份证号码", "灵活就业类型",
            "就业创业证编号", "主要工作内容", "主要就业单位或雇主",
            "个体工商户注册地址或新业态(互联网)平台企业名称", "家庭成员工作情况",
            "本人近三年社会保险费缴纳情况", "每月平均工作时长(天数/小时数)", "灵活就业平均月收入",
            "曾获荣誉", "备注", "主要事迹", "(可另附页)", "县(市、区)人力资源社会保障部门意见",
            "省辖市、济源示范区人力资源社会保障部门意见", "专家评审意见",
            "省人力资源社会保障厅意见",
            "联系人姓名：", "联系方式", "(盖章)", "年月日"]),
    ("henan-youth-star", "登记表"): (
        2, [
            "附件2", "河南省“青年就业创业之星”选树对象登记表", "申报类别：", "姓名", "性别",
            "出生年月", "民族", "籍贯", "出生地", "身份证号", "参加工作时间", "政治面貌", "学历",
            "学位", "工作单位", "职务", "曾获荣誉（奖励）", "简历", "主要事迹", "可另附纸",
            "申报单位（部门）意见", "省辖市、济源示范区人社部门意见", "专家评审意见",
            "省人力资源社会保障厅意见", "（盖章）", "年月日"]),
    ("luoyang-skill-entrepreneur-star", "登记表"): (
        3, [
            "附件2", "洛阳市“技能创业之星”推选", "登记表", "企业名称", "所在地区", "推荐单位",
            "填报日期：", "填表说明", "此表是推荐洛阳市技能创业之星用表。", "企业地址和邮编",
            "联系电话", "主要事迹", "县区人社部门推荐意见", "市级人社部门审核意见", "民族",
            "出生年月", "文化程度", "政治面貌"]),
}
CHANGCHUN = [
    "附件2", "长春技能大奖（长春技术能手）", "候选人推荐表", "推荐类别", "姓名", "单位",
    "长春市人力资源和社会保障局2022年制", "注意事项", "3.如填写内容较多，可另加附页", "性别",
    "照片",
    "出生日期", "民族", "政治面貌", "文化程度", "职业（工种）名称", "技能水平", "参加工作时间",
    "从事本职业（工种）时间", "邮政编码", "工作单位", "身份证号码", "吉林银行一类账户账号",
    "通讯地址", "联系电话（座机）", "手机", "电子邮箱", "主要经历", "起止时间",
    "在何单位学习、工作",
    "证明人", "项目", "内容", "证明人或证明材料", "获得国家专利情况", "荣获市级以上科技进步奖情况",
    "技术革新情况", "其他绝招绝技或突出贡献", "职业技能竞赛获奖情况", "曾获得的荣誉称号",
    "其他获奖情况", "本人所在单位推荐意见", "县级人社部门推荐意见", "市级人社部门推荐意见",
    "签字盖章",
    "年月日"]
LABELS[("changchun-skill-grand-prize", "登记表")] = (4, [*CHANGCHUN, "☑长春技能大奖"])
LABELS[("changchun-technical-expert", "登记表")] = (4, [*CHANGCHUN, "☑长春技术能手"])
ARCHIVE = ["附件4", "第三届长春技能大奖和长春", "技术能手申报材料档案袋封面", "推荐类别",
           "推荐单位", "推荐单位联系人", "联系电话", "申报人姓名", "申报人所在单位",
           "申报材料目录", "1.推荐函", "纸质版1份", "2.汇总表", "纸质版2份、电子版1份",
           "3.申报材料册（装订成册）",
           "长春市朝阳区人力资源和社会保障局", "0431-88520000"]
LABELS[("changchun-skill-grand-prize", "档案袋封面")] = (1, [*ARCHIVE, "☑长春技能大奖"])
LABELS[("changchun-technical-expert", "档案袋封面")] = (1, [*ARCHIVE, "☑长春技术能手"])
"""(programme, template) → (pages, the labels as the notice prints them)."""


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    out: dict[tuple[str, str], Path] = {}
    for programme in sorted({programme for programme, _ in LABELS}):
        folder = tmp_path_factory.mktemp(programme)
        for made in forms.render_samples(programme, folder):
            out[(programme, made.stem)] = made
    return out


def test_every_template_has_its_labels_listed() -> None:
    for programme_id in {programme for programme, _ in LABELS}:
        programme = programme_by_id(programme_id)
        assert programme is not None
        folder = Path(forms.render.template_path(programme, "x")).parent
        assert {(programme_id, t.stem) for t in folder.glob("*.docx")} <= set(LABELS)


@pytest.mark.parametrize("key", sorted(LABELS))
def test_the_form_prints_the_notice_layout(key: tuple[str, str],
                                           rendered: dict[tuple[str, str], Path]) -> None:
    programme_id, _ = key
    programme = programme_by_id(programme_id)
    assert programme is not None
    pages, labels = LABELS[key]
    made = rendered[key]
    content = pdf_checks.text(made)
    notice = pdf_checks.flat((notices_dir() / programme.notice).read_text(encoding="utf-8"))
    assert pdf_checks.pages(made) == pages
    for label in labels:
        if label not in forms.sample(programme_id).get("extra", {}).values():
            assert pdf_checks.flat(label).lstrip("☑") in notice, f"not the notice's: {label}"
        assert pdf_checks.has_text(made, label), f"{label} missing from the form"
    sample = forms.sample(programme_id)
    fields = {field.id: field for field in programme.form.fields}
    for field_id, value in (sample["values"] if key[1] == forms.render.FORM else {}).items():
        parts = forms.render.with_witness(printable(fields.get(field_id), value))
        for part in parts.values():
            shown = pdf_checks.flat(part)[:12]
            assert pdf_checks.has_text(made, shown), f"{field_id}: {shown} not printed"
    if sample.get("photo"):
        assert pdf_checks.images(made) >= 1
    assert pdf_checks.outside_page(made) == []
    assert not pdf_checks.ISO_DATE.search(content)
    assert not pdf_checks.PADDED_MONTH.search(content)
    assert pdf_checks.raw_codes(content) == []
    for internal in ("推定", "见附件照片", "None"):
        assert internal not in content
