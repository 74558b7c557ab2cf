"""Serving a fake platform API on 127.0.0.1 for a test (moved to `fakes.loopback`, shared with
the soak suite)."""

from __future__ import annotations

from fakes.loopback import on_loopback

__all__ = ["on_loopback"]
