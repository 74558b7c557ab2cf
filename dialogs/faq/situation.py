"""能 or 不能 for the situation a question states (“我61了”, “出来打工两年”, “城镇户口”).

A clerk asked “开店刚半年能报吗” says 不能 and why, not the list of every condition. When the
question states an age, a number of years or a value of a fact in the vocabulary's own words
(城镇户籍, 技师学院, 退休), the programme's hard rules that read only those facts are evaluated
on them. The verdict is said only for the rules the stated facts settle: 不能 when one fails, and
“就这一条来说可以” when they hold, since other conditions still apply.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from dialogs.faq.entries import general
from dialogs.i18n import t
from eligibility.model import Criterion, Programme
from eligibility.rules import Context, IfThen
from eligibility.vocabulary import vocabulary

_AGE = re.compile(r"(\d{2})\s*(?:周岁|岁)|我(\d{2})了")
_CHINESE = {"一": 1, "两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
            "九": 9, "十": 10, "半": 0.5}
_YEARS = re.compile(r"(\d+(?:\.\d+)?|[一两二三四五六七八九十]|半)\s*(?:多)?年(?![内前级度])")
# Words for a fact's value beyond the vocabulary's labels, as applicants write them.
_SAID = {("hukou", "urban"): ("城镇户口", "城里户口", "非农户口", "城镇户籍"),
         ("hukou", "rural"): ("农村户口", "农业户口", "农村户籍"),
         ("retired", True): ("退休了", "已退休", "退休人员"),
         ("school_type", "technician_college"): ("技师学院",),
         ("school_type", "advanced_technical_school"): ("高级技工学校", "高级技校"),
         ("employment_status", "flexible"): ("打零工", "零工", "跑外卖", "送外卖", "跑滴滴",
                                             "开网约车", "钟点工", "灵活就业"),
         ("employment_status", "self_employed"): ("开店", "开公司", "开了个公司", "开了公司",
                                                 "办公司", "开厂", "个体户", "自己创业"),
         ("business_nature", "individual_business"): ("个体户", "个体工商户"),
         ("business_nature", "private"): ("公司",),
         ("employment_status", "employed"): ("在厂里上班", "在单位上班", "上班族")}


@dataclass(frozen=True)
class Stated:
    facts: dict[str, Any]
    said: str  # the applicant's words, for the answer


def _number(text: str) -> float:
    return float(text) if text[0].isdigit() else _CHINESE[text]


def _years_facts(years: float, today: dt.date) -> dict[str, Any]:
    since = today - dt.timedelta(days=round(years * 365.25) + 1)
    out: dict[str, Any] = {}
    for name, spec in vocabulary().facts.items():
        if spec.type == "date" and name not in ("birth_date",):
            out[name] = since
        elif spec.unit.get("zh") == "年":
            out[name] = years
    return out


def _without_names(question: str) -> str:
    """The question without programme names and nicknames (“灵活就业之星” states no fact)."""
    for name in sorted([*general().nicknames, *general().groups], key=len, reverse=True):
        question = question.replace(name, "")
    return question


def stated(question: str, today: dt.date) -> Stated | None:
    """The facts the question states (an age, a number of years, values in plain words), or
    None when it states none."""
    question = _without_names(question)
    facts: dict[str, Any] = {}
    said: list[str] = []
    age = _AGE.search(question)
    if age:
        years = int(age.group(1) or age.group(2))
        yesterday = today - dt.timedelta(days=1)  # a birthday just passed: exactly that age
        day = min(yesterday.day, 28) if yesterday.month == 2 else yesterday.day
        facts["birth_date"] = dt.date(yesterday.year - years, yesterday.month, day)
        said.append(f"{years}岁")
    for (fact, value), words in _SAID.items():
        written = next((w for w in words if w in question), None)
        if written and fact not in facts:
            facts[fact] = value
            said.append(written)
    span = _YEARS.search(question) if not age else None
    if span:
        facts.update(_years_facts(_number(span.group(1)), today))
        said.append(span.group(0))
    words = list(dict.fromkeys(said))
    words = [w for w in words if not any(w != other and w in other for other in words)]
    return Stated(facts, "、".join(words)) if facts else None


def _settled(criterion: Criterion, facts: dict[str, Any], today: dt.date) -> bool | str | None:
    """True or False when the stated facts settle the rule; "if" when it applies only to some
    applicants (不从事农民工工作的…) and the stated facts fail it for them."""
    rule = criterion._compiled
    if criterion.kind != "hard" or rule is None or not rule.facts() & set(facts):
        return None
    value = rule.evaluate(Context(facts, today)).value
    if value is None and isinstance(rule, IfThen) and \
            rule.then.evaluate(Context(facts, today)).value is False:
        return "if"
    return value


def _principle_fails(criterion: Criterion, facts: dict[str, Any], today: dt.date) -> bool:
    """A 原则上 / 一般 rule the stated facts fall outside: an exception, not a refusal."""
    rule = criterion._compiled
    if criterion.kind != "soft" or rule is None or not rule.facts() & set(facts):
        return False
    return rule.evaluate(Context(facts, today)).value is False


def judge(programme: Programme, question: str, today: dt.date, locale: str) -> str | None:
    """能 / 不能 and why for the situation `question` states, when the rules settle it."""
    situation = stated(question, today)
    if situation is None:
        return None
    words = {question[i:i + 2] for i in range(len(question) - 1)}
    ranked = sorted(programme.criteria, key=lambda c: -len(words & {
        c.text[i:i + 2] for i in range(len(c.text) - 1)}))  # the rule the question speaks of
    outcomes = [(c, _settled(c, situation.facts, today)) for c in ranked]
    failed = [c for c, value in outcomes if value is False]
    held = [c for c, value in outcomes if value is True]
    def text(criterion: Criterion) -> str:
        return criterion.text_en if locale == "en" else criterion.text

    if failed:
        return t(locale, "faq.judge.no", rule=text(failed[0]), said=situation.said)
    excepted = [c for c in ranked if _principle_fails(c, situation.facts, today)]
    if excepted:
        return t(locale, "faq.judge.exception", quote=excepted[0].quote, said=situation.said)
    conditional = [c for c, value in outcomes if value == "if"]
    if conditional:
        return t(locale, "faq.judge.if_no", rule=text(conditional[0]), said=situation.said)
    if held:
        return t(locale, "faq.judge.this_one", rule=text(held[0]), said=situation.said)
    return None
