"""One process of the cross-process conversation test: sends COUNT messages from one applicant
through its own `Conversation`, all at once, starting at an agreed moment.

Usage: python turns_process.py DATABASE_URL EXTERNAL_ID PREFIX COUNT START_EPOCH
"""

from __future__ import annotations

import asyncio
import sys
import time

from bot.conversation import Conversation, Message
from bot.crypto import Vault
from bot.db.session import create_engine, create_sessionmaker

SECRET = b"cross-process test secret"


async def main(url: str, external_id: str, prefix: str, count: int, start: float) -> int:
    engine = create_engine(url)
    try:
        conversation = Conversation(create_sessionmaker(engine), Vault.from_secret(SECRET))
        await asyncio.sleep(max(0.0, start - time.time()))
        results = await asyncio.gather(*(
            conversation.handle(Message("web", external_id, f"{prefix}-{n}",
                                        text=f"{prefix} {n}"))
            for n in range(count)))
    finally:
        await engine.dispose()
    answered = sum(1 for result in results if result.outbound and not result.duplicate)
    print(answered)
    return 0 if answered == count else 1


if __name__ == "__main__":
    url, external_id, prefix, count, start = sys.argv[1:6]
    sys.exit(asyncio.run(main(url, external_id, prefix, int(count), float(start))))
