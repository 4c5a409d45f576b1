"""Translation files: XLIFF 2.0 and CSV out with English as source and Welsh as target, Welsh back in."""
from __future__ import annotations

import csv
import io
from xml.etree import ElementTree

import pytest

from survey.builder import document, edits, translation
from tests.conftest import conformance_raw

NS = {"x": translation.XLIFF}


def without_welsh() -> dict:
    doc = conformance_raw()
    return edits.apply_welsh(doc, {f.key: "" for f in document.text_fields(doc)})


def test_xliff_holds_every_text_with_english_source_and_welsh_target() -> None:
    doc = conformance_raw()
    root = ElementTree.fromstring(translation.to_xliff(doc))
    assert (root.get("version"), root.get("srcLang"), root.get("trgLang")) == ("2.0", "en", "cy")
    units = root.findall(".//x:unit", NS)
    assert len(units) == len(list(document.text_fields(doc)))
    area = root.find(".//x:unit[@id='q:area:option:ceredigion']", NS)
    assert area.find(".//x:source", NS).text == "Ceredigion"
    description = root.find(".//x:unit[@id='survey:description']/x:segment/x:target", NS).text
    assert description == doc["description"]["cy"]  # paragraphs kept


def test_a_translation_round_trip_fills_every_welsh_text() -> None:
    """Out without Welsh, the translator fills the targets, back in: the survey is whole again."""
    blank = without_welsh()
    assert len(document.missing_welsh(blank)) == len(list(document.text_fields(blank)))
    root = ElementTree.fromstring(translation.to_xliff(blank))
    welsh = {f.key: document.text_at(conformance_raw(), f.path)["cy"] for f in document.text_fields(blank)}
    for unit in root.findall(".//x:unit", NS):
        segment = unit.find("x:segment", NS)
        assert segment.get("state") == "initial" and segment.find("x:target", NS) is None
        ElementTree.SubElement(segment, f"{{{translation.XLIFF}}}target").text = welsh[unit.get("id")]
    filled = ElementTree.tostring(root, encoding="utf-8")
    changes, unknown = translation.changes(blank, translation.read_xliff(filled))
    assert unknown == [] and len(changes) == len(welsh)
    applied = edits.apply_welsh(blank, {c.key: c.after for c in changes})
    assert applied == conformance_raw()
    assert document.problems(applied) == []


def test_csv_round_trip_and_no_cell_runs_as_a_formula() -> None:
    doc = conformance_raw()
    doc["title"]["en"] = "=HYPERLINK(\"x\")"
    data = translation.to_csv(doc)
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == ["key", "en", "cy"] and rows[1][1].startswith("'=")
    rows[1][2] = "-Teitl newydd"
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    welsh = translation.read_translation("back.csv", out.getvalue().encode("utf-8-sig"))
    changes, _ = translation.changes(doc, welsh)
    assert [(c.key, c.before, c.after) for c in changes] == [("survey:title", "Cyffuriau yn ein cymunedau", "-Teitl newydd")]


@pytest.mark.parametrize("attack", [
    b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>'
    b'<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="cy"/>',
    b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
    b'<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="cy">&e;</xliff>',
    b"<not-closed",
    b'<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2"/>',
    b'<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="fr"/>',
], ids=["entities", "external", "broken", "xliff-1.2", "french"])
def test_unsafe_or_wrong_files_are_refused(attack: bytes) -> None:
    with pytest.raises(translation.TranslationFileError):
        translation.read_xliff(attack)
