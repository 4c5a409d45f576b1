"""The benchmarks still run: a tiny run on the test database, checking that figures come out (never their values)."""
from __future__ import annotations

import math
from pathlib import Path

from benchmarks.databases import Database
from benchmarks.run import Results, Settings, run_on, tables
from tests.conftest import POSTGRES_URL


def test_a_tiny_benchmark_run_produces_every_figure(database_url: str, tmp_path: Path) -> None:
    name = "postgresql" if POSTGRES_URL else "sqlite"
    settings = Settings.smoke(sizes=(60, 240), max_responses=2)
    results = Results()
    run_on(Database(name, database_url, tmp_path), settings, results, log=lambda line: None)

    [(database, throughput)] = results.respondents
    assert database == name
    assert throughput.survey.completed >= 1 and throughput.survey.requests > 0
    assert throughput.survey.errors == {}
    assert throughput.ceiling.requests > 0 and math.isfinite(throughput.ratio)
    assert throughput.floor.requests > 0 and throughput.floor.errors == {} and math.isfinite(throughput.to_floor)
    assert [figures.responses for _, figures in results.exports] == [60, 240]
    for _, figures in results.exports:
        assert figures.answers > figures.responses
        assert figures.split is not None and figures.split.parts["figures"] > 0
        assert figures.plain_peak_mb > 0 and figures.split_peak_mb is not None
    table = tables(settings, results)
    assert table.count(f"| {name} |") == 3
