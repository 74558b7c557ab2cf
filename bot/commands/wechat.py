"""`awardbot wechat menu`: publish the official account's custom menu."""

from __future__ import annotations

import argparse
import asyncio

from bot.config import get_settings
from bot.db.migrate import upgrade
from handlers.wechat.menu import publish_menu


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("wechat", help="WeChat official account tasks")
    actions = parser.add_subparsers(dest="wechat_command", required=True)
    menu = actions.add_parser(
        "menu", help="publish the custom menu 开始申报 / 我的申报 / 常见问题 "
        "(needs AWARDBOT_WECHAT_APP_ID and AWARDBOT_WECHAT_APP_SECRET)")
    menu.set_defaults(handler=run_menu)


def run_menu(_args: argparse.Namespace) -> int:
    settings = get_settings()

    async def main() -> None:
        await upgrade(settings.database_url)
        await publish_menu(settings)

    try:
        asyncio.run(main())
    except ValueError as error:
        print(f"awardbot wechat menu: {error}")
        return 2
    except Exception as error:
        print(f"awardbot wechat menu: WeChat refused the menu ({type(error).__name__}: {error})")
        return 1
    print("menu published: 开始申报 / 我的申报 / 常见问题")
    return 0
