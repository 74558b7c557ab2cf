"""The applicant's phone web page: server-rendered chat that works without JavaScript."""

from handlers.web.views import setup_routes

__all__ = ["setup_routes"]
