"""The packet: everything the office needs for one application, in one ZIP.

Contents: a cover sheet, the registration form (DOCX, every field filled), the deeds essay
(DOCX) when written in the chat, every document exactly as uploaded, and `manifest.json`
(applicant, programme, items, the SHA-256 of every file). The ZIP is written entry by entry from
the file store's streams in 1 MiB chunks into a temporary file, which is then handed to the
store (moved into place, or uploaded in parts), so a 30 MB packet never sits in memory whole,
whether the documents are on disk or in a bucket. Blocking: run it in a worker thread.
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

from bot.paperwork import render
from bot.services import forms
from bot.storage import FileStore
from eligibility.model import Programme

CHUNK = 1024 * 1024
EXTENSIONS = {"jpeg": "jpg", "png": "png", "pdf": "pdf", "docx": "docx"}
COMPRESSED = {"jpg", "png", "pdf"}
"""Already compressed: stored as they are (deflating them again only costs time)."""


@dataclass(frozen=True)
class Packet:
    key: str
    sha256: str
    size: int
    manifest: dict[str, Any]


def _copy(source: BinaryIO, archive: zipfile.ZipFile, name: str) -> str:
    """Stream one entry into the archive; returns the SHA-256 of its bytes."""
    info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
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


def build(programme: Programme, application: dict[str, Any], form_values: dict[str, str],
          files: FileStore, key: str, today: dt.date) -> Packet:
    """Write the packet ZIP and store it under `key`; it is assembled in a temporary directory,
    so a half-written packet is never mistaken for a finished one."""
    entries: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as scratch:
        partial = Path(scratch) / "packet.zip"
        with zipfile.ZipFile(partial, "w") as archive:
            generated = _generated(programme, application, form_values, Path(scratch), today,
                                   _photo(programme, application, files))
            for name, path, item in generated:
                with path.open("rb") as handle:
                    entries.append({"file": name, "item": item,
                                    "sha256": _copy(handle, archive, name),
                                    "size": path.stat().st_size})
            for name, ref, item in _uploads(programme, application):
                with files.open(ref["ref"]) as handle:
                    digest = _copy(handle, archive, name)
                entries.append({"file": name, "item": item, "sha256": digest,
                                "size": ref["size"], "uploaded_sha256": ref.get("sha256")})
            manifest = _manifest(programme, application, form_values, entries, today)
            data = json.dumps(manifest, ensure_ascii=False, indent=2).encode()
            with archive.open("manifest.json", "w") as handle:
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


def _generated(programme: Programme, application: dict[str, Any], values: dict[str, str],
               scratch: Path, today: dt.date,
               photo: bytes | None = None) -> list[tuple[str, Path, str]]:
    name = values.get("name", "")
    out: list[tuple[str, Path, str]] = []
    form_doc = next((d for d in programme.documents if d.kind == "form"), None)
    form_path = scratch / "form.docx"
    if render.has_template(programme, render.FORM):
        render.render(programme, render.FORM, values, form_path, photo=photo)
    else:
        forms.registration_form(programme, values, form_path)
    out.append((f"01_{programme.form.title}.docx", form_path,
                form_doc.id if form_doc else "form"))
    essay_doc = next((d for d in programme.documents if d.kind == "essay"), None)
    essay_state = application.get("essay", {})
    if essay_doc and application["items"].get(essay_doc.id, {}).get("written"):
        sections = essay_state.get("sections", {})
        title = sections.get("标题") or f"{name}{essay_doc.name}"
        essay_path = scratch / "essay.docx"
        forms.essay(title, sections, essay_state.get("text", ""), essay_path)
        out.append((f"02_{essay_doc.name}.docx", essay_path, essay_doc.id))
    contents = [entry[0] for entry in out] + [
        f"{d.name}" for d in programme.documents
        if application["items"].get(d.id, {}).get("files") and d.kind != "essay"]
    cover_path = scratch / "cover.docx"
    forms.cover(programme, [
        ("申报项目", programme.name), ("申报人", name), ("联系电话", values.get("phone", "")),
        ("接收单位", str(application.get("office", ""))),
        ("回执编号", str(application.get("receipt", "")))], contents, cover_path, today)
    return [("00_封面.docx", cover_path, "cover"), *out]


def _uploads(programme: Programme,
             application: dict[str, Any]) -> list[tuple[str, dict[str, Any], str]]:
    out = []
    for index, document in enumerate(programme.documents, start=3):
        files = application["items"].get(document.id, {}).get("files", [])
        for page, ref in enumerate(files, start=1):
            extension = EXTENSIONS.get(ref.get("kind", ""), "bin")
            out.append((f"{index:02d}_{document.name}_{page}.{extension}", ref, document.id))
    return out


def _manifest(programme: Programme, application: dict[str, Any], values: dict[str, str],
              entries: list[dict[str, Any]], today: dt.date) -> dict[str, Any]:
    conditions = application.get("conditions", {})
    items = {d.id: {"name": d.name, "required": d.required and conditions.get(d.id) is not False,
                    "applies": conditions.get(d.id, True), "condition": d.when_text,
                    "status": "not_applicable" if conditions.get(d.id) is False else (
                        application["items"].get(d.id, {}).get("status") or "missing"),
                    "code": application["items"].get(d.id, {}).get("code")}
             for d in programme.documents if d.kind != "form"}
    return {"programme": {"id": programme.id, "name": programme.name,
                          "edition": programme.edition},
            "category": application.get("category"), "receipt": application.get("receipt"),
            "office": application.get("office"), "built_on": today.isoformat(),
            "applicant": {"name": values.get("name", ""), "phone": values.get("phone", ""),
                          "region": application.get("region", {})},
            "declarations": application.get("declarations", {}),
            "items": items, "files": entries}
