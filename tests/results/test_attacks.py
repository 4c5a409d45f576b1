"""The six attacks of issue 14, tried as an analyst would with the documented commands and the
console, and the auditor (auditor.py) over several releases, breakdowns, minimum cells and the
console. On the first version's exact figures each of these recovers someone's answer."""
from __future__ import annotations

import csv
import io
import math
import random
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from flask import Flask

from survey import responses as responses_module
from survey.definition import SurveyDefinition
from survey.results import ExportError, disclosure
from survey.results.comments import COLUMNS as COMMENT_COLUMNS, write_comments_export
from survey.results.disclosure import Numbers
from survey.results.export import write_export
from survey.results.releases import NotEnough, cut_release

from .auditor import Auditor
from .conftest import AddResponses, generated, release_now

AREAS = ["carmarthenshire", "ceredigion", "pembrokeshire", "powys", "elsewhere"]
PLACES = ["public", "paper", "Aberystwyth", "Y Drenewydd", "Tregaron"]
SPLITS = [[], ["language"], ["channel"], ["site"], ["channel", "site", "language"]]
PERSON = {"answers": {"area": "powys", "seen-dealing": "yes", "used-services": ["needle-exchange"]},
          "language": "cy", "channel": "kiosk", "site": "Tregaron"}


@pytest.fixture
def keys(monkeypatch: pytest.MonkeyPatch) -> random.Random:
    """Record keys from a seeded generator, so that each run sees the same noise."""
    rng = random.Random(2026)
    monkeypatch.setattr(responses_module, "new_record_key", lambda: rng.randrange(256))
    return rng


def rows_of(folder: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO((folder / "aggregates.csv").read_text(encoding="utf-8-sig"))))


def published(tmp_path: Path, release: int | None = None, by: list[str] | None = None,
              min_cell: int | None = None, name: str = "x") -> list[dict[str, str]]:
    return rows_of(write_export("conformance-check", lang="en", by=by or [], min_cell=min_cell, release=release,
                                out_dir=tmp_path / name))


def console(app: Flask, definition: SurveyDefinition, release: int) -> dict[tuple[str, str, str], tuple[str, str]]:
    from survey.admin.results_views import question_results
    from survey.results.releases import find_release
    with app.test_request_context():
        blocks = question_results(definition, find_release(definition.id, release), 10, "en")
    return {(b["question_id"], b["row_id"], o["value"]): (o["count"], o["base"]) for b in blocks for o in b["options"]}


# 1. Over time -------------------------------------------------------------------------------

def test_one_new_response_changes_nothing_anyone_sees(app: Flask, conformance: SurveyDefinition,
                                                      add_responses: AddResponses, tmp_path: Path, keys: Any) -> None:
    add_responses(conformance, generated(40))
    release_now(conformance)
    before, seen = published(tmp_path, by=["language", "site"], name="a"), console(app, conformance, 1)
    add_responses(conformance, [PERSON])
    with pytest.raises(NotEnough, match="so 19 more"):
        cut_release("conformance-check", date(2026, 12, 21))
    assert published(tmp_path, by=["language", "site"], name="b") == before
    assert console(app, conformance, 1) == seen
    manifest = (tmp_path / "b" / "manifest.json").read_text(encoding="utf-8")
    assert '"responses": 40' in manifest


# 2.-4. Breakdowns, minimum cells, the console: the auditor -----------------------------------

@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_auditor_pins_no_hidden_cell_and_not_the_newcomers_answer(
        app: Flask, conformance: SurveyDefinition, add_responses: AddResponses, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch, seed: int) -> None:
    rng = random.Random(seed)
    monkeypatch.setattr(responses_module, "new_record_key", lambda: rng.randrange(256))
    add_responses(conformance, [r for r in generated(45, seed) if "area" in r["answers"]][:40])
    release_now(conformance, date(2026, 12, 10))
    add_responses(conformance, [r for r in generated(25, seed + 50) if "area" in r["answers"]][:19] + [PERSON])
    release_now(conformance, date(2026, 12, 20))
    auditor = Auditor(AREAS, ["cy", "en"], PLACES, {1: ["r1"], 2: ["r1", "new", "P"]},
                      person=("P", "cy", "Tregaron"))
    hidden = []
    for release in (1, 2):
        for i, by in enumerate(SPLITS):
            for min_cell in (10, 15):
                rows = published(tmp_path, release, by, min_cell, f"{release}-{i}-{min_cell}")
                auditor.publish(release, rows, "area", min_cell)
                shown = Auditor.shown_values([r for r in rows if r["question_id"] == "area"])
                hidden += [(release, r["breakdown_id"], r["breakdown_value"], r["option_value"],
                            shown.get(r["breakdown_id"], frozenset()))
                           for r in rows if r["question_id"] == "area" and r["count"] == "[c]"
                           and r["breakdown_id"] != "month"]
                if release == 2:
                    auditor.changed(published(tmp_path, 1, by, min_cell, f"again-{i}-{min_cell}"), rows, "area", "new")
        overall = {(r["question_id"], r["row_id"], r["option_value"]): (r["count"], r["base"])
                   for r in published(tmp_path, release, [], None, f"console-{release}") if not r["breakdown_id"]}
        assert console(app, conformance, release) == overall  # 4: one protection, console and files alike
    assert auditor.range_of(auditor.where(lambda c: True)) is not None  # the truth is consistent
    assert len(auditor.person_could_have_chosen()) >= 2
    for release, breakdown, value, option, shown in set(hidden):
        low, high = auditor.range_of(auditor.group(release, breakdown, value, option, shown))
        assert low < high, (release, breakdown, value, option)  # no [c] is pinned


def test_a_small_site_is_not_kiosk_minus_the_others(conformance: SurveyDefinition, add_responses: AddResponses,
                                                   tmp_path: Path, keys: Any) -> None:
    """2. The first version published the kiosk channel and every big site, so the hidden one was
    their difference. Now a small site is merged into "other" with the next smallest."""
    add_responses(conformance, [
        *({"answers": {"area": "powys"}, "channel": "kiosk", "site": "Aberystwyth"} for _ in range(30)),
        *({"answers": {"area": "powys"}, "channel": "kiosk", "site": "Y Drenewydd"} for _ in range(25)),
        *({"answers": {"area": "ceredigion"}, "channel": "kiosk", "site": "Tregaron"} for _ in range(4)),
        *({"answers": {"area": "powys"}, "channel": "public"} for _ in range(20))])
    release_now(conformance)
    rows = published(tmp_path, by=["channel", "site"])
    sites = {r["breakdown_value"] for r in rows if r["breakdown_id"] == "site"}
    assert sites == {"Aberystwyth", "_other"}  # Tregaron with Y Drenewydd, never alone
    auditor = Auditor(AREAS, ["en"], PLACES, {1: ["r1"]})
    auditor.publish(1, rows, "area", 10)
    tregaron = auditor.where(lambda c: c[3] == "Tregaron" and c[1] == "ceredigion")
    low, high = auditor.range_of(tregaron)
    assert low < high and low <= 4 <= high


def test_minimum_cells_may_be_raised_never_lowered_and_agree(conformance: SurveyDefinition,
                                                              add_responses: AddResponses, tmp_path: Path,
                                                              keys: Any) -> None:
    """3. Two exports at different minimum cells pinned a cell hidden in both: now the figures
    are the same in both, and the smaller one only shows more of them; nothing under the survey's."""
    add_responses(conformance, generated(60))
    release_now(conformance)
    with pytest.raises(ExportError, match="never lower it"):
        published(tmp_path, min_cell=3)
    ten, fifteen = published(tmp_path, min_cell=10, name="10"), published(tmp_path, min_cell=15, name="15")
    for a, b in zip(ten, fifteen):
        assert b["count"] == a["count"] or (b["count"] == "[c]" and (a["count"] == "[c]" or int(a["count"]) < 15))


# 5. Statistics and zeros ---------------------------------------------------------------------

def test_a_full_cell_beside_zeros_does_not_say_everyone(conformance: SurveyDefinition, add_responses: AddResponses,
                                                        tmp_path: Path, keys: Any) -> None:
    """"12 of 12 said yes" told on everyone in the group: now a zero is [c], like any small figure,
    so the group's other options may hold up to a few people."""
    add_responses(conformance, [{"answers": {"seen-dealing": "yes"}, "channel": "kiosk", "site": "Aberystwyth"}] * 22
                  + [{"answers": {"seen-dealing": "no"}, "channel": "public"}] * 25)
    release_now(conformance)
    rows = published(tmp_path, by=["site"])
    here = {r["option_value"]: r for r in rows if r["question_id"] == "seen-dealing"
            and r["breakdown_value"] == "Aberystwyth"}
    assert here["no"]["count"] == here["not-sure"]["count"] == "[c]"
    auditor = Auditor(["yes", "no", "not-sure"], ["en"], PLACES, {1: ["r1"]})
    auditor.publish(1, rows, "seen-dealing", 10)
    low, high = auditor.range_of(auditor.where(lambda c: c[3] == "Aberystwyth" and c[1] == "no"))
    assert (low, high) != (0, 0)


def test_two_means_of_overlapping_groups_do_not_give_one_persons_number() -> None:
    """5. The mean of a group and of the same group with one more person: whatever the keys, the
    published figures leave that person's number anywhere in a wide range."""
    rng = random.Random(5)
    others = [(float(x), 1, rng.randrange(256)) for x in rng.choices(range(1, 31), k=24)]
    person = (17.0, 1, rng.randrange(256))
    without = Numbers(tuple(sorted(others)), 1, 1000)
    with_person = Numbers(tuple(sorted([*others, person])), 1, 1000)
    base_a = disclosure.published(without.how_many, without.key, 10)
    base_b = disclosure.published(with_person.how_many, with_person.key, 10)
    assert base_a and base_b
    mean_a = round(disclosure.mean(without, base_a), 2)
    mean_b = round(disclosure.mean(with_person, base_b), 2)
    # The attacker's candidates: every pair of sum noises the table could have used.
    noises = [disclosure.sum_noise(key) for key in range(256)]
    scale = with_person.scale() / 2
    assert scale == without.scale() / 2
    difference = mean_b * base_b - mean_a * base_a
    candidates = {round(difference - scale * (b - a)) for a in noises for b in noises}
    plausible = sorted(x for x in candidates if 1 <= x <= 30)
    assert len(plausible) == 30  # every number from 1 to 30 fits the published figures


def test_no_statistic_beside_a_hidden_base(conformance: SurveyDefinition, add_responses: AddResponses,
                                           tmp_path: Path, keys: Any) -> None:
    add_responses(conformance, [{"answers": {"seen-dealing": "yes", "times-seen": n}, "language": "cy"}
                                for n in range(1, 5)] + [{"answers": {"seen-dealing": "no"}, "language": "en"}] * 20)
    release_now(conformance)
    rows = published(tmp_path, by=["language"])
    for r in rows:
        if r["question_id"] == "times-seen":
            assert r["value"] == "[c]" and r["base"] == "[c]", r


# 6. Comments ---------------------------------------------------------------------------------

def test_a_kiosk_comment_cannot_be_linked_to_its_writer(conformance: SurveyDefinition, add_responses: AddResponses,
                                                        tmp_path: Path, keys: Any) -> None:
    """Rows followed submission order and carried channel, language and month: now they come in
    the order of random ids, with the quarter only, and never from a release that added few."""
    given = [{"answers": {"seen-dealing": "no", "comments": f"sylw {i:02d}"}, "channel": "public",
              "submitted_on": date(2026, 10, 1 + i)} for i in range(20)]
    add_responses(conformance, given + [{**PERSON, "answers": {**PERSON["answers"],
                                                               "comments": "they treat us badly, ring 0044 7700 900123"},
                                         "submitted_on": date(2026, 11, 2)}])
    release_now(conformance)
    folder = write_comments_export("conformance-check", out_dir=tmp_path / "c")
    rows = list(csv.DictReader(io.StringIO((folder / "comments.csv").read_text(encoding="utf-8-sig"))))
    assert list(rows[0]) == COMMENT_COLUMNS and "channel" not in rows[0] and "site" not in rows[0]
    assert {r["quarter"] for r in rows} == {"2026-Q4"}
    assert [r["comment"] for r in rows if r["comment"].startswith("sylw")] != [f"sylw {i:02d}" for i in range(20)]
    kiosk = [r for r in rows if "badly" in r["comment"]]
    assert kiosk[0]["comment"] == "they treat us badly, ring [phone]"
    add_responses(conformance, [{"answers": {"comments": "one more"}}] + [{"answers": {"area": "powys"}}] * 19)
    release_now(conformance)
    with pytest.raises(ExportError, match="release 2 has 1 new comments"):  # it would give that one away
        write_comments_export("conformance-check", out_dir=tmp_path / "d")


def test_the_auditor_has_teeth_on_exact_figures_one_person_apart(
        app: Flask, conformance: SurveyDefinition, add_responses: AddResponses, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch, keys: Any) -> None:
    """A control: with the first version's exact figures and two cuts one person apart (what
    exporting before and after one response gave), the auditor finds that person's answer."""
    from survey.results import releases
    from . import auditor as auditor_module
    monkeypatch.setattr(disclosure, "perturbed", lambda value, key: int(value))
    monkeypatch.setattr(releases, "min_new_of", lambda survey: 1)
    auditor_module.outcomes.cache_clear()
    try:
        add_responses(conformance, [r for r in generated(45) if "area" in r["answers"]][:40])
        release_now(conformance)
        add_responses(conformance, [PERSON])
        release_now(conformance)
        auditor = Auditor(AREAS, ["cy", "en"], PLACES, {1: ["r1"], 2: ["r1", "P"]}, person=("P", "cy", "Tregaron"))
        for release in (1, 2):
            auditor.publish(release, published(tmp_path, release, ["language"], None, f"{release}"), "area", 10)
        assert auditor.person_could_have_chosen() == ["powys"]
    finally:
        auditor_module.outcomes.cache_clear()
