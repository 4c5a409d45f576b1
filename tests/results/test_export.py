"""The aggregate export of a release: every figure the perturbation of the truth with its cell key,
small ones hidden, labels, files and manifest as the contract (section 4a) says."""
from __future__ import annotations

import csv
import hashlib
import io
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from survey import audit
from survey.definition import SurveyDefinition
from survey.extensions import db
from survey.results import ExportError, disclosure
from survey.results import aggregate
from survey.results.export import COLUMNS, write_export
from survey.results.releases import NotEnough

from .conftest import AddResponses, generated, release_now
from .truth import release_truth


def read(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))


@pytest.fixture
def released(conformance: SurveyDefinition, add_responses: AddResponses) -> SurveyDefinition:
    """Ninety responses in release 1."""
    add_responses(conformance, generated(90))
    assert release_now(conformance) == 1
    return conformance


def export(tmp_path: Path, **kwargs: Any) -> tuple[list[dict[str, str]], Path]:
    folder = write_export("conformance-check", out_dir=tmp_path / "out", **kwargs)
    return read(folder / "aggregates.csv"), folder


def cells(rows: list[dict[str, str]], question: str, group: tuple[str, str] = ("", ""),
          row: str = "") -> list[tuple[str, str, str, str]]:
    return [(r["option_value"], r["count"], r["base"], r["percent"]) for r in rows
            if r["question_id"] == question and r["row_id"] == row
            and (r["breakdown_id"], r["breakdown_value"]) == group]


def test_every_figure_is_the_truth_perturbed_by_its_respondents_keys(released: SurveyDefinition,
                                                                      tmp_path: Path) -> None:
    rows, _ = export(tmp_path, lang="en", by=["language"])
    assert list(rows[0].keys()) == COLUMNS
    truth = release_truth(released, 1, ["language"])
    checked = 0
    for r in rows:
        if r["question_id"] == "times-seen":
            continue
        group = (r["breakdown_id"], r["breakdown_value"])
        assert r["base"] == truth.base(r["question_id"], r["row_id"], group, 10), r
        assert r["count"] == truth.count(r["question_id"], r["row_id"], r["option_value"], group, 10), r
        if disclosure.SUPPRESSED not in (r["count"], r["base"]):
            assert r["percent"] == f"{100 * int(r['count']) / int(r['base']):.1f}"  # from the published figures
            true = truth.counts[(r["question_id"], r["row_id"], r["option_value"], group)]
            assert abs(int(r["count"]) - true) <= disclosure.MAX_NOISE
            checked += 1
        else:
            assert r["percent"] == disclosure.SUPPRESSED
    assert checked > 20


def test_no_published_figure_is_under_the_minimum_cell_zeros_included(released: SurveyDefinition,
                                                                       tmp_path: Path) -> None:
    rows, _ = export(tmp_path, lang="en", by=["area", "language"], min_cell=12)
    for r in rows:
        for field in ("count", "base"):
            assert r[field] == "[c]" or int(r[field]) >= 12, r
    # nobody chose "diversion" or "pembrokeshire": a zero is [c] like any small number
    assert cells(rows, "used-services")[3][:2] == ("diversion", "[c]")
    assert cells(rows, "area")[2][:2] == ("pembrokeshire", "[c]")


def test_statistics_only_where_the_published_base_reaches_the_minimum_cell(released: SurveyDefinition,
                                                                          tmp_path: Path) -> None:
    rows, _ = export(tmp_path, lang="cy", by=["area"])
    truth = release_truth(released, 1, ["area"])
    stats = [r for r in rows if r["question_id"] == "times-seen"]
    assert [r["option"] for r in stats[:2]] == ["Cymedr", "Canolrif"]
    shown = 0
    for r in stats:
        group = (r["breakdown_id"], r["breakdown_value"])
        if r["base"] == "[c]":
            assert r["value"] == "[c]"
            continue
        assert int(r["base"]) >= 10
        if group[1] == "_other":
            continue
        xs = truth.numbers[("times-seen", group)]
        assert min(xs) - 30 <= float(r["value"]) <= max(xs) + 30  # noisy, but about the numbers given
        shown += 1
    assert shown >= 2


def test_the_same_people_get_the_same_figure_in_every_export_of_a_release(released: SurveyDefinition,
                                                                          tmp_path: Path) -> None:
    overall = {}
    for i, (lang, by, min_cell) in enumerate([("en", [], None), ("cy", ["language"], 10), ("en", ["area", "month"], 10),
                                              ("cy", ["channel", "site"], 11)]):
        rows, _ = export(tmp_path / str(i), lang=lang, by=by, min_cell=min_cell)
        for r in rows:
            if not r["breakdown_id"] and r["count"] != "[c]":
                key = (r["question_id"], r["row_id"], r["option_value"])
                assert overall.setdefault(key, (r["count"], r["base"])) == (r["count"], r["base"])
    assert len(overall) > 10


def test_codebook_manifest_and_folder_named_after_the_release(released: SurveyDefinition, tmp_path: Path,
                                                              app: Flask) -> None:
    folder = write_export("conformance-check", lang="en", by=["language"])
    assert folder.name == "release-1-en-by-language-min10"
    again = write_export("conformance-check", lang="en", by=["language"])
    assert again.name == "release-1-en-by-language-min10-2"
    book = read(folder / "codebook.csv")
    area = [r for r in book if r["question_id"] == "area"]
    assert [(r["option_value"], r["option_cy"], r["option_en"]) for r in area][1] == (
        "ceredigion", "Ceredigion", "Ceredigion")
    assert [r["type"] for r in book if r["question_id"] == "comments"] == ["text"]
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    for name in ("aggregates.csv", "codebook.csv"):
        assert manifest["files"][name] == hashlib.sha256((folder / name).read_bytes()).hexdigest()
    assert manifest["responses"] == 90 and manifest["min_cell"] == 10
    assert manifest["disclosure"] == {"method": "cell-key", "max_noise": 3, "min_cell": 10, "release": 1,
                                      "released_on": "2026-12-20"}


def test_the_manifest_rounds_the_count_of_responses_to_5(conformance: SurveyDefinition, add_responses: AddResponses,
                                                         tmp_path: Path) -> None:
    add_responses(conformance, generated(23))
    release_now(conformance)
    _, folder = export(tmp_path)
    assert json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["responses"] == 25


def test_no_cell_would_run_as_a_formula(make_survey: Any, add_responses: AddResponses, tmp_path: Path) -> None:
    def evil(raw: dict[str, Any]) -> None:
        raw["pages"][0]["questions"][0]["options"][0]["label"] = {"cy": "=1+1", "en": "＠SUM(A1)"}
    definition = make_survey(evil)
    add_responses(definition, [{"answers": {"area": "carmarthenshire"}}] * 20)
    release_now(definition)
    for lang, label in (("cy", "'=1+1"), ("en", "'＠SUM(A1)")):
        rows, _ = export(tmp_path / lang, lang=lang)
        assert rows[0]["option"] == label
    book = read(next((tmp_path / "en").rglob("codebook.csv")))
    assert book[0]["option_cy"] == "'=1+1"


@pytest.mark.parametrize("kwargs, message", [
    ({"by": ["comments"]}, "cannot break down by 'comments'"),
    ({"by": ["seen-dealing"]}, "cannot break down by 'seen-dealing'"),
    ({"min_cell": 9}, "never lower it"),
    ({"lang": "fr"}, "cy or en"),
    ({"release": 2}, "has no release 2"),
])
def test_refuses_what_it_cannot_do(released: SurveyDefinition, tmp_path: Path, kwargs: dict[str, Any],
                                   message: str) -> None:
    with pytest.raises(ExportError, match=message):
        write_export("conformance-check", out_dir=tmp_path, **kwargs)


def test_refuses_without_a_release_and_names_the_command(conformance: SurveyDefinition,
                                                         add_responses: AddResponses, tmp_path: Path) -> None:
    add_responses(conformance, generated(30))
    with pytest.raises(ExportError, match="survey release conformance-check"):
        write_export("conformance-check", out_dir=tmp_path)


def test_small_breakdown_values_are_merged_into_other(conformance: SurveyDefinition, add_responses: AddResponses,
                                                      tmp_path: Path) -> None:
    add_responses(conformance, [
        *({"answers": {"area": "powys"}, "channel": "kiosk", "site": "Y Drenewydd"} for _ in range(25)),
        *({"answers": {"area": "powys"}, "channel": "kiosk", "site": "Tregaron"} for _ in range(4)),
        *({"answers": {"area": "powys"}, "channel": "kiosk", "site": "Llambed"} for _ in range(3)),
        *({"answers": {"area": "powys"}, "channel": "public", "submitted_on": date(2027, 1, 5)} for _ in range(2)),
        *({"answers": {"area": "powys"}, "channel": "public", "submitted_on": date(2026, 12, 9)} for _ in range(21))])
    release_now(conformance, date(2027, 1, 6))
    rows, _ = export(tmp_path, lang="cy", by=["channel", "site", "month", "age-band"])
    groups = [(r["breakdown_id"], r["breakdown_value"], r["breakdown"])
              for r in rows if r["question_id"] == "area" and r["option_value"] == "powys"]
    other = "Arall (grwpiau bach gyda'i gilydd)"
    # two small sites are "other"; one small month would be "other" alone, so the next joins it
    assert groups == [("", "", ""), ("channel", "public", "Dolen gyhoeddus"), ("channel", "kiosk", "Ciosg"),
                      ("site", "Y Drenewydd", "Y Drenewydd"), ("site", "_other", other),
                      ("month", "_other", other), ("age-band", "_skipped", "Heb ateb")]


def test_an_export_is_made_while_respondents_send_answers(app: Flask, released: SurveyDefinition,
                                                          add_responses: AddResponses, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """Someone sends answers while the export counts: the audit record is kept, and the figures
    are the release's, without them. (On SQLite a transaction left open by the counting would
    make the audit record fail.)"""
    real = aggregate._group_values
    before, _ = export(tmp_path / "before", by=["language", "area"])

    def someone_sends_meanwhile(*args: Any, **kwargs: Any) -> Any:
        groups = real(*args, **kwargs)
        with app.app_context():  # another request: a session and a connection of its own
            add_responses(released, [{"answers": {"area": "pembrokeshire", "seen-dealing": "no"}, "language": "cy"}])
        return groups

    monkeypatch.setattr(aggregate, "_group_values", someone_sends_meanwhile)
    db.session.commit()
    rows, _ = export(tmp_path / "after", by=["language", "area"])
    assert audit.count(audit.Action.EXPORT_MADE) == 2
    assert rows == before


def test_answers_after_the_release_change_nothing_until_the_next(released: SurveyDefinition,
                                                                 add_responses: AddResponses, tmp_path: Path) -> None:
    first, _ = export(tmp_path / "1", by=["language"])
    add_responses(released, generated(19, seed=8))
    assert export(tmp_path / "2", by=["language"])[0] == first
    add_responses(released, generated(1, seed=9))
    assert release_now(released) == 2
    second, folder = export(tmp_path / "3", by=["language"])
    assert json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["disclosure"]["release"] == 2
    assert export(tmp_path / "4", by=["language"], release=1)[0] == first


def test_the_minimum_cell_is_the_surveys(make_survey: Any, add_responses: AddResponses, tmp_path: Path) -> None:
    definition = make_survey(lambda raw: raw.update(min_cell=15, release_min_new=30))
    add_responses(definition, generated(29))
    with pytest.raises(NotEnough):
        release_now(definition)
    add_responses(definition, generated(1, seed=4))
    release_now(definition)
    rows, folder = export(tmp_path / "a")
    assert all(r[f] == "[c]" or int(r[f]) >= 15 for r in rows for f in ("count", "base"))
    assert json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["disclosure"]["min_cell"] == 15
    with pytest.raises(ExportError, match="minimum cell size of conformance-check is 15"):
        export(tmp_path / "b", min_cell=12)
