"""A clerk hears which award is meant without its name, and answers the form, the level and the
rule the question is about (issue 18, tuned on tests/dialogs/faq_dev_h18.yaml)."""

from __future__ import annotations

import datetime as dt
import re

from dialogs.faq import ask
from dialogs.faq.items import document_answer
from eligibility import programmes

TODAY = dt.date(2024, 1, 5)


def test_a_place_is_narrowed_by_the_words_describing_one_of_its_awards() -> None:
    smaller = ask("长春那个小一级的奖 给多少钱", today=TODAY)
    assert smaller.programme == "changchun-technical-expert" and "5000元" in (smaller.text or "")
    assert smaller.programme_from == "described"
    units = ask("吉林评单位的那个农民工奖 企业要成立几年", today=TODAY)
    assert units.programme == "jilin-migrant-worker-collective"


def test_a_description_without_a_place_yields_to_the_application_in_hand() -> None:
    alone = ask("那个五千块的奖 几级工能报", today=TODAY)
    assert alone.programme == "changchun-technical-expert" and alone.programme_from == "cue"
    held = ask("那个五千块的奖 几级工能报", today=TODAY, context=["changchun-skill-grand-prize"])
    assert held.programme == "changchun-skill-grand-prize"
    asking = ask("送外卖的能报什么奖", today=TODAY)
    assert asking.programme_from != "cue"


def test_a_question_on_the_form_of_the_material_gets_the_notice_clause() -> None:
    font = ask("事迹材料正文用啥字体", today=TODAY, context=["jinzhong-craftsman"])
    assert "3号仿宋字" in (font.text or "")
    sides = ask("材料单面打印还是双面", today=TODAY, context=["jinzhong-craftsman"])
    assert "正反打印" in (sides.text or "")
    pdf = ask("登记表要弄成啥格式发过去", today=TODAY, context=["henan-youth-star"])
    assert "PDF" in (pdf.text or "")


def test_the_date_of_the_level_the_question_names() -> None:
    city = ask("灵活就业之星 市里几号前报到省厅", today=TODAY)
    assert "2024年1月25日" in (city.text or "") and "2024年1月15日" not in (city.text or "")
    county = ask("灵活就业之星县里几号前报到市里", today=TODAY)
    assert "2024年1月15日" in (county.text or "")


def test_a_count_the_applicant_states_is_no_quota_question() -> None:
    answer = ask("我自己开网店带了十几个人就业 能报吉林促进就业创业先进个人不", today=TODAY)
    assert answer.matched != "jilin-employment-individual/quota"
    assert "自主创业" in (answer.text or "")


def test_of_several_programmes_the_one_whose_notice_alone_has_the_rule_answers() -> None:
    answer = ask("吉林那个奖 城镇户口能报吗", today=TODAY)
    assert answer.clarify == () and answer.programme == "jilin-migrant-worker-individual"
    assert "户籍在农村" in (answer.text or "")


def test_the_words_count_of_the_form_box_the_question_names_comes_first() -> None:
    box = ask("登记表上主要事迹那一栏写多少字", today=TODAY,
              context=["luoyang-skill-entrepreneur-star"])
    assert (box.text or "").index("500字左右") < (box.text or "").index("1000-2000字")
    table = ask("汇总表里的业绩写多少字", today=TODAY, context=["changchun-technical-expert"])
    assert "不超过300字" in (table.text or "")


def test_a_document_answer_carries_the_notice_contents_and_no_field_ids() -> None:
    essay = ask("河南打零工那个奖的事迹材料写啥内容", today=TODAY)
    assert "个人简介、灵活就业工作经历、工作实绩、取得荣誉和社会评价" in (essay.text or "")
    for programme in programmes():
        for document in programme.documents:
            text = document_answer(programme, document, "zh_CN")
            assert not re.search(r"[a-z]+_[a-z]+", text), text


def test_a_step_the_question_names_is_answered_with_its_date() -> None:
    answer = ask("洛阳市技能创业之星 宣传活动到啥时候", today=TODAY)
    assert "12月31日" in (answer.text or "").split("\n")[0]


def test_another_award_described_while_applying_is_a_question_about_both() -> None:
    answer = ask("能不能顺便把农民工那个也报了", today=TODAY,
                 context=["jilin-employment-individual"])
    assert "不能重复申报" in (answer.text or "")


def test_a_short_rule_for_two_programmes_is_a_line_each_not_a_clarifying_question() -> None:
    answer = ask("长春的 要几级证", today=TODAY)
    assert answer.clarify == () and answer.programme is None
    assert "高级技师" in (answer.text or "") and "高级工" in (answer.text or "")


def test_programmes_whose_notices_say_the_same_get_one_answer_naming_both() -> None:
    answer = ask("长春的材料交几份", today=TODAY)
    assert (answer.text or "").startswith("长春技能大奖、长春技术能手：")
    assert (answer.text or "").count("一式两份") == 1
