"""Random response sets, stored and exported through the database: every published figure is
exact, every small one hidden, and no hidden one recoverable by subtraction."""
from __future__ import annotations

import csv
import io
import statistics
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings, strategies as st

from survey.definition import SurveyDefinition
from survey.results.export import write_export

from .conftest import clear_responses, store

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


def truth(definition: SurveyDefinition, responses: list[dict[str, Any]], by: list[str]) -> tuple[Any, Any, Any]:
    count: Counter[tuple[Any, ...]] = Counter()
    base: Counter[tuple[Any, ...]] = Counter()
    numbers: dict[tuple[Any, ...], list[float]] = defaultdict(list)
    for r in responses:
        groups = [("", "")] + [(b, r["language"] if b == "language" else r["answers"].get(b)) for b in by]
        for qid, value in r["answers"].items():
            for g in [g for g in groups if g[1] is not None]:
                if qid == "times-seen":
                    numbers[(qid, g)].append(value)
                elif isinstance(value, dict):
                    for row, v in value.items():
                        base[(qid, row, g)] += 1
                        count[(qid, row, str(v), g)] += 1
                else:
                    base[(qid, "", g)] += 1
                    for v in value if isinstance(value, list) else [value]:
                        count[(qid, "", v, g)] += 1
    return count, base, numbers


def verify(rows: list[dict[str, str]], truth_tables: tuple[Any, Any, Any], min_cell: int, by: list[str]) -> None:
    count, base, numbers = truth_tables
    cell = {}
    for r in rows:
        g = (r["breakdown_id"], r["breakdown_value"])
        key = (r["question_id"], r["row_id"], r["option_value"], g)
        cell[key] = r
        if r["question_id"] == "times-seen":
            xs = numbers.get((r["question_id"], g), [])
            if len(xs) >= min_cell:
                want = statistics.mean(xs) if r["option_value"] == "mean" else statistics.median(xs)
                assert abs(float(r["value"]) - want) < 0.006, r
            else:
                assert r["value"] in ("[c]", ""), r
            continue
        for field, true in (("count", count[key]), ("base", base[(r["question_id"], r["row_id"], g)])):
            if 0 < true < min_cell:
                assert r[field] == "[c]", (field, true, r)
            elif r[field] != "[c]":
                assert int(r[field]) == true, (field, true, r)
        if "[c]" not in (r["count"], r["base"]) and int(r["base"]):
            assert r["percent"] == f"{100 * int(r['count']) / int(r['base']):.1f}"
        else:
            assert r["percent"] in ("[c]", "")
    # single choice and scale: options add up to the base within each group
    lines: dict[tuple[Any, ...], list[dict[str, str]]] = defaultdict(list)
    for (qid, row, _, g), r in cell.items():
        if qid in ("area", "seen-dealing", "feel-safe", "service-helped", "age-band"):
            lines[(qid, row, g)].append(r)
    for line in lines.values():
        if line[0]["base"] != "[c]":
            assert sum(r["count"] == "[c]" for r in line) != 1, line
    # one option across a breakdown against the overall figure, wherever the figures add up
    for b in by:
        for (qid, row, opt, g), total in count.items():
            if g != ("", "") or cell[(qid, row, opt, g)]["count"] == "[c]":
                continue
            split = [r for (q, rw, o, (bid, _)), r in cell.items() if (q, rw, o, bid) == (qid, row, opt, b)]
            if sum(int(count[(qid, row, opt, (b, r["breakdown_value"]))]) for r in split) == total:
                assert sum(r["count"] == "[c]" for r in split) != 1, split


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(responses=st.lists(response(), min_size=0, max_size=60),
       by=st.lists(st.sampled_from(["area", "language", "age-band"]), max_size=2, unique=True),
       min_cell=st.sampled_from([3, 5, 10]))
def test_every_published_figure_is_exact_and_no_hidden_one_recoverable(
        conformance: SurveyDefinition, tmp_path: Path, responses: list[dict[str, Any]], by: list[str],
        min_cell: int) -> None:
    clear_responses()
    store(conformance, responses)
    folder = write_export(conformance.id, lang="en", min_cell=min_cell, by=by, out_dir=None)
    rows = list(csv.DictReader(io.StringIO((folder / "aggregates.csv").read_text(encoding="utf-8-sig"))))
    verify(rows, truth(conformance, responses, by), min_cell, by)
