"""`awardbot chat`: the applicant conversation in the terminal, on the configured database.

The terminal user is one applicant on the `console` channel (`--as NAME`, default "local"), so
quitting and starting again continues where the conversation stopped; `--new` starts a fresh
applicant.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import uuid

from bot.commands import today
from bot.config import get_settings
from bot.conversation import Conversation
from bot.crypto import vault_for
from bot.db.migrate import upgrade
from bot.db.session import create_engine, create_sessionmaker
from bot.storage import open_store
from handlers import console


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("chat", help="talk to the assistant in the terminal")
    parser.add_argument("--as", dest="who", default="local",
                        help="who you are on the console channel (default: local)")
    parser.add_argument("--new", action="store_true", help="start as a new applicant")
    today.add_option(parser)
    parser.set_defaults(handler=run)


async def _chat(who: str) -> None:
    settings = get_settings()
    await upgrade(settings.database_url)
    engine = create_engine(settings.database_url)
    try:
        clock = today.system_clock()
        conversation = Conversation(create_sessionmaker(engine),
                                    vault_for(settings), clock=clock,
                                    files=open_store(settings))
        if clock.banner():
            print(clock.banner(), flush=True)
        await console.run(conversation, who, sys.stdin, sys.stdout)
    finally:
        await engine.dispose()


def run(args: argparse.Namespace) -> int:
    who = f"new-{uuid.uuid4().hex[:12]}" if args.new else args.who
    try:
        asyncio.run(_chat(who))
    except KeyboardInterrupt:
        print()
    except BrokenPipeError:
        sys.stderr.close()
    return 0
