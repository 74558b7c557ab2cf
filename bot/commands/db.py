"""`awardbot db upgrade`: apply the schema migrations to the configured database."""

from __future__ import annotations

import argparse
import asyncio

from bot.config import get_settings
from bot.db.migrate import upgrade


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("db", help="database maintenance")
    actions = parser.add_subparsers(dest="db_command", required=True)
    upgrade_parser = actions.add_parser("upgrade", help="migrate the database to the newest "
                                        "schema (AWARDBOT_DATABASE_URL)")
    upgrade_parser.set_defaults(handler=run_upgrade)


def run_upgrade(_args: argparse.Namespace) -> int:
    settings = get_settings()
    asyncio.run(upgrade(settings.database_url))
    print("database is up to date")
    return 0
