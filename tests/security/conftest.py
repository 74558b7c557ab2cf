"""The attacks of issue 13 replayed against the real server; the dashboard fixture is shared."""

from tests.handlers.web.staff.conftest import board  # noqa: F401 (a fixture offered here)
