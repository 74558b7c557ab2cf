"""DOCX and XLSX to PDF with headless LibreOffice, the way a reviewer or `make forms` sees them.

Each conversion runs in its own LibreOffice profile directory, so two conversions (two test
workers, a test beside `make forms`) never share a profile lock. The notice's faces (仿宋_GB2312,
方正小标宋简体, 宋体) are mapped to serif CJK faces through `fonts.conf` when the machine lacks
them. Blocking: call it from a worker thread.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterable
from pathlib import Path

FONTS = Path(__file__).with_name("fonts.conf")
TIMEOUT = 240


class ConversionFailed(RuntimeError):
    pass


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_pdf(sources: Iterable[Path], outdir: Path) -> list[Path]:
    """Convert every source into `outdir` in one LibreOffice start; returns the PDFs in order."""
    binary = soffice()
    if binary is None:
        raise ConversionFailed("LibreOffice (soffice) is not installed")
    files = [Path(source) for source in sources]
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="awardbot-lo-") as profile:
        env = {**os.environ, "FONTCONFIG_FILE": str(FONTS), "HOME": profile}
        result = subprocess.run(
            [binary, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
             "--convert-to", "pdf", "--outdir", str(outdir), *map(str, files)],
            env=env, capture_output=True, timeout=TIMEOUT, check=False)
    pdfs = [outdir / f"{source.stem}.pdf" for source in files]
    missing = [pdf.name for pdf in pdfs if not pdf.exists()]
    if result.returncode != 0 or missing:
        raise ConversionFailed(f"soffice exited {result.returncode}, missing {missing}: "
                               f"{result.stderr.decode(errors='replace')[-500:]}")
    return pdfs
