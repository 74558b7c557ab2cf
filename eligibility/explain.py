"""Plain-language descriptions of an applicant's facts, for reasons that name their value.

A reason must let the applicant see exactly where they fall short (“须在1988年12月31日以后出生，
您的出生日期是1986年7月1日”), so each fact type knows how to say its value in Chinese or English.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from eligibility.rules import whole_years
from eligibility.vocabulary import Vocabulary

LEVEL_NAMES = {
    "zh": {"national": "国家级", "provincial": "省级", "city": "市级", "county": "县级"},
    "en": {"national": "national", "provincial": "provincial", "city": "city",
           "county": "county"},
}
REGION = ("province", "city", "county")


def format_date(value: dt.date, locale: str = "zh") -> str:
    if locale == "zh":
        return f"{value.year}年{value.month}月{value.day}日"
    return value.strftime("%-d %B %Y")


def describe_value(vocab: Vocabulary, name: str, value: Any, locale: str = "zh") -> str:
    spec = vocab[name]
    if spec.type == "bool":
        return ("是" if value else "否") if locale == "zh" else ("yes" if value else "no")
    if spec.type == "date":
        return format_date(value, locale)
    if spec.type == "number":
        unit = spec.unit.get(locale, "")
        number = int(value) if float(value).is_integer() else value
        return f"{number}{unit}" if locale == "zh" else f"{number} {unit}".strip()
    if spec.type == "enum":
        return spec.value_label(value, locale)
    if spec.type == "enum_list":
        sep = "、" if locale == "zh" else ", "
        none = "无" if locale == "zh" else "none"
        return sep.join(spec.value_label(v, locale) for v in value) or none
    if spec.type == "honors":
        return _describe_honors(value, locale)
    if spec.type == "id_number":
        return value.number[:6] + "********" + value.number[-4:]
    return str(value)


def _describe_honors(honors: list[Any], locale: str) -> str:
    if not honors:
        return "无" if locale == "zh" else "none"
    parts = []
    for honor in honors:
        year = (f"{honor.year}年" if locale == "zh" else f"{honor.year} ") if honor.year else ""
        parts.append(f"{year}{LEVEL_NAMES[locale][honor.level]}“{honor.title}”")
    return ("、" if locale == "zh" else ", ").join(parts)


def describe_facts(vocab: Vocabulary, names: tuple[str, ...], facts: dict[str, Any],
                   on: dt.date, locale: str = "zh") -> str:
    """Say the applicant's values for the facts that decided a criterion."""
    phrases: list[str] = []
    region = [facts[n] for n in REGION if n in names and n in facts]
    if region:
        phrases.append(f"您所在地区是{''.join(region)}" if locale == "zh"
                       else f"you are in {' '.join(region)}")
    for name in names:
        if name in REGION or (name != "age" and name not in facts):
            continue
        if name == "age":
            age = whole_years(facts["birth_date"], on)
            phrases.append(f"您的年龄是{age}周岁（出生日期{format_date(facts['birth_date'])}）"
                           if locale == "zh" else f"you are {age}")
            continue
        label = vocab[name].label[locale]
        value = describe_value(vocab, name, facts[name], locale)
        if vocab[name].type == "bool":
            phrases.append(f"您对“{label}”的回答是“{value}”" if locale == "zh"
                           else f"you answered {value} to “{label}”")
        else:
            phrases.append(f"您的{label}是{value}" if locale == "zh"
                           else f"your {label} is {value}")
    if not phrases:
        return ""
    return "，".join(phrases) if locale == "zh" else "; ".join(phrases)


def describe_situation(vocab: Vocabulary, names: tuple[str, ...], facts: dict[str, Any],
                       on: dt.date, locale: str = "zh") -> str:
    """The applicant's values of `names`, compact enough for parentheses: “出生日期：1988年12月
    29日；曾获荣誉：2021年省级“…””, for an exception the office decides."""
    parts: list[str] = []
    for name in dict.fromkeys(names):
        if name == "age" and "birth_date" in facts:
            age = whole_years(facts["birth_date"], on)
            parts.append(f"年龄：{age}周岁（{format_date(facts['birth_date'])}出生）"
                         if locale == "zh" else f"age {age}")
        elif name in facts and name in vocab:
            label = vocab[name].label[locale]
            value = describe_value(vocab, name, facts[name], locale)
            parts.append(f"{label}：{value}" if locale == "zh" else f"{label}: {value}")
    return ("；" if locale == "zh" else "; ").join(parts)
