"""The fake Bot API for the telegram tests; it lives in `fakes.bot_api`, shared with the soak
suite and the benchmarks."""

from __future__ import annotations

from fakes.bot_api import SECRET, TOKEN, FakeBotApi, callbacks, keyboard

__all__ = ["SECRET", "TOKEN", "FakeBotApi", "callbacks", "keyboard"]
