"""Application boxes read by their type: what the 2026-12 walk-through typed, refused with the
reason in plain Chinese, and what a careful applicant types, kept as the form prints it."""

from __future__ import annotations

import datetime as dt

import pytest
from stdnum.cn import ric

from dialogs import fields
from dialogs.fields.numbers import read_number
from dialogs.i18n import t
from dialogs.profile_state import programme_by_id
from eligibility.model import FieldRange, FormField, WordLimit

TODAY = dt.date(2024, 1, 5)


def box(kind: str, **extra: object) -> FormField:
    return FormField(id="box", label="测试", label_en="Test", type=kind, **extra)  # type: ignore


def read(field: FormField, text: str, choice: str | None = None,
         answers: dict[str, object] | None = None) -> fields.Parsed:
    return fields.parse(field, text, choice, today=TODAY, answers=answers or {},
                        locale="zh_CN")


def refused(field: FormField, text: str, **kw: object) -> str:
    with pytest.raises(fields.FieldError) as caught:
        read(field, text, **kw)  # type: ignore[arg-type]
    error = caught.value
    return error.values["zh"] if "zh" in error.values else t("zh_CN", error.key, **error.values)


@pytest.mark.parametrize(("kind", "typed", "printed"), [
    ("mobile", "138 0013 8000", "13800138000"),
    ("mobile", "+86 138-0013-8000", "13800138000"),
    ("landline", "0379-63399296", "0379-63399296"),
    ("phone", "（0379）63399296", "0379-63399296"),
    ("phone", "13800138000", "13800138000"),
    ("postcode", "471000", "471000"),
    ("email", "Wang.Fang@163.com", "Wang.Fang@163.com"),
    ("ethnicity", "汉", "汉族"),
    ("ethnicity", "土家族", "土家族"),
    ("political_status", "党员", "中共党员"),
])
def test_what_a_careful_applicant_types_is_kept_as_the_form_prints_it(
        kind: str, typed: str, printed: str) -> None:
    assert read(box(kind), typed).value == printed


@pytest.mark.parametrize(("kind", "typed", "reason"), [
    ("mobile", "12345", "11位"),
    ("phone", "12345", "区号"),
    ("phone", "63399296", "区号"),
    ("landline", "13800138000", "区号"),
    ("postcode", "47100", "6位"),
    ("ethnicity", "1民族", "56个民族"),
    ("text", "🛵🛵😀", "文字"),
    ("text", "李🛵", "表情"),
    ("date", "2099-13-45", "日期"),
    ("date", "今天", "日期"),
    ("date", "2030-01-01", "今天（2024年1月5日）之后"),
])
def test_what_the_walk_through_typed_is_refused_with_the_reason(
        kind: str, typed: str, reason: str) -> None:
    assert reason in refused(box(kind), typed)


def test_numbers_read_chinese_numerals_and_units_and_keep_the_range() -> None:
    assert read_number("二十年") == 20
    assert read_number("两万三") == 23000
    assert read_number("1.5万") == 15000
    assert read(box("number"), "二十年").value == "20"
    assert "不能大于 60" in refused(box("number", range=FieldRange(max=60)), "八十")
    assert "不能小于 0" in refused(box("number"), "-3")
    assert "数字" in refused(box("number"), "很多")


def test_text_is_counted_in_zi_and_refused_over_the_notice_length_with_the_count() -> None:
    deeds = box("long_text", words=WordLimit(max=800))
    assert read(deeds, "字" * 800).value == "字" * 800
    reason = refused(deeds, "字" * 5000)
    assert "5000 字" in reason and "800" in reason and "多了 4200 字" in reason
    assert "多了 1 字" in refused(deeds, "字" * 801 + " \n ")
    assert "101 字" in refused(box("text"), "很" * 101)


def test_a_work_start_before_the_birth_date_is_refused() -> None:
    start = box("month", range=FieldRange(earliest="birth_date"))
    assert read(start, "2010-09", answers={"birth_date": "1990-03-01"}).value == "2010年9月"
    assert "1990年3月1日" in refused(start, "1985-09", answers={"birth_date": "1990-03-01"})


def _id(birth: str) -> str:
    body = f"410303{birth}123"
    return body + ric.calc_check_digit(body + "0")


def test_an_id_number_must_be_born_in_the_past_and_at_least_sixteen() -> None:
    number = box("id_number")
    assert "在今天之后" in refused(number, _id("20300512"))
    assert "16周岁" in refused(number, _id("20150101"))
    parsed = read(number, _id("19850615"))
    assert parsed.value == "410303********" + _id("19850615")[-4:]
    assert parsed.secret == _id("19850615")
    assert "不一样" in refused(number, _id("19850615"), answers={"birth_date": "1986-07-01"})


def test_choices_are_the_boxes_own_options_and_a_number_picks_one() -> None:
    luoyang = programme_by_id("luoyang-skill-entrepreneur-star")
    assert luoyang is not None
    nature = next(f for f in luoyang.form.fields if f.id == "business_nature")
    options = fields.options_of(nature, "zh_CN")
    assert [o.label for o in options][:2] == ["中央国有企业", "地方国有企业"]
    parsed = read(nature, "", choice="opt:private")
    assert parsed.value == "民营企业" and parsed.fact == "private"
    assert "选项" in refused(nature, "创业")


def test_the_system_fills_what_it_knows_and_never_asks_it() -> None:
    youth = programme_by_id("henan-youth-star")
    flexible = programme_by_id("henan-flexible-star")
    assert youth is not None and flexible is not None
    never = {f.id for p in (youth, flexible) for f in p.form.fields
             if f.filled or f.same_as}
    assert {"category", "filled_on", "pushing_unit", "cover_name", "region"} <= never
    from dialogs import applications as apps
    steps = set(apps.steps(youth)) | set(apps.steps(flexible))
    assert not any(step.partition(":")[2] in never for step in steps
                   if step.startswith("field:"))
