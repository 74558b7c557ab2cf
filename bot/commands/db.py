"""`awardbot db upgrade`: apply the schema migrations to the configured database.

`awardbot db rekey`: after rotating AWARDBOT_SECRET_KEY (the old one kept in
AWARDBOT_SECRET_KEY_PREVIOUS), re-encrypt and re-hash the stored ID numbers under the new key,
so that the previous key can then be removed.
"""

from __future__ import annotations

import argparse
import asyncio

from bot.config import get_settings
from bot.crypto import vault_for
from bot.db.migrate import upgrade
from bot.db.session import create_engine, create_sessionmaker
from bot.db.store.answers import rekey_answers


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("db", help="database maintenance")
    actions = parser.add_subparsers(dest="db_command", required=True)
    upgrade_parser = actions.add_parser("upgrade", help="migrate the database to the newest "
                                        "schema (AWARDBOT_DATABASE_URL)")
    upgrade_parser.set_defaults(handler=run_upgrade)
    rekey_parser = actions.add_parser("rekey", help="re-encrypt stored ID numbers under the "
                                      "current AWARDBOT_SECRET_KEY (after a rotation)")
    rekey_parser.set_defaults(handler=run_rekey)


def run_upgrade(_args: argparse.Namespace) -> int:
    settings = get_settings()
    asyncio.run(upgrade(settings.database_url))
    print("database is up to date")
    return 0


def run_rekey(_args: argparse.Namespace) -> int:
    settings = get_settings()
    if settings.secret_key_previous is None:
        print("AWARDBOT_SECRET_KEY_PREVIOUS is not set: there is no previous key to move away "
              "from.")
        return 2

    async def rekey() -> int:
        await upgrade(settings.database_url)
        engine = create_engine(settings.database_url)
        try:
            async with create_sessionmaker(engine).begin() as session:
                return await rekey_answers(session, vault_for(settings))
        finally:
            await engine.dispose()

    count = asyncio.run(rekey())
    print(f"re-encrypted {count} stored values under the current key; "
          "AWARDBOT_SECRET_KEY_PREVIOUS can now be removed")
    return 0
