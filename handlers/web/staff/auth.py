"""Staff sessions, CSRF tokens and expiring download links, all HMAC-signed.

A session cookie carries the account id, the account's session epoch (bumped by "log out
everywhere"), an expiry and a random nonce, signed with a key derived from the app secret. It is
HttpOnly and SameSite=Strict (Secure behind https). The CSRF token of every form is an HMAC of
that nonce, so it is worth nothing without the cookie and vice versa; the login form, which has
no session yet, is tied the same way to a short-lived pre-login cookie. Document and packet links
are signed for one staff member and one file, and expire after `LINK_MINUTES`.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass

SESSION_COOKIE = "awardbot_staff"
LOGIN_COOKIE = "awardbot_staff_login"
SESSION_HOURS = 10
LINK_MINUTES = 5


@dataclass(frozen=True)
class SessionData:
    staff_id: int
    epoch: int
    nonce: str


class Signer:
    """Every signature the dashboard makes, each under its own derived key."""

    def __init__(self, secret: bytes) -> None:
        self._keys = {purpose: hmac.new(secret, f"awardbot/staff/{purpose}".encode(),
                                        hashlib.sha256).digest()
                      for purpose in ("session", "csrf", "link")}

    def _mac(self, purpose: str, text: str) -> str:
        return hmac.new(self._keys[purpose], text.encode(), hashlib.sha256).hexdigest()

    def session_cookie(self, staff_id: int, epoch: int, *, now: float | None = None) -> str:
        expires = int((now or time.time()) + SESSION_HOURS * 3600)
        body = f"{staff_id}.{epoch}.{expires}.{secrets.token_hex(16)}"
        return f"{body}.{self._mac('session', body)}"

    def read_session(self, value: str | None, *, now: float | None = None) -> SessionData | None:
        parts = (value or "").split(".")
        if len(parts) != 5:
            return None
        body, signature = ".".join(parts[:4]), parts[4]
        if not hmac.compare_digest(signature, self._mac("session", body)):
            return None
        staff_id, epoch, expires, nonce = parts[:4]
        if not (staff_id.isdigit() and epoch.isdigit() and expires.isdigit()):
            return None
        if int(expires) < (now or time.time()):
            return None
        return SessionData(int(staff_id), int(epoch), nonce)

    def csrf(self, nonce: str) -> str:
        return self._mac("csrf", nonce)

    def csrf_ok(self, nonce: str | None, token: str | None) -> bool:
        return bool(nonce and token) and hmac.compare_digest(self.csrf(nonce or ""),
                                                             token or "")

    def link(self, staff_id: int, path: str, *, now: float | None = None) -> str:
        """`path` with an expiry and a signature for this staff member, as a query string."""
        expires = int((now or time.time()) + LINK_MINUTES * 60)
        signature = self._mac("link", f"{staff_id}|{path}|{expires}")
        return f"{path}?exp={expires}&sig={signature}"

    def link_ok(self, staff_id: int, path: str, expires: str | None, signature: str | None, *,
                now: float | None = None) -> bool:
        if not expires or not expires.isdigit() or not signature:
            return False
        if int(expires) < (now or time.time()):
            return False
        return hmac.compare_digest(signature, self._mac("link", f"{staff_id}|{path}|{expires}"))
