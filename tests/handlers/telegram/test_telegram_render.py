"""Rendering for Telegram: inline keyboards, and sensitive uploads sent to the web page."""

from __future__ import annotations

from typing import Any

from aiogram import Bot

from dialogs.types import Option, Question, Text, UploadRequest
from handlers.telegram.channel import TelegramChannel, markup
from handlers.telegram.render import MAX_TEXT, NUMBERED, Button, Outgoing, render, render_turn


def _channel(sensitive_uploads: bool) -> TelegramChannel:
    def unused() -> Any:
        raise AssertionError("not needed for rendering")

    return TelegramChannel(Bot("1:render"), unused, unused,
                           upload_link=lambda chat, item: f"https://x.test/h/{chat}-{item}",
                           sensitive_uploads=sensitive_uploads)


def test_options_become_one_button_per_row_with_the_key_as_callback_data() -> None:
    question = Question("您在哪个省？", (Option("henan", "河南省"), Option("jilin", "吉林省")))
    [out] = render(question)
    buttons = [(b.callback_data, b.text) for b in out.buttons]
    assert buttons == [("henan", "河南省"), ("jilin", "吉林省")]


def test_an_empty_text_sends_nothing() -> None:
    assert render(Text("")) == []


def test_an_id_card_request_goes_to_the_web_page_by_default() -> None:
    channel = _channel(sensitive_uploads=False)
    [out] = render(UploadRequest("请上传身份证", "id_card"), lambda n: channel._web_link("9", n))
    assert "https://x.test/h/9-id_card" in out.text
    assert out.buttons[0].url == "https://x.test/h/9-id_card"


def test_an_id_card_request_stays_in_telegram_when_sensitive_uploads_are_allowed() -> None:
    channel = _channel(sensitive_uploads=True)
    [out] = render(UploadRequest("请上传身份证", "id_card"), lambda n: channel._web_link("9", n))
    assert (out.text, out.buttons) == ("请上传身份证", ())


def test_an_ordinary_document_is_asked_for_in_telegram() -> None:
    channel = _channel(sensitive_uploads=False)
    [out] = render(UploadRequest("请上传推荐表", "recommendation_form"),
                   lambda n: channel._web_link("9", n))
    assert out.buttons == ()


def test_buttons_become_one_inline_keyboard_row_each() -> None:
    [out] = render(Question("?", (Option("a", "甲"), Option("b", "乙"))))
    keyboard = markup(out)
    assert keyboard is not None
    assert [[b.callback_data for b in row] for row in keyboard.inline_keyboard] == [["a"], ["b"]]


def test_a_confirmation_and_the_next_question_arrive_as_one_message() -> None:
    question = Question("您在哪个市？", (Option("luoyang", "洛阳市"),))
    assert render_turn([Text("好的：河南省。"), Text(""), question]) == [
        Outgoing("好的：河南省。\n\n您在哪个市？", (Button("洛阳市", callback_data="luoyang"),))]


def test_a_message_with_buttons_is_never_joined_with_what_follows() -> None:
    first = Question("继续吗？", (Option("yes", "继续"),))
    messages = render_turn([first, Text("另外：截止日期是1月15日。")])
    assert [m.text for m in messages] == ["继续吗？", "另外：截止日期是1月15日。"]
    assert messages[0].buttons and not messages[1].buttons


def test_texts_too_long_together_stay_apart_in_order() -> None:
    long = "长" * (MAX_TEXT - 4)
    messages = render_turn([Text(long), Text("下一条消息")])
    assert [m.text for m in messages] == [long, "下一条消息"]


def test_a_text_over_the_limit_arrives_whole_in_numbered_parts_with_buttons_last() -> None:
    paragraphs = [f"第{n}段：" + "申报条件说明。" * 60 for n in range(12)]
    text = "\n\n".join(paragraphs)
    question = Question(text, (Option("yes", "继续"),))
    messages = render_turn([Text("好的。"), question, Text("另外一句。")])
    parts = [m for m in messages if NUMBERED.match(m.text)]
    assert len(parts) >= 2 and messages[0].text == "好的。"
    assert all(len(m.text.encode("utf-16-le")) // 2 <= MAX_TEXT for m in messages)
    assert [m.text.split("\n", 1)[0] for m in parts] == [
        f"({n}/{len(parts)})" for n in range(1, len(parts) + 1)]
    bodies = [m.text.split("\n", 1)[1] for m in parts]
    assert "\n\n".join(bodies) == text, "cut only at paragraph breaks, nothing lost"
    assert [bool(m.buttons) for m in parts] == [False] * (len(parts) - 1) + [True]
    assert messages[-1].text == "另外一句。"


def test_emoji_count_as_two_units_towards_the_limit() -> None:
    messages = render(Text("👍" * 3000))
    assert len(messages) == 2
    assert all(len(m.text.encode("utf-16-le")) // 2 <= MAX_TEXT for m in messages)
