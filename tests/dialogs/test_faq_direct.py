"""The direct answers cover every field of every pack, and say it first, in one or two sentences.

For each programme and each kind of question a clerk is asked (the date, early or late
hand-in, where to send, the e-mail, word counts, copies, photos, money, quotas, contacts, 公示,
which category), the answer generated from the pack carries the pack's own value, or says the
notice is silent.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from benchmarks.faq import first_sentences
from dialogs import faq
from dialogs.faq.direct import DIRECT
from eligibility import programmes

TODAY = dt.date(2024, 1, 5)
PACKS = {p.id: p for p in programmes()}


def direct(programme_id: str, topic: str, question: str = "") -> str:
    return DIRECT[topic](PACKS[programme_id], "zh_CN", TODAY, question)


@pytest.mark.parametrize("pid", sorted(PACKS))
def test_every_topic_has_a_direct_answer_for_every_programme(pid: str) -> None:
    for topic in DIRECT:
        text = direct(pid, topic)
        assert text and PACKS[pid].name in text, (pid, topic)
        assert len(re.split(r"[。！？]", text.strip("。"))) <= 4, (pid, topic, text)


@pytest.mark.parametrize("pid", sorted(PACKS))
def test_the_direct_answers_carry_the_packs_own_values(pid: str) -> None:
    p = PACKS[pid]
    deadline = next((t for t in p.timeline if t.applicant_deadline), None)
    if deadline and deadline.end:
        assert deadline.end.zh() in direct(pid, "deadline")
    else:
        assert "以当地人社部门通知为准" in direct(pid, "deadline")
    if p.submission.email:
        assert p.submission.email in direct(pid, "email")
        assert p.submission.email in direct(pid, "send")
    if p.submission.address:
        assert p.submission.address in direct(pid, "send")
    assert p.submission.receiving_office.name in direct(pid, "send")
    for d in p.documents:
        words = d.spec.words
        for n in (words.target, words.min, words.max) if words else ():
            if n:
                assert str(n) in direct(pid, "words"), (d.id, n)
        if d.spec.copies and d.kind != "report":
            assert d.name in direct(pid, "copies")
    for c in p.contacts:
        assert all(phone in direct(pid, "contact") for phone in c.phone[:1])
    for q in p.quotas:
        if q.count is not None and q.scope != "per_city":
            assert str(q.count) in direct(pid, "quota"), q
    for r in p.rewards:
        assert r.what in direct(pid, "reward")
    publicity = [t.what for t in p.timeline if "公示" in t.what or "公示" in t.source]
    assert all(what in direct(pid, "publicity") for what in publicity)
    if not publicity:
        assert "通知没有写公示" in direct(pid, "publicity")
    assert all(c.name in direct(pid, "category") for c in p.categories)


@pytest.mark.parametrize("question,first", [
    ("长春技术能手材料提前交行不", "不可以。通知写明：“提前或逾期均不予受理”"),
    ("灵活就业之星晚几天交行不行", "不可以。通知写明：“超期未报视为放弃”"),
    ("洛阳技能创业之星材料能提前交吗", "通知没有写提前或逾期能否受理"),
    ("灵活就业之星电子版发到哪", "ggjyfwc@163.com"),
    ("洛阳技能创业之星事迹写多少字", "1000-2000字"),
    ("晋中工匠奖金多少", "每人奖励2万元"),
    ("洛阳技能创业之星每个县推几个", "每个县区推荐5名"),
    ("吉林促进就业创业先进个人要公示吗", "不少于5个工作日"),
    ("河南青年之星我该报哪一类", "分4类"),
    ("晋中工匠申报表交几份", "一式四份"),
])
def test_the_fact_asked_comes_in_the_first_two_sentences(question: str, first: str) -> None:
    answer = faq.ask(question, today=TODAY)
    assert first.replace("。", "") in first_sentences(answer.text or ""), answer.text


def test_the_category_answer_names_the_one_screening_suggests() -> None:
    answer = faq.ask("我该报哪个类别", today=TODAY, context=["henan-flexible-star"],
                     categories={"henan-flexible-star": "new_form"})
    assert "按您的回答，可以选“新就业形态劳动者”" in (answer.text or "")


@pytest.mark.parametrize("question,said", [
    ("我61岁了 能报吉林就业创业先进个人吗", "不能。通知写明：年龄须在18-60周岁；您说的是“61岁”"),
    ("我开店刚半年 能报洛阳技能创业之星不", "不能。通知写明：创办的企业须稳定经营1年以上"),
    ("技师学院毕业的能报青年之星吗", "就这一条来说可以：须为普通高等学校、高级技工学校"),
    ("退休了能报晋中工匠吗", "不能。通知写明：须在职在岗，已退休人员（含退休返聘）不参加遴选"),
])
def test_a_stated_situation_gets_neng_or_buneng_and_why(question: str, said: str) -> None:
    assert (faq.ask(question, today=TODAY).text or "").startswith(said)


def test_the_details_are_given_on_request_not_first() -> None:
    answer = faq.ask("灵活就业之星要准备什么材料", today=TODAY)
    assert "选树对象登记表" in (answer.text or "") and "一式两份" not in (answer.text or "")
    assert "一式两份" in (answer.details or "")
