"""Rendering for WeChat: numbered options, option words for free-text questions, links."""

from __future__ import annotations

from dialogs.types import Link, Option, Question, Text, UploadRequest
from handlers.wechat.render import MAX_TEXT_BYTES, render


def test_a_few_options_are_numbered_with_a_reply_hint() -> None:
    [text] = render(Question("是否同意？", (Option("y", "同意"), Option("n", "不同意")),
                             free_text=False))
    assert text == "是否同意？\n\n1. 同意\n2. 不同意\n\n回复 1 / 2"


def test_a_long_list_gets_a_range_instead_of_every_number() -> None:
    options = tuple(Option(f"k{n}", f"选项{n}") for n in range(12))
    assert "回复 1～12" in render(Question("哪个市？", options, free_text=False))[0]


def test_a_question_whose_answer_is_a_number_lists_option_words_not_numbers() -> None:
    [text] = render(Question("连续工作了几年？", (Option("unknown", "不清楚"),), numbered=False))
    assert "· 不清楚" in text and "1." not in text


def test_a_question_that_also_takes_typed_answers_still_numbers_its_options() -> None:
    """Numbers work on every question (an ID number or a date is never a bare “1”)."""
    [text] = render(Question("请输入身份证号码", (Option("skip", "不方便"),), free_text=True))
    assert "1. 不方便" in text


def test_a_multi_select_question_says_several_numbers_may_be_sent() -> None:
    [text] = render(Question("选几项", (Option("a", "甲"), Option("b", "乙")), multi=True))
    assert "1. 甲" in text and "1 3" in text


def test_upload_requests_and_links_carry_their_url() -> None:
    assert render(UploadRequest("请上传", "essay"), lambda item: f"https://x/{item}") \
        == ["请上传\nhttps://x/essay"]
    assert render(Link("查看", "https://x/y")) == ["查看\nhttps://x/y"]


def test_a_long_text_is_split_into_numbered_parts_within_the_limit_not_clipped() -> None:
    text = "\n\n".join(f"第{n}条：" + "很长的说明，" * 50 for n in range(8))
    parts = render(Question(text, (Option("y", "好的"),)))
    assert len(parts) > 1
    assert all(len(part.encode("utf-8")) <= MAX_TEXT_BYTES for part in parts)
    assert [p.split("\n", 1)[0] for p in parts] == [
        f"({n}/{len(parts)})" for n in range(1, len(parts) + 1)]
    bodies = [p.split("\n", 1)[1] for p in parts]
    assert "\n\n".join(bodies) == text + "\n\n1. 好的\n\n回复 1"


def test_an_empty_text_is_no_message() -> None:
    assert render(Text("")) == []
