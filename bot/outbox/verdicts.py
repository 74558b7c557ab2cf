"""What a platform's answer to one send means for the outbox row, and when to try again.

Every sender turns its platform's answer into one of these, so the decision what to do with a
failure lives in one place (`bot.outbox.worker`) for every channel:

- `Accepted`: the platform took the message; only now is the row marked sent.
- `Retry`: a transient failure (5xx, a timeout, a reset connection, 429 with `retry_after`,
  WeChat's -1 “系统繁忙”): tried again after `after` seconds, or after an exponential backoff.
- `Final`: the platform will never take it (blocked the bot, unfollowed, no such user, outside
  the 48-hour window); `fallback` asks the channel's fallback route (a WeChat template message)
  before the row is dead-lettered.

Refreshing an access token and trying once more (WeChat 40001/42001) happens inside the
sender, which then answers one of the three.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Accepted:
    route: str = "message"


@dataclass(frozen=True)
class Retry:
    reason: str
    after: float | None = None
    """Seconds the platform asked us to wait (429 `retry_after`); None: our backoff."""
    sent_parts: int = 0
    """Parts of a split message the platform already accepted: the retry starts after them,
    so the reader never gets part 1 twice."""


@dataclass(frozen=True)
class Final:
    code: str
    """A short, fixed name for `/metrics` (blocked, unsubscribed, bad_recipient, ...)."""
    reason: str
    fallback: bool = False


Verdict = Accepted | Retry | Final


@dataclass(frozen=True)
class Backoff:
    """Exponential backoff: `base` · 2^(attempt-1), at most `cap`; a message still failing
    after `give_up_after` since it was queued is dead-lettered (`gave_up`)."""

    base: float = 2.0
    cap: float = 600.0
    give_up_after: dt.timedelta = dt.timedelta(hours=24)

    def delay(self, attempts: int) -> float:
        return float(min(self.cap, self.base * 2 ** max(0, attempts - 1)))
