"""The comments export: detached from other answers, contact details replaced, audited."""
from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa

from survey import audit
from survey.definition import SurveyDefinition
from survey.extensions import db
from survey.models import TextAnswer
from survey.results import ExportError
from survey.results.comments import COLUMNS, redact, withhold_comment, write_comments_export
from survey.results.releases import close_with_release

from .conftest import AddResponses, release_now


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
    # issue 14: what the first redaction missed
    ("write jo at example dot com", "write [email]"),
    ("write jo(at)example(dot)com", "write [email]"),
    ("write jo [at] example [dot] co [dot] uk", "write [email]"),
    ("near SA31-3AB", "near [postcode]"),
    ("near SA31  3AB", "near [postcode]"),
    ("ring 0044 7700 900123", "ring [phone]"),
    ("find me @jo_b99 online", "find me [handle] online"),
    ("see bit.ly/3abcDEF", "see [url]"),
    ("I live at 12 Heol y Wern, Llanelli", "I live at [address], Llanelli"),
    ("by 4a Stryd Fawr", "by [address]"),
    ("at 221B Baker Street", "at [address]"),
    ("at 7 Lôn Ddewi", "at [address]"),
    ("NI number JB 12 34 56 C", "NI number [ni-number]"),
    ("NHS 943 476 5919", "NHS [nhs-number]"),
    ("born 03/04/1985", "born [date]"),
    ("born 3rd March 1985", "born [date]"),
    ("ganwyd 3 Mawrth 1985", "ganwyd [date]"),
    ("car CU57 ABC outside", "car [vehicle] outside"),
    ("I waited 2 hours at the road", "I waited 2 hours at the road"),
    ("we meet at the centre at 10", "we meet at the centre at 10"),
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
        *({"answers": {"comments": f"sylw {i:02d}"}, "language": "cy", "submitted_on": date(2027, 1, 2)}
          for i in range(20))])
    release_now(conformance, date(2027, 1, 3))
    folder = write_comments_export("conformance-check", out_dir=tmp_path / "c", actor="analyst@example.org",
                                   lang="en")
    raw = (folder / "comments.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == COLUMNS == ["question_id", "question", "language", "quarter", "comment"]
    question = conformance.question("comments").text.en
    # the quarter only, no channel, no site, no id: nothing to join on
    assert ["comments", question, "cy", "2026-Q4", "'=HYPERLINK(\"[url]\",\"x\")"] in rows
    assert ["comments", question, "en", "2026-Q4", "Write to [email]"] in rows
    assert "Aberystwyth" not in raw.decode("utf-8-sig") and "kiosk" not in raw.decode("utf-8-sig")
    # in the order of their random ids, not the order they came in
    given = [f"sylw {i:02d}" for i in range(20)]
    assert [r[4] for r in rows[1:] if r[4].startswith("sylw")] != given
    event = audit.recent(1)[0]
    assert (event.actor, event.action, event.subject) == ("analyst@example.org", "comments_exported",
                                                          "conformance-check")
    assert event.detail == "release 1: 22 comments"


def test_comments_leave_only_from_a_release_with_enough_new_ones_or_the_final(
        conformance: SurveyDefinition, add_responses: AddResponses, tmp_path: Path) -> None:
    add_responses(conformance, [{"answers": {"area": "powys", "comments": f"c{i}"} if i < 5 else
                                 {"area": "powys"}} for i in range(25)])
    release_now(conformance)
    with pytest.raises(ExportError, match="release 1 has 5 new comments"):
        write_comments_export("conformance-check", out_dir=tmp_path / "a")
    add_responses(conformance, [{"answers": {"area": "powys", "comments": "one more"}}] * 20)
    close_with_release("conformance-check", date(2026, 12, 21))
    folder = write_comments_export("conformance-check", out_dir=tmp_path / "b")
    assert len(list(csv.reader(io.StringIO((folder / "comments.csv").read_text(encoding="utf-8-sig"))))) == 26


def test_withheld_comments_stay_out(conformance: SurveyDefinition, add_responses: AddResponses,
                                    tmp_path: Path) -> None:
    add_responses(conformance, [{"answers": {"comments": f"c{i}"}} for i in range(19)] +
                  [{"answers": {"comments": "My name is Siân Jones and I live by the chapel"}}])
    release_now(conformance)
    found = db.session.scalar(sa.select(TextAnswer).where(TextAnswer.body.like("My name%")))
    withhold_comment("conformance-check", found.id, "names the writer", "admin@example.org")
    folder = write_comments_export("conformance-check", out_dir=tmp_path / "c")
    text = (folder / "comments.csv").read_bytes().decode("utf-8-sig")
    assert "Siân" not in text and text.count("\r\n") == 20
    event = next(e for e in audit.recent(5) if e.action == "comment_withheld")
    assert (event.actor, event.detail) == ("admin@example.org", "release 1: names the writer")
