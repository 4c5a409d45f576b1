"""Writing export files safely: UTF-8 with a byte-order mark, no cell a spreadsheet would run."""
from __future__ import annotations

import csv
import hashlib
import re
import unicodedata
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Sequence

import pandas as pd

FORMULA = re.compile(r"^[=+\-@\t\r]")
NUMBER = re.compile(r"^-?\d+(\.\d+)?$", re.ASCII)


def defuse(cell: object) -> object:
    """A cell a spreadsheet would run as a formula gets a leading apostrophe; numbers stay as they
    are. The check reads the cell as NFKC-normalised, so a full-width ＝ or ＋ counts as = or +."""
    if isinstance(cell, str) and cell:
        start = unicodedata.normalize("NFKC", cell[:8])
        if FORMULA.match(start) and not NUMBER.match(cell):
            return "'" + cell
    return cell


def safe_cell(value: object) -> object:
    """A cell as written: a missing value empty, a text defused."""
    return "" if value is None or pd.isna(value) else defuse(value)  # type: ignore[call-overload]


def _remembering(cell: Callable[[object], object]) -> Callable[[object], object]:
    """`cell`, looking at each distinct text once (labels repeat a lot); for tables held in memory."""
    seen: dict[str, object] = {}

    def remembered(value: object) -> object:
        if type(value) is not str:
            return cell(value)
        if value not in seen:
            seen[value] = cell(value)
        return seen[value]
    return remembered


def write_rows(path: Path, header: Sequence[str], rows: Iterable[Iterable[object]],
               cell: Callable[[object], object] = safe_cell) -> int:
    """Write a CSV file as spreadsheets open it (UTF-8 with a byte-order mark, CRLF), each cell
    through `cell`; return how many rows. Rows are written as they come: memory stays flat."""
    written = 0
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f, lineterminator="\r\n")
        writer.writerow(header)
        for row in rows:
            writer.writerow([cell(value) for value in row])
            written += 1
    return written


def frame_rows(frame: pd.DataFrame, names: Sequence[str] | None = None) -> Iterator[tuple[Any, ...]]:
    """The rows of a frame's columns (all, or those named) as plain tuples, without pandas' per-row cost."""
    return zip(*(frame[name].tolist() for name in (frame.columns if names is None else names)))


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    write_rows(path, list(frame.columns), frame_rows(frame), _remembering(safe_cell))


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def new_folder(base: Path, survey_id: str, out: Path | None, name: str) -> Path:
    """`out` if given, else a new exports/<survey>/<name>/ folder that did not exist (named after
    the release: name-2, name-3... for another export of it)."""
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
        return out
    for attempt in range(1, 101):
        folder = base / survey_id / (name if attempt == 1 else f"{name}-{attempt}")
        try:
            folder.mkdir(parents=True)
            return folder
        except FileExistsError:
            continue
    raise FileExistsError(f"cannot make a new folder under {base / survey_id}")
