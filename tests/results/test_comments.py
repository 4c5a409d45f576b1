"""The comments export: detached from other answers, contact details replaced, audited."""
from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pytest

from survey import audit
from survey.definition import SurveyDefinition
from survey.results.comments import COLUMNS, redact, write_comments_export

from .conftest import AddResponses


@pytest.mark.parametrize("text, expected", [
    ("email me: jo.bloggs@example.com", "email me: [email]"),
    ("ffoniwch 07700 900123 plis", "ffoniwch [phone] plis"),
    ("call +44 7700 900123", "call [phone]"),
    ("landline (01267) 234567", "landline [phone]"),
    ("I live at SA31 3AB", "I live at [postcode]"),
    ("near sa313ab town", "near [postcode] town"),
    ("see https://evil.example/x now", "see [url] now"),
    ("or www.example.org/page", "or [url]"),
    ("dyfed-powys.police.uk is their site", "[url] is their site"),
    ("mwy o oriau agor gyda'r nos", "mwy o oriau agor gyda'r nos"),
    ("I saw it 3 times in 2025, about 20 people", "I saw it 3 times in 2025, about 20 people"),
    ("Ceredigion, Sir Benfro a Phowys", "Ceredigion, Sir Benfro a Phowys"),
])
def test_redaction(text: str, expected: str) -> None:
    assert redact(text) == expected


def test_comments_export(conformance: SurveyDefinition, add_responses: AddResponses, tmp_path: Path,
                         app: object) -> None:
    add_responses(conformance, [
        {"answers": {"area": "powys", "comments": "Write to jo.bloggs@example.com"}, "language": "en",
         "submitted_on": date(2026, 12, 30)},
        {"answers": {"comments": '=HYPERLINK("https://evil.example","x")'}, "language": "cy",
         "channel": "kiosk", "site": "Aberystwyth", "submitted_on": date(2026, 12, 2)},
        {"answers": {"area": "powys"}, "language": "cy"},
    ])
    folder = write_comments_export("conformance-check", out_dir=tmp_path / "c", actor="analyst@example.org",
                                   lang="en")
    raw = (folder / "comments.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == COLUMNS
    question = conformance.question("comments").text.en
    # in date order, not the order they were given; no site, no id, nothing to join on
    assert rows[1:] == [
        ["comments", question, "cy", "kiosk", "2026-12", "'=HYPERLINK(\"[url]\",\"x\")"],
        ["comments", question, "en", "public", "2026-12", "Write to [email]"],
    ]
    assert "Aberystwyth" not in raw.decode("utf-8-sig")
    event = audit.recent(1)[0]
    assert (event.actor, event.action, event.subject) == ("analyst@example.org", "comments_exported",
                                                          "conformance-check")
    assert event.detail == "2 comments"
