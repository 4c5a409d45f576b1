"""Exports made from the console: where they are written, listing them, and finding their files.

Each export gets a folder of its own, EXPORT_DIR/console/<survey id>/<kind>/<export id>, whose
name is random, so that an address can name it without naming anything else on the disk.
"""
from __future__ import annotations

import io
import json
import re
import secrets
import zipfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ..models import utcnow

KINDS = ("aggregate", "comments")
EXPORT_ID = re.compile(r"^[0-9]{8}T[0-9]{6}-[A-Za-z0-9_-]{8,32}$")
FILE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,100}$")


@dataclass(frozen=True)
class ConsoleExport:
    id: str
    kind: str
    made_at: datetime
    folder: Path  # the folder holding the files
    files: tuple[str, ...]
    release: int | None = None  # the release it was made from, as its manifest says


def kind_root(export_root: str | Path, survey_id: str, kind: str) -> Path:
    return Path(export_root) / "console" / survey_id / kind


def new_export_dir(export_root: str | Path, survey_id: str, kind: str) -> Path:
    """A path for a new export (not yet created: the writer makes it)."""
    stamp = utcnow().strftime("%Y%m%dT%H%M%S")
    return kind_root(export_root, survey_id, kind) / f"{stamp}-{secrets.token_urlsafe(9)}"


def _files_folder(folder: Path) -> Path:
    """The folder under `folder` that holds the files (the writer may add a folder of its own)."""
    if any(p.is_file() for p in folder.iterdir()):
        return folder
    subfolders = sorted((p for p in folder.iterdir() if p.is_dir()), reverse=True)
    for sub in subfolders:
        found = _files_folder(sub)
        if any(p.is_file() for p in found.iterdir()):
            return found
    return folder


def _describe(folder: Path, kind: str) -> ConsoleExport | None:
    if not EXPORT_ID.match(folder.name) or not folder.is_dir():
        return None
    holder = _files_folder(folder)
    files = tuple(sorted(p.name for p in holder.iterdir() if p.is_file() and FILE_NAME.match(p.name)))
    made_at = datetime.strptime(folder.name.split("-")[0], "%Y%m%dT%H%M%S")
    return ConsoleExport(folder.name, kind, made_at, holder, files, _release_of(holder))


def _release_of(holder: Path) -> int | None:
    """The release number a folder's manifest names, if it has one."""
    try:
        release = json.loads((holder / "manifest.json").read_text(encoding="utf-8"))["disclosure"]["release"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return release if isinstance(release, int) else None


def find_export(export_root: str | Path, survey_id: str, kind: str, export_id: str) -> ConsoleExport | None:
    if kind not in KINDS or not EXPORT_ID.match(export_id or ""):
        return None
    folder = kind_root(export_root, survey_id, kind) / export_id
    return _describe(folder, kind) if folder.is_dir() else None


def list_exports(export_root: str | Path, survey_id: str, kind: str, limit: int = 10) -> list[ConsoleExport]:
    root = kind_root(export_root, survey_id, kind)
    if not root.is_dir():
        return []
    found = [e for e in (_describe(p, kind) for p in sorted(root.iterdir(), reverse=True)) if e]
    return found[:limit]


def file_path(export: ConsoleExport, name: str) -> Path | None:
    """One file of an export, only if it is one of the export's own files."""
    if name not in export.files:
        return None
    return export.folder / name


def zip_bytes(export: ConsoleExport) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in export.files:
            archive.write(export.folder / name, arcname=name)
    return buffer.getvalue()
