"""Which requested documents are too sensitive to collect through Telegram.

Telegram's servers are outside the PRC, so sending ID cards (and documents that show an ID
number or a face) through it is a cross-border transfer of sensitive personal information
(PIPL art. 28, 38-39). Unless `AWARDBOT_TELEGRAM_SENSITIVE_UPLOADS` allows it, such items are
collected on the web page instead. The kind comes from the programme packs' document list.
"""

from __future__ import annotations

from functools import cache

from eligibility import programmes

SENSITIVE_KINDS = frozenset({"id_card", "photo", "licence"})


@cache
def _kinds() -> dict[str, set[str]]:
    kinds: dict[str, set[str]] = {}
    for programme in programmes():
        for document in programme.documents:
            kinds.setdefault(document.id, set()).add(document.kind)
    return kinds


def is_sensitive(item: str) -> bool:
    """True when any pack's document `item` is of a sensitive kind (unknown ids that look like
    an ID card count as sensitive: better a web link too many than an ID card abroad)."""
    kinds = _kinds().get(item)
    if kinds is None:
        return "id_card" in item or "idcard" in item
    return bool(kinds & SENSITIVE_KINDS)
