"""The one masking function: ID, bank card and mobile numbers in any text we store, log or show.

Masking goes by shape, never by validity. The ID question accepts numbers whose place code
python-stdnum does not list and the applicant may mistype a check digit, so a checksum test
would let real numbers through; anything that looks like a number we must not keep is starred:

- a run of 15 or more digits (an 18-character ID number may end in X), typed together or in
  groups split by spaces or hyphens (`220102 19850203 0046`, `6222-0200-1234-5678-901`): an ID
  number keeps its place code and last four (`110105********002X`), anything else (a bank card
  number) only its last four;
- an 11-digit mainland mobile number (1[3-9]…, also after +86 or 86): `138****0000`.

Receipt numbers (`HN-2024-0920-000A`), dates, amounts and short codes are shorter than these
shapes, or glued to letters, and pass unchanged. The bot shell applies `mask_text` /
`mask_tree` at the store boundary (events, transcript, stored replies, tickets, FAQ questions),
in the log filter and on the page; the dialogs apply it to questions they keep. Pure: no I/O.
"""

from __future__ import annotations

import re
from typing import Any

_SEPARATOR = "[ \u3000\u00a0-]"
_DIGIT = "[0-9\uff10-\uff19]"
"""ASCII and full-width digits (a Chinese keyboard types either)."""
_ALNUM = "0-9\uff10-\uff19A-Za-z"
_NUMBER_RUN = re.compile(
    rf"(?<![{_ALNUM}])\+?{_DIGIT}(?:{_SEPARATOR}?{_DIGIT})+(?:{_SEPARATOR}?[XxＸｘ])?"
    rf"(?![{_ALNUM}])")
_NOT_DIGIT = re.compile(r"[^0-9Xx]")
_FULL_WIDTH = str.maketrans("０１２３４５６７８９Ｘｘ", "0123456789Xx")
_MOBILE = re.compile(r"(?:86)?(1[3-9][0-9]{9})")
_GROUPS = re.compile(_SEPARATOR)
LONG_RUN = 15
"""Digits from which a run is masked whatever it is: ID numbers are 15 or 18 characters, bank
card numbers 16 to 19."""


def _masked(run: str) -> str:
    digits = _NOT_DIGIT.sub("", run.translate(_FULL_WIDTH))
    if len(digits) >= LONG_RUN:
        if len(digits) in (15, 18):
            return digits[:6] + "*" * (len(digits) - 10) + digits[-4:].upper()
        return "*" * (len(digits) - 4) + digits[-4:]
    mobile = _MOBILE.fullmatch(digits)
    if mobile is not None:
        number = mobile.group(1)
        return number[:3] + "****" + number[-4:]
    groups = _GROUPS.split(run.translate(_FULL_WIDTH).lstrip("+"))
    starts = [sum(len(g) for g in groups[:i]) for i in range(len(groups))]
    if any(_MOBILE.match(digits, start) for start in starts):
        return "*" * (len(digits) - 4) + digits[-4:]
    return run


def mask_text(text: str) -> str:
    """`text` with every ID-shaped, bank-card-shaped and mobile number masked."""
    if not any(c.isdigit() for c in text):
        return text
    return _NUMBER_RUN.sub(lambda found: _masked(found.group(0)), text)


def mask_tree(value: Any) -> Any:
    """`mask_text` applied to every string in a JSON-like value (dict keys stay as they are)."""
    if isinstance(value, str):
        return mask_text(value)
    if isinstance(value, dict):
        return {key: mask_tree(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [mask_tree(item) for item in value]
    return value


def id_shaped(text: str) -> list[str]:
    """The ID-shaped runs (15 or 18 characters once separators are dropped) left in `text`:
    what the store's last check refuses, whether or not the number is valid."""
    return [found.group(0) for found in _NUMBER_RUN.finditer(text)
            if len(_NOT_DIGIT.sub("", found.group(0).translate(_FULL_WIDTH))) in (15, 18)]
