"""When results come, where material goes, whom to contact: every answer from the notice.

The direct answer (`text`) says the fact asked first; the full answer is `details`.
"""

from __future__ import annotations

import datetime as dt

import pytest

from dialogs import faq
from dialogs.faq.results import after_handing_in
from eligibility import programmes

TODAY = dt.date(2024, 1, 5)


def ask(question: str, *context: str, locale: str = "zh_CN") -> faq.Answer:
    return faq.ask(question, today=TODAY, locale=locale, context=list(context))


def test_the_results_answer_gives_the_review_date_the_notice_sets() -> None:
    answer = ask("河南青年之星啥时候出结果")
    assert answer.matched == "henan-youth-star/results"
    assert "省人社厅组织专家评委审核评议，择优遴选（2024年2月5日）" in (answer.text or "")
    assert "省人社厅组织专家评委审核评议，择优遴选：2024年2月5日" in (answer.details or "")


def test_an_undated_notice_says_so_and_dates_nothing() -> None:
    answer = ask("什么时候出结果", "jilin-migrant-worker-individual")
    text = answer.text or ""
    assert "在省人社厅门户网站集中公示拟表彰对象" in text and "通知没有写明时间" in text
    assert "以当地人社部门通知为准" in text and "2024年" not in text + (answer.details or "")


def test_results_count_from_the_step_after_the_applicants_deadline() -> None:
    steps = {p.id: [s.id for s in after_handing_in(p)] for p in programmes()}
    assert steps["henan-youth-star"] == ["provincial_review", "publicity"]
    assert steps["jilin-employment-collective"][0] == "city_publicity"


def test_results_without_a_programme_list_each_one() -> None:
    answer = ask("多久能出结果")
    assert answer.matched == "all/results"
    assert "河南省“灵活就业之星”：" in (answer.text or "")
    assert "河南省“灵活就业之星”：2024年2月5日" in (answer.details or "")


def test_results_in_english_use_the_english_step_names() -> None:
    answer = ask("when are the results announced", "henan-youth-star", locale="en")
    assert "Expert review and selection by the provincial department (2024-02-05)" in (
        answer.text or "")
    assert "Expert review and selection by the provincial department: 2024-02-05" in (
        answer.details or "")


@pytest.mark.parametrize("question,address", [
    ("长春技术能手材料送哪", "长春市朝阳区西民主大街809号A座2楼208室"),
    ("晋中工匠材料往哪送", "晋中市龙湖大街141号市人社局职业能力建设科"),
    ("晋中工匠地址在哪", "晋中市龙湖大街141号市人社局职业能力建设科"),
])
def test_a_question_where_to_send_material_gets_the_address(question: str, address: str) -> None:
    assert address in (ask(question).text or "")


@pytest.mark.parametrize("question,email", [
    ("洛阳技能创业之星材料发哪个邮箱", "lysjyb@163.com"),
    ("灵活就业之星邮箱多少", "ggjyfwc@163.com"),
    ("青年就业创业之星的电子邮箱", "hnsrstjyjqnz@163.com"),
])
def test_a_question_for_the_email_gets_it(question: str, email: str) -> None:
    assert email in (ask(question).text or "")


def test_the_contact_answer_carries_phone_email_address_and_receiving_office() -> None:
    answer = ask("技能大奖联系方式")
    assert answer.matched == "changchun-skill-grand-prize/contact"
    assert "于昊辰，电话0431-88522559" in (answer.text or "")
    details = answer.details or ""
    assert "0431-88522559" in details and "西民主大街809号" in details
    assert "受理您申报的是：推荐单位" in details


def test_a_contact_already_giving_the_email_is_not_repeated() -> None:
    text = ask("灵活就业之星联系方式").details or ""
    assert text.count("ggjyfwc@163.com") == 1


def test_a_programmes_own_entry_wins_a_tie_with_a_topic() -> None:
    assert ask("晋中工匠邮箱是多少").matched == "jinzhong-craftsman/email"


def test_when_the_list_is_published_is_a_results_question() -> None:
    assert ask("晋中工匠名单啥时候公布").matched == "jinzhong-craftsman/results"


@pytest.mark.parametrize("question,programme,said", [
    ("灵活就业之星什么时候公示", "henan-flexible-star", "在省人社厅网站公示5个工作日"),
    ("吉林农民工先进个人公示几天", "jilin-migrant-worker-individual",
     "在所在单位公示推荐对象（不少于5个工作日）"),
])
def test_a_public_notice_question_gets_each_level_the_notice_names(
        question: str, programme: str, said: str) -> None:
    answer = ask(question)
    assert answer.matched == f"{programme}/publicity" and said in (answer.text or "")


@pytest.mark.parametrize("question", ["洛阳技能创业之星要公示吗", "青年之星在哪里公示"])
def test_a_notice_without_a_public_notice_says_it_has_none(question: str) -> None:
    assert "通知没有写公示" in (ask(question).text or "")
