"""The web applicant's identity: a random token in a signed, HttpOnly, SameSite cookie.

The token is the applicant's external id on the `web` channel. It is signed with HMAC-SHA256
under a key derived from the app secret, so a visitor cannot pick someone else's token by
guessing or editing the cookie; the token itself is 128 random bits, so it cannot be guessed
either. While the app secret is being rotated, cookies signed under the previous secret still
verify (and the page re-signs them), so applicants on the web keep their conversation. No
third-party signing library: the standard library's `hmac` is all this needs.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

COOKIE_NAME = "awardbot_id"
COOKIE_MAX_AGE = 180 * 24 * 3600
_PURPOSE = b"awardbot/web-cookie"


class CookieSigner:
    """Signs and verifies applicant tokens with a key derived from the app's master secret."""

    def __init__(self, secret: bytes, previous: bytes | None = None) -> None:
        self._key = hmac.new(secret, _PURPOSE, hashlib.sha256).digest()
        self._keys = [self._key] + ([hmac.new(previous, _PURPOSE, hashlib.sha256).digest()]
                                    if previous is not None else [])

    def _signature(self, token: str, key: bytes | None = None) -> str:
        return hmac.new(key or self._key, token.encode("ascii"), hashlib.sha256).hexdigest()

    def new_token(self) -> str:
        """A fresh applicant token (URL-safe, no dots)."""
        return secrets.token_hex(16)

    def sign(self, token: str) -> str:
        """The cookie value for `token`."""
        return f"{token}.{self._signature(token)}"

    def verify(self, value: str | None) -> str | None:
        """The token in a cookie value, or None if it is missing, malformed or forged."""
        if not value or value.count(".") != 1:
            return None
        token, signature = value.split(".")
        if not token.isalnum() or len(token) > 64:
            return None
        if any(hmac.compare_digest(signature, self._signature(token, key)) for key in self._keys):
            return token
        return None
