"""Hypothesis streams of responses, releases and exports: whatever order they come in, a release
never changes once cut, releases are at least release_min_new responses apart, and no figure of
any export is published under the minimum cell."""
from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings, strategies as st

from survey.definition import SurveyDefinition
from survey.results.export import write_export
from survey.results.releases import NotEnough, cut_release, releases_of

from .conftest import clear_responses, generated, store

STEP = st.one_of(
    st.tuples(st.just("respond"), st.integers(1, 30), st.integers(0, 10_000)),
    st.tuples(st.just("release"), st.just(0), st.just(0)),
    st.tuples(st.just("export"), st.sampled_from([(), ("language",), ("area", "channel"), ("site",)]),
              st.sampled_from([None, 10, 13])))


def _export(definition: SurveyDefinition, release: int, by: tuple[str, ...], min_cell: int | None) -> str:
    folder = write_export(definition.id, lang="en", by=by, min_cell=min_cell, release=release, out_dir=None)
    rows = list(csv.DictReader(io.StringIO((folder / "aggregates.csv").read_text(encoding="utf-8-sig"))))
    smallest = min_cell or 10
    for r in rows:
        for field in ("count", "base"):
            assert r[field] == "[c]" or int(r[field]) >= smallest, r
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["responses"] % 5 == 0 and manifest["disclosure"]["release"] == release
    return (folder / "aggregates.csv").read_text(encoding="utf-8-sig")


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(steps=st.lists(STEP, min_size=1, max_size=12))
def test_a_release_never_changes_and_releases_are_far_apart(conformance: SurveyDefinition, tmp_path: Path,
                                                            steps: list[tuple[Any, Any, Any]]) -> None:
    clear_responses()
    seen: dict[tuple[Any, ...], str] = {}
    day = date(2026, 12, 1)
    for kind, a, b in steps:
        day += timedelta(days=1)
        if kind == "respond":
            store(conformance, generated(a, seed=b))
        elif kind == "release":
            try:
                cut_release(conformance.id, day)
            except NotEnough as short:
                assert short.new < 20
        else:
            for release in releases_of(conformance.id):
                text = _export(conformance, release.number, a, b)
                assert seen.setdefault((release.number, a, b), text) == text  # frozen
    cuts = sorted(releases_of(conformance.id), key=lambda r: r.number)
    assert all(r.new_responses >= 20 for r in cuts)
    assert [r.responses for r in cuts] == sorted(r.responses for r in cuts)
