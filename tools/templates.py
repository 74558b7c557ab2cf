"""`make templates`: draw every form template into its pack's `forms/` folder.

    python -m tools.templates            # all of them
    python -m tools.templates henan-flexible-star
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

from eligibility.loader import programmes_dir
from tools import forms_changchun, forms_henan, forms_luoyang

TEMPLATES: dict[tuple[str, str], Callable[[], Any]] = {
    ("henan-flexible-star", "登记表"): forms_henan.flexible_registration,
    ("henan-youth-star", "登记表"): forms_henan.youth_registration,
    ("luoyang-skill-entrepreneur-star", "登记表"): forms_luoyang.registration,
    ("changchun-skill-grand-prize", "登记表"): forms_changchun.recommendation,
    ("changchun-technical-expert", "登记表"): forms_changchun.recommendation,
    ("changchun-skill-grand-prize", "档案袋封面"): forms_changchun.archive_cover,
    ("changchun-technical-expert", "档案袋封面"): forms_changchun.archive_cover,
}
"""(programme, template name) → the function that draws it; the names are the ones
`bot.paperwork.templates` looks up."""


def main(argv: list[str]) -> None:
    for (programme, name), draw in TEMPLATES.items():
        if argv and programme not in argv:
            continue
        folder = programmes_dir() / programme / "forms"
        folder.mkdir(exist_ok=True)
        draw().save(str(folder / f"{name}.docx"))
        print(f"{programme}/forms/{name}.docx")


if __name__ == "__main__":
    main(sys.argv[1:])
