"""Splitting long texts: every part within the limit, nothing lost, cuts at good places."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from handlers.splitting import split_message, split_parts, utf8_bytes, utf16_units

TEXTS = st.text(alphabet=st.sampled_from(list("申报条件说明ab1 ，。！\n👍")), max_size=3000)


@settings(max_examples=300, deadline=None)
@given(TEXTS, st.integers(min_value=8, max_value=600))
def test_the_parts_joined_are_the_text_and_each_fits(text: str, limit: int) -> None:
    for size in (utf8_bytes, utf16_units):
        parts = split_parts(text, limit, size)
        assert "".join(parts) == text
        assert all(size(part) <= limit for part in parts)


@settings(max_examples=200, deadline=None)
@given(TEXTS, st.integers(min_value=40, max_value=600))
def test_every_message_fits_and_keeps_every_visible_character(text: str, limit: int) -> None:
    messages = split_message(text, limit, utf8_bytes)
    assert all(utf8_bytes(m) <= limit for m in messages)
    if len(messages) > 1:
        bodies = [m.split("\n", 1)[1] for m in messages]
        assert [m.split("\n", 1)[0] for m in messages] == [
            f"({n}/{len(messages)})" for n in range(1, len(messages) + 1)]
        assert "".join(bodies).replace("\n", "") == text.replace("\n", "")
    else:
        assert messages == [text]


def test_a_text_that_fits_is_one_unnumbered_message() -> None:
    assert split_message("您好。", 2048, utf8_bytes) == ["您好。"]


def test_cuts_prefer_paragraphs_then_sentences() -> None:
    text = "第一段。" * 10 + "\n\n" + "第二段，很长。" * 10
    assert split_parts(text, utf8_bytes(text) - 3, utf8_bytes) == [
        "第一段。" * 10 + "\n\n", "第二段，很长。" * 10]
    sentences = "一句话说完了。" * 30
    parts = split_parts(sentences, 200, utf8_bytes)
    assert all(part.endswith("。") for part in parts)
