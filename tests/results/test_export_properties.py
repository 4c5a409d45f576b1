"""Random response sets, stored, released and exported through the database: every published
figure is the truth perturbed by its respondents' keys, and none is under the minimum cell."""
from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings, strategies as st

from survey.definition import SurveyDefinition
from survey.results.export import write_export
from survey.results.releases import NotEnough

from .conftest import clear_responses, release_now, store
from .truth import Truth, release_truth

AREAS = ["carmarthenshire", "ceredigion", "pembrokeshire", "powys", "elsewhere"]
SERVICES = ["needle-exchange", "treatment", "peer-support", "diversion"]


@st.composite
def response(draw: Any) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    if draw(st.booleans()) or draw(st.booleans()):
        answers["area"] = draw(st.sampled_from(AREAS[:3]) | st.sampled_from(AREAS))
    seen = draw(st.sampled_from(["yes", "no", "not-sure", None]))
    if seen:
        answers["seen-dealing"] = seen
        if seen == "yes" and draw(st.booleans()):
            answers["times-seen"] = draw(st.integers(min_value=1, max_value=40))
    services = draw(st.lists(st.sampled_from(SERVICES), max_size=3, unique=True))
    if services:
        answers["used-services"] = services
    elif draw(st.booleans()):
        answers["used-services"] = ["none"]
    rows = draw(st.dictionaries(st.sampled_from(["daytime", "after-dark"]), st.integers(1, 5)))
    if rows:
        answers["feel-safe"] = rows
    return {"answers": answers, "language": draw(st.sampled_from(["cy", "en", "en"]))}


def verify(rows: list[dict[str, str]], truth: Truth, min_cell: int) -> None:
    """Every figure the perturbation of the truth by its cell key, none under the minimum cell
    (zeros included), percentages from the published figures, statistics only over a big base."""
    for r in rows:
        group = (r["breakdown_id"], r["breakdown_value"])
        for field in ("count", "base"):
            assert r[field] == "[c]" or int(r[field]) >= min_cell, r
        if r["question_id"] == "times-seen":
            assert (r["value"] == "[c]") == (r["base"] == "[c]"), r
            continue
        if "[c]" not in (r["count"], r["base"]):
            assert r["percent"] == f"{100 * int(r['count']) / int(r['base']):.1f}"
        else:
            assert r["percent"] == "[c]"
        if group[1] == "_other":  # small values merged: their truth is the sum of several
            continue
        assert r["base"] == truth.base(r["question_id"], r["row_id"], group, min_cell), r
        assert r["count"] == truth.count(r["question_id"], r["row_id"], r["option_value"], group, min_cell), r


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(responses=st.lists(response(), min_size=15, max_size=80),
       by=st.lists(st.sampled_from(["area", "language", "age-band"]), max_size=2, unique=True),
       min_cell=st.sampled_from([10, 12, 20]))
def test_every_published_figure_is_its_truth_perturbed_and_none_small(
        conformance: SurveyDefinition, tmp_path: Path, responses: list[dict[str, Any]], by: list[str],
        min_cell: int) -> None:
    clear_responses()
    store(conformance, responses)
    try:
        release = release_now(conformance)
    except NotEnough:
        assert len(responses) < 20
        return
    folder = write_export(conformance.id, lang="en", min_cell=min_cell, by=by, out_dir=None)
    rows = list(csv.DictReader(io.StringIO((folder / "aggregates.csv").read_text(encoding="utf-8-sig"))))
    verify(rows, release_truth(conformance, release, by), min_cell)
