"""The catalogues: Chinese first, English complete, and every key a flow uses exists."""

from __future__ import annotations

import re
from pathlib import Path

from dialogs.i18n import catalogue

DIALOGS = Path(__file__).resolve().parents[2] / "dialogs"
KEY = re.compile(
    r"""(?:say|t|choose)\(\s*(?:locale,\s*|self\.locale,\s*)?"""
    r"""["']([a-z_]+\.[a-z_.]+|misunderstood|progress)["']"""
)


def test_english_catalogue_has_every_chinese_message() -> None:
    assert set(catalogue("en")) == set(catalogue("zh_CN"))


def test_every_message_key_used_in_the_code_exists() -> None:
    used: set[str] = set()
    for path in DIALOGS.rglob("*.py"):
        used.update(KEY.findall(path.read_text(encoding="utf-8")))
    assert used, "the key pattern found nothing: the test would be vacuous"
    assert used - set(catalogue("zh_CN")) == set()


def test_placeholders_agree_between_languages() -> None:
    field = re.compile(r"{(\w+)}")
    zh, en = catalogue("zh_CN"), catalogue("en")
    for key, text in zh.items():
        assert set(field.findall(text)) == set(field.findall(en[key])), key
