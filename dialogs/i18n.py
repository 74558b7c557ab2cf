"""Message catalogues: every user-facing string of the dialogs comes from gettext `.po` files.

Message ids are stable keys (`consent.ask`); the Chinese catalogue is primary and the English one
must stay complete (a test compares them). Babel reads the `.po` files directly, so there is no
compile step to forget.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

from babel.messages.pofile import read_po

DOMAIN = "awardbot"
DEFAULT_LOCALE = "zh_CN"


@cache
def catalogue(locale: str) -> dict[str, str]:
    path = resources.files("dialogs").joinpath(f"locales/{locale}/LC_MESSAGES/{DOMAIN}.po")
    with path.open("rb") as handle:
        po = read_po(handle, locale=locale)
    return {str(m.id): str(m.string) for m in po if m.id and m.string}


def t(locale: str, key: str, **values: Any) -> str:
    """The message `key` in `locale`, formatted with `values`; falls back to Chinese."""
    messages = catalogue(locale if locale in ("zh_CN", "en") else DEFAULT_LOCALE)
    text = messages.get(key) or catalogue(DEFAULT_LOCALE)[key]
    return text.format(**values) if values else text


def lang(locale: str) -> str:
    """The short language code used by data files (`zh` / `en`)."""
    return "en" if locale == "en" else "zh"
