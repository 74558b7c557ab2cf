"""`make forms`: every programme's forms filled with a complete sample, to DOCX, PDF and PNG
under `var/forms/<programme>/`, for a reviewer to hold beside the notice's 附件.

    python -m tools.forms                 # every programme with a sample
    python -m tools.forms henan-flexible-star
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

from bot.paperwork import pdf, render
from dialogs.profile_state import programme_by_id

SAMPLES = Path(__file__).with_name("samples")
OUT = Path("var/forms")


def sample(programme_id: str) -> dict[str, Any]:
    return yaml.safe_load((SAMPLES / f"{programme_id}.yaml").read_text(encoding="utf-8"))


def sample_photo() -> bytes:
    """A plain portrait placeholder (a grey head and shoulders on white) as a 3:4 phone photo,
    so the 照片 cell shows the crop to 5:7."""
    import io

    from PIL import Image, ImageDraw
    image = Image.new("RGB", (900, 1200), "white")
    draw = ImageDraw.Draw(image)
    draw.ellipse((300, 250, 600, 620), fill="#777777")
    draw.rectangle((180, 700, 720, 1200), fill="#555555")
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def render_samples(programme_id: str, out: Path) -> list[Path]:
    """The filled DOCX of every template the pack has, converted to PDF; returns the PDFs."""
    programme = programme_by_id(programme_id)
    if programme is None:
        raise SystemExit(f"unknown programme {programme_id}")
    data = sample(programme_id)
    out.mkdir(parents=True, exist_ok=True)
    docs = []
    for template in sorted((render.template_path(programme, "x").parent).glob("*.docx")):
        target = out / template.name
        render.render(programme, template.stem, data["values"], target,
                      photo=sample_photo() if data.get("photo") else None,
                      extra=data.get("extra"))
        docs.append(target)
    return pdf.to_pdf(docs, out)


def main(argv: list[str]) -> None:
    names = argv or sorted(path.stem for path in SAMPLES.glob("*.yaml"))
    for name in names:
        for made in render_samples(name, OUT / name):
            for stale in made.parent.glob(f"{made.stem}-*.png"):
                stale.unlink()
            subprocess.run(["pdftoppm", "-r", "80", "-png", str(made),
                            str(made.with_suffix(""))], check=True)
            print(made)


if __name__ == "__main__":
    main(sys.argv[1:])
