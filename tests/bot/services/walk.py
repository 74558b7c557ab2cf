"""Playing an application transcript through the real Conversation, with real uploaded files.

The YAML's `upload` steps become real files (a JPEG photo or page) judged and stored by
`bot.services.documents` in the file store (a directory given as a Path means the local store),
exactly as the web adapter does, so the packet holds real bytes.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml

from bot.conversation import Conversation, Message
from bot.services.documents import judge, store
from bot.storage import FileStore, LocalFileStore
from tests.bot.services import samples
from tests.dialogs.transcript import FOLDER


def script(name: str) -> dict[str, Any]:
    return yaml.safe_load((FOLDER / f"application_{name}.yaml").read_text(encoding="utf-8"))


def today_of(name: str) -> dt.date:
    return dt.date.fromisoformat(str(script(name)["today"]))


def upload(files: FileStore | Path, data: bytes, name: str = "page.jpg") -> Any:
    return store(judge(data, name), LocalFileStore(files) if isinstance(files, Path) else files)


async def play(conversation: Conversation, name: str, files: FileStore | Path,
               who: str = "walker") -> list[str]:
    """Every step of the transcript; returns the text of the last reply."""
    texts: list[str] = []
    for number, step in enumerate(script(name)["steps"]):
        mid = f"{name}-{number}"
        if "choose" in step:
            message = Message("web", who, mid, kind="choice", choice=str(step["choose"]))
        elif "upload" in step:
            data = samples.jpeg((500, 700)) if "photo" in step["upload"]["name"] else (
                samples.jpeg((1200, 900)))
            message = Message("web", who, mid, kind="file",
                              file=upload(files, data, step["upload"]["name"]))
        else:
            message = Message("web", who, mid, kind="text", text=str(step["send"]))
        result = await conversation.handle(message)
        texts = [getattr(item, "text", "") for item in result.outbound]
    return texts
