"""Refresh the Welsh catalogue: extract every message, merge, fill from fragments, report gaps.

    python scripts/translations.py          # extract, update, fill; list what still lacks Welsh

Fragments (translations/fragments/*.po) hold Welsh for new messages, written by whoever added
them; they are merged into translations/cy/LC_MESSAGES/messages.po here.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "translations"
POT = TRANSLATIONS / "messages.pot"
PO = TRANSLATIONS / "cy" / "LC_MESSAGES" / "messages.po"
PYBABEL = Path(sys.executable).with_name("pybabel")


def run(*args: str) -> None:
    subprocess.run([str(PYBABEL), *args], check=True, cwd=ROOT, stdout=subprocess.DEVNULL)


def read(path: Path) -> Catalog:
    with path.open("rb") as f:
        return read_po(f, locale="cy")


def fill_from_fragments(catalog: Catalog) -> int:
    known: dict[object, object] = {}
    for fragment in sorted((TRANSLATIONS / "fragments").glob("*.po")):
        for message in read(fragment):
            if message.id and message.string and (not isinstance(message.string, tuple) or all(message.string)):
                known[message.id] = message.string
    filled = 0
    for message in catalog:
        if not message.id:
            continue
        empty = not message.string or (isinstance(message.string, tuple) and not all(message.string))
        if (empty or message.fuzzy) and message.id in known:
            message.string = known[message.id]
            message.flags.discard("fuzzy")
            filled += 1
    return filled


def describe(catalog: Catalog) -> None:
    """Fill the catalogue's header with the project's own details, not Babel's placeholders."""
    catalog.project = "Llais"
    catalog.version = "1"
    catalog.copyright_holder = "Llais"
    catalog.msgid_bugs_address = "llais@example.org"
    catalog.last_translator = "Llais <llais@example.org>"
    catalog.language_team = "Cymraeg <llais@example.org>"
    catalog.header_comment = ("# Welsh translations for Llais.\n"
                              "# Made by scripts/translations.py from the messages and translations/fragments/.")


def main() -> None:
    run("extract", "-F", "babel.cfg", "-k", "_l", "-k", "lazy_gettext", "-k", "Sentence", "--no-location",
        "--sort-output", "--omit-header", "-o", str(POT.relative_to(ROOT)), ".")
    if PO.exists():
        run("update", "-i", str(POT.relative_to(ROOT)), "-d", "translations", "-l", "cy",
            "--no-fuzzy-matching", "--ignore-obsolete")
    else:
        run("init", "-i", str(POT.relative_to(ROOT)), "-d", "translations", "-l", "cy")
    catalog = read(PO)
    describe(catalog)
    filled = fill_from_fragments(catalog)
    with PO.open("wb") as f:
        write_po(f, catalog, no_location=True, sort_output=True, ignore_obsolete=True, width=100)
    missing = [m.id for m in catalog if m.id and (not m.string or m.fuzzy or
               (isinstance(m.string, tuple) and not all(m.string)))]
    print(f"{len(catalog)} messages; {filled} filled from fragments; {len(missing)} without Welsh")
    for message_id in missing:
        print("  missing:", message_id)


if __name__ == "__main__":
    main()
