"""Writing export files safely: UTF-8 with a byte-order mark, no cell a spreadsheet would run."""
from __future__ import annotations

import hashlib
import re
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd

FORMULA = re.compile(r"^[=+\-@\t\r]")
NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


def defuse(cell: object) -> object:
    """A cell a spreadsheet would run as a formula gets a leading apostrophe; numbers stay as they are."""
    if isinstance(cell, str) and FORMULA.match(cell) and not NUMBER.match(cell):
        return "'" + cell
    return cell


def _defused(column: pd.Series) -> pd.Series:
    """The column with every cell defused; each distinct text is looked at once (labels repeat a lot)."""
    risky = {cell for cell in column.unique() if defuse(cell) is not cell}
    hit = column.isin(risky)
    return column.where(~hit, column[hit].map(defuse)) if hit.any() else column


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    safe = frame.astype(object).where(frame.notna(), "")
    safe = safe.apply(_defused) if len(safe) else safe
    safe.to_csv(path, index=False, encoding="utf-8-sig", lineterminator="\r\n")


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def new_folder(base: Path, survey_id: str, out: Path | None) -> Path:
    """`out` if given, else a new exports/<survey>/<UTC timestamp>/ folder that did not exist."""
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
        return out
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    for attempt in range(100):
        folder = base / survey_id / (stamp if attempt == 0 else f"{stamp}-{attempt}")
        try:
            folder.mkdir(parents=True)
            return folder
        except FileExistsError:
            continue
    raise FileExistsError(f"cannot make a new folder under {base / survey_id}")
