"""A survey's texts for a translation service: XLIFF 2.0 and CSV out, Welsh back in.

English is the source and Welsh the target. Each text is a unit whose id names it in a way that
survives moves (survey:title, page:ID:intro, q:ID:text, q:ID:option:VALUE ...: all XML NMTOKENs).
Files coming back are parsed with defusedxml (no entities, no external references), and reading
one only lists what would change: apply_welsh in edits.py makes the change once staff agree.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from xml.etree.ElementTree import Element, SubElement, tostring

from defusedxml import ElementTree as SafeTree
from defusedxml.common import DefusedXmlException

from ..results.files import defuse
from .document import Doc, text_at, text_fields

XLIFF = "urn:oasis:names:tc:xliff:document:2.0"
CSV_HEADER = ("key", "en", "cy")


class TranslationFileError(ValueError):
    """A translation file that cannot be read; the message says why (in English, for staff)."""


@dataclass(frozen=True)
class WelshChange:
    key: str
    english: str
    before: str
    after: str


def units(doc: Doc) -> list[tuple[str, str, str]]:
    """(key, English, Welsh) of every text, in reading order."""
    return [(f.key, text_at(doc, f.path).get("en", ""), text_at(doc, f.path).get("cy", ""))
            for f in text_fields(doc)]


def to_xliff(doc: Doc) -> bytes:
    root = Element("xliff", {"xmlns": XLIFF, "version": "2.0", "srcLang": "en", "trgLang": "cy"})
    file = SubElement(root, "file", {"id": "f1", "original": str(doc.get("id", "")),
                                     "{http://www.w3.org/XML/1998/namespace}space": "preserve"})  # paragraphs
    for key, english, welsh in units(doc):
        unit = SubElement(file, "unit", {"id": key})
        segment = SubElement(unit, "segment", {"state": "translated" if welsh.strip() else "initial"})
        SubElement(segment, "source").text = english
        if welsh.strip():
            SubElement(segment, "target").text = welsh
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + tostring(root, encoding="utf-8") + b"\n"


def to_csv(doc: Doc) -> bytes:
    """UTF-8 with a byte-order mark, so that Welsh letters survive a spreadsheet; no cell runs as a formula."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for row in units(doc):
        writer.writerow([defuse(cell) for cell in row])
    return out.getvalue().encode("utf-8-sig")


def _text(element: Element | None) -> str:
    """All the text inside an element (inline markup such as <pc> kept as its words)."""
    return "".join(element.itertext()) if element is not None else ""


def read_xliff(data: bytes) -> dict[str, str]:
    """Welsh by key from an XLIFF 2.0 file; units without a target are left out."""
    try:
        root = SafeTree.fromstring(data, forbid_dtd=True)
    except (SafeTree.ParseError, DefusedXmlException) as exc:
        raise TranslationFileError(f"the file is not XLIFF that can be read safely: {exc}") from None
    if root.tag != f"{{{XLIFF}}}xliff":
        raise TranslationFileError("the file is not XLIFF 2.0 (urn:oasis:names:tc:xliff:document:2.0)")
    if root.get("trgLang", "").lower() not in ("cy", "cy-gb"):
        raise TranslationFileError("the file's target language (trgLang) is not Welsh (cy)")
    welsh = {}
    for unit in root.iter(f"{{{XLIFF}}}unit"):
        targets = [_text(t) for t in unit.iter(f"{{{XLIFF}}}target")]
        if unit.get("id") and any(t.strip() for t in targets):
            welsh[unit.get("id", "")] = "".join(targets)
    return welsh


def _undefuse(cell: str) -> str:
    return cell[1:] if len(cell) > 1 and cell[0] == "'" and cell[1] in "=+-@\t\r" else cell


def read_csv(data: bytes) -> dict[str, str]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise TranslationFileError("the file is not UTF-8 text") from None
    rows = list(csv.reader(io.StringIO(text)))
    if not rows or tuple(c.strip() for c in rows[0][:3]) != CSV_HEADER:
        raise TranslationFileError("the first row must be the columns key, en, cy")
    return {row[0]: _undefuse(row[2]) for row in rows[1:] if len(row) >= 3 and row[0] and row[2].strip()}


def read_translation(filename: str, data: bytes) -> dict[str, str]:
    reader = read_csv if filename.lower().endswith(".csv") else read_xliff
    return reader(data)


def changes(doc: Doc, welsh: dict[str, str]) -> tuple[list[WelshChange], list[str]]:
    """What the file would change, and the keys in it that this survey does not have."""
    known = {key: (english, current) for key, english, current in units(doc)}
    found = [WelshChange(key, known[key][0], known[key][1], text.replace("\r\n", "\n").strip())
             for key, text in welsh.items()
             if key in known and text.replace("\r\n", "\n").strip() != known[key][1]]
    return found, sorted(key for key in welsh if key not in known)
