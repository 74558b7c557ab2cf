"""The packet: everything the office needs for one application, in one ZIP.

Contents, numbered without gaps in the notice's order (`bot.paperwork.contents`): 01 the 目录
(who, what, and the list of what follows), 02 the applicant's form in the notice's own layout
(`bot.paperwork.render`; the plain label | value list only for a notice that prints no form),
then every document as uploaded, named `03_个人身份证复印件_1.jpg`, the deeds essay written in the
chat as DOCX at its place, and `manifest.json` in Chinese (the items and their state, the SHA-256
of every file). Entries carry the build's date and Beijing time. The ZIP is written entry by entry
from the file store's streams in 1 MiB chunks into a temporary file, then handed to the store
(moved into place, or uploaded in parts), so a 30 MB packet never sits in memory whole.
Blocking: run it in a worker thread.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO
from zoneinfo import ZoneInfo

from bot.paperwork import contents, render
from bot.services import forms
from bot.storage import FileStore
from eligibility.model import Programme

CHUNK = 1024 * 1024
COMPRESSED = {"jpg", "png", "pdf"}
"""Already compressed: stored as they are (deflating them again only costs time)."""
BEIJING = ZoneInfo("Asia/Shanghai")
PHONE_TYPES = ("phone", "mobile", "landline")


@dataclass(frozen=True)
class Packet:
    key: str
    sha256: str
    size: int
    manifest: dict[str, Any]


def _copy(source: BinaryIO, archive: zipfile.ZipFile, name: str,
          stamp: tuple[int, int, int, int, int, int]) -> str:
    """Stream one entry into the archive; returns the SHA-256 of its bytes."""
    info = zipfile.ZipInfo(name, date_time=stamp)
    info.compress_type = (zipfile.ZIP_STORED if name.rsplit(".", 1)[-1] in COMPRESSED
                          else zipfile.ZIP_DEFLATED)
    digest = hashlib.sha256()
    with archive.open(info, "w", force_zip64=True) as target:
        while chunk := source.read(CHUNK):
            digest.update(chunk)
            target.write(chunk)
    return digest.hexdigest()


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def stamp_of(today: dt.date) -> tuple[int, int, int, int, int, int]:
    """The entries' date: the build's day with the Beijing wall-clock time."""
    now = dt.datetime.now(BEIJING)
    return (today.year, today.month, today.day, now.hour, now.minute, now.second)


def build(programme: Programme, application: dict[str, Any], form_values: dict[str, str],
          files: FileStore, key: str, today: dt.date) -> Packet:
    """Write the packet ZIP and store it under `key`; it is assembled in a temporary directory,
    so a half-written packet is never mistaken for a finished one."""
    entries: list[dict[str, Any]] = []
    stamp = stamp_of(today)
    items = contents.plan(programme, application)
    with tempfile.TemporaryDirectory() as scratch:
        partial = Path(scratch) / "packet.zip"
        with zipfile.ZipFile(partial, "w") as archive:
            for item in items:
                if item.generated:
                    path = _generate(item, programme, application, form_values, files, items,
                                     Path(scratch), today)
                    name = contents.file_name(item, 1, "docx")
                    with path.open("rb") as handle:
                        digest = _copy(handle, archive, name, stamp)
                    entries.append({"文件名": name, "材料": item.label, "SHA-256": digest,
                                    "字节数": path.stat().st_size})
                    continue
                for page, ref in enumerate(item.files, start=1):
                    name = contents.file_name(item, page, ref.get("kind", ""))
                    with files.open(ref["ref"]) as handle:
                        digest = _copy(handle, archive, name, stamp)
                    entries.append({"文件名": name, "材料": item.label, "SHA-256": digest,
                                    "字节数": ref["size"], "上传时SHA-256": ref.get("sha256")})
            manifest = contents.manifest(programme, application, form_values, entries, today)
            data = json.dumps(manifest, ensure_ascii=False, indent=2).encode()
            with archive.open(zipfile.ZipInfo("manifest.json", date_time=stamp), "w") as handle:
                handle.write(data)
        digest, size = file_sha256(partial), partial.stat().st_size
        files.put_file(key, partial)
    return Packet(key, digest, size, manifest)


def _photo(programme: Programme, application: dict[str, Any], files: FileStore) -> bytes | None:
    """The first photo the applicant sent for the form's 照片 cell, if the pack asks one."""
    for document in programme.documents:
        if document.kind != "photo":
            continue
        for ref in application["items"].get(document.id, {}).get("files", []):
            if ref.get("kind") in ("jpeg", "png"):
                with files.open(ref["ref"]) as handle:
                    return handle.read()
    return None


def phone_of(programme: Programme, values: dict[str, str]) -> str:
    """The applicant's phone as the form holds it (联系电话, 手机 or 座机, whichever it has)."""
    for field in programme.form.fields:
        if field.type in PHONE_TYPES and values.get(field.id):
            return values[field.id]
    return ""


def _generate(item: contents.Item, programme: Programme, application: dict[str, Any],
              values: dict[str, str], files: FileStore, items: list[contents.Item],
              scratch: Path, today: dt.date) -> Path:
    path = scratch / f"{item.generated}.docx"
    if item.generated == "form":
        if render.has_template(programme, render.FORM):
            render.render(programme, render.FORM, values, path,
                          photo=_photo(programme, application, files))
        else:
            forms.registration_form(programme, values, path)
    elif item.generated == "essay":
        essay = application.get("essay", {})
        sections = essay.get("sections", {})
        document = next(d for d in programme.documents if d.id == item.document)
        forms.essay(document, sections.get("标题") or "", sections, essay.get("text", ""), path)
    else:
        category = next((c.name for c in programme.categories
                         if c.id == application.get("category")), "")
        forms.cover(programme, [
            ("申报项目", programme.name), ("申报类别", category),
            ("申报人", values.get("name", "")), ("联系电话", phone_of(programme, values)),
            ("接收单位", str(application.get("office") or "")),
            ("回执编号", str(application.get("receipt") or ""))],
            contents.contents_lines(items), path, today)
    return path
