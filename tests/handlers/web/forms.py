"""What a browser sends with the page's forms: every hidden field (message id, opening flag)."""

from __future__ import annotations

import re

HIDDEN = re.compile(r'<input type="hidden" name="(\w+)" value="([^"]*)">')


def hidden_fields(body: str) -> dict[str, str]:
    """The hidden fields of the page's answer forms (they carry the same values)."""
    return dict(HIDDEN.findall(body))
