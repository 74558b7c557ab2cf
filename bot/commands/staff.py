"""`awardbot staff add`: create a staff account and print its one-time password; and the demo
office account `awardbot serve` creates when `AWARDBOT_DEMO=1` (what `make run` sets).

The password is printed once and never stored in clear; run the command again with `--reset`
to issue a new one (it also unlocks the account and ends its sessions). `awardbot staff
allocate` records the quota a province allocated to an office after the notice.
"""

from __future__ import annotations

import argparse
import asyncio
import os

from aiohttp import web

from bot.config import get_settings
from bot.db.migrate import upgrade
from bot.db.session import create_engine, create_sessionmaker
from bot.db.staff import ROLES
from bot.runtime import SESSIONS, SETTINGS
from bot.services import review, staff

DEMO_ENV = "AWARDBOT_DEMO"
DEMO_USERNAME = "demo"
DEMO_OFFICE = "河南省/洛阳市/洛龙区"


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("staff", help="staff accounts of the county dashboard (/staff/)")
    actions = parser.add_subparsers(dest="staff_command", required=True)
    add = actions.add_parser("add", help="create an account and print its one-time password")
    add.add_argument("--office", required=True,
                     help="office key, e.g. 河南省/洛阳市/洛龙区 (a county), 河南省/洛阳市 "
                          "(a city); the offices a packet goes to use the same keys")
    add.add_argument("--role", required=True, choices=ROLES,
                     help="office: its own packets; reviewer: what the offices under it "
                          "recommended; admin: everything under its office (河南省 covers "
                          "河南省/...); national_admin: every office")
    add.add_argument("--username", required=True)
    add.add_argument("--name", default="", help="the name shown as 填报人 (default: username)")
    add.add_argument("--reset", action="store_true",
                     help="the account exists: issue a new one-time password instead")
    add.set_defaults(handler=run_add)
    allocate = actions.add_parser(
        "allocate", help="record the quota a province allocated to an office (the dashboard "
        "then enforces it, e.g. Jilin's 150%%-200%% of the allocation)")
    allocate.add_argument("--office", required=True)
    allocate.add_argument("--programme", required=True, help="programme id")
    allocate.add_argument("--count", required=True, type=int)
    allocate.set_defaults(handler=run_allocate)


def run_add(args: argparse.Namespace) -> int:
    try:
        password = asyncio.run(_add(args))
    except staff.AccountError as error:
        print(f"无法创建账号：{error}")
        return 2
    if password is None:
        print(f"没有用户名为 {args.username} 的账号。")
        return 2
    print(f"账号 {args.username}（{args.role}，{args.office}）的一次性密码：{password}")
    print("请妥善转交本人；系统不保存明文密码。")
    return 0


async def _add(args: argparse.Namespace) -> str | None:
    settings = get_settings()
    await upgrade(settings.database_url)
    engine = create_engine(settings.database_url)
    try:
        async with create_sessionmaker(engine).begin() as session:
            if args.reset:
                return await staff.reset_password(session, args.username)
            _, password = await staff.create_account(session, args.username, args.office,
                                                     args.role, display_name=args.name)
            return password
    finally:
        await engine.dispose()


def run_allocate(args: argparse.Namespace) -> int:
    async def allocate() -> None:
        settings = get_settings()
        await upgrade(settings.database_url)
        engine = create_engine(settings.database_url)
        try:
            async with create_sessionmaker(engine).begin() as session:
                await review.set_allocation(session, args.office, args.programme, args.count)
        finally:
            await engine.dispose()

    try:
        asyncio.run(allocate())
    except review.ActionRefused as error:
        print(f"无法录入：{error}")
        return 2
    print(f"已录入：{args.office} · {args.programme} 分配名额 {args.count} 名")
    return 0


def demo_enabled() -> bool:
    return os.environ.get(DEMO_ENV, "").strip() not in ("", "0", "false", "no")


async def demo_account(app: web.Application) -> None:
    """On startup: make sure the demo office account exists, give it a fresh password, and
    print how to log in."""
    async with app[SESSIONS].begin() as session:
        password = await staff.reset_password(session, DEMO_USERNAME, one_time=False)
        if password is None:
            _, password = await staff.create_account(
                session, DEMO_USERNAME, DEMO_OFFICE, "office", display_name="演示经办人",
                password=staff.one_time_password())
    settings = app[SETTINGS]
    print(f"演示工作台：{settings.public_url}/staff/  用户名 {DEMO_USERNAME}  密码 {password}\n"
          f"  （{DEMO_OFFICE}的经办账号；密码每次启动重新生成。在 {settings.public_url}/ "
          "以洛阳市洛龙区申报并提交，材料就会出现在工作台里）", flush=True)
