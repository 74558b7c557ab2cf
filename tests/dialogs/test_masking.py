"""The one masking function: by shape, valid or not, with separators, and nothing else touched."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from dialogs.masking import mask_text, mask_tree

VALID = "11010519491231002X"


def test_id_numbers_are_masked_whether_or_not_they_are_valid() -> None:
    for number in (VALID, VALID.lower(), "410102198001010000", "220102198502030046",
                   "110105194912310021", "410102800101001"):
        masked = mask_text(f"我的身份证是{number}。")
        assert number not in masked and number[:6] in masked and number[-4:].upper() in masked
    assert mask_text(VALID) == "110105********002X"
    assert mask_text("１１０１０５１９４９１２３１００２Ｘ") == "110105********002X"


def test_numbers_typed_in_groups_are_masked_whole() -> None:
    assert mask_text("220102 19850203 0046") == "220102********0046"
    assert mask_text("2201-0219-8502-0300-46") == "220102********0046"
    assert mask_text("卡号 6222 0200 1234 5678 901") == "卡号 ***************8901"
    assert (mask_text("手机 138 0000 1234，或 +86-139-0000-5678")
            == "手机 138****1234，或 139****5678")


def test_what_is_not_such_a_number_is_left_alone() -> None:
    for text in ("回执号 HN-2024-0920-000A", "2024年1月15日 13:00", "金额 12000 元",
                 "工号 20240115", "12345678901", "电话 0379-6543 2100", "15岁"):
        assert mask_text(text) == text


def test_a_tree_is_masked_in_every_string() -> None:
    tree = {"said": [VALID, {"phone": "13800138000", "n": 13800138000}], "ok": True}
    assert mask_tree(tree) == {"said": ["110105********002X",
                                        {"phone": "138****8000", "n": 13800138000}], "ok": True}


BOUNDARY = st.sampled_from(["", " ", "，", "。", "：", "是", "号", "\n", "（", "-"])
"""What may stand beside a typed number; digits and Latin letters glued to it make a longer
code (a hash, a file id), which is not masked."""


@given(st.text(max_size=20), BOUNDARY, st.sampled_from([" ", "-", ""]), BOUNDARY,
       st.text(max_size=20), st.integers(0, 10**18 - 1), st.booleans(), st.booleans())
def test_no_id_shaped_run_survives_masking(head: str, left: str, sep: str, right: str,
                                           tail: str, digits: int, with_x: bool,
                                           short: bool) -> None:
    number = f"{digits:018d}"[:17] + ("X" if with_x else f"{digits:018d}"[-1])
    number = number[:15] if short else number
    typed = sep.join((number[:6], number[6:-4], number[-4:]))
    head = head if left or not head or not head[-1].isascii() else head + "，"
    tail = tail if right or not tail or not tail[0].isascii() else "，" + tail
    masked = mask_text(f"{head}{left}{typed}{right}{tail}")
    compact = masked.replace(sep, "") if sep else masked
    assert number not in compact and number.lower() not in compact
