"""Run the benchmarks on each database and print the figures (`python -m benchmarks --help`)."""
from __future__ import annotations

import argparse
import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Sequence

import sqlalchemy as sa

from survey.definition import SurveyDefinition, load_definition

from .databases import Database, dispose, fresh_database, load_open, make_app
from .exports import ExportFigures, measure_exports
from .report import exports_table, machine, respondents_table
from .respondents import Throughput, run_respondents

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
PUBLIC_SURVEY = ROOT / "survey" / "examples" / "drugs-in-our-communities.yaml"


@dataclass
class Settings:
    """What to run, and how big: the full run's defaults, or `smoke()` for seconds."""
    databases: Sequence[str] = ("sqlite", "postgresql")
    postgres_url: str = DEFAULT_POSTGRES
    concurrency: Sequence[int] = (8, 32, 128)
    seconds: float = 10.0
    max_responses: int = 100_000
    workers: int = 2 * (os.cpu_count() or 1)
    threads: int = 4
    clients: int = os.cpu_count() or 1   # client processes for the virtual respondents
    sizes: Sequence[int] = (10_000, 100_000, 1_000_000)
    by: Sequence[str] = ("language", "area")
    budget: float = 3.0          # repeat a timing (up to 3 runs) while the runs so far took under this
    cap: float = 90.0            # skip an export with breakdowns expected to take longer than this
    respondent_survey: Path = PUBLIC_SURVEY
    export_survey: Path = PUBLIC_SURVEY   # its breakdown questions: area, age-band
    parts: Sequence[str] = ("respondents", "exports")

    @classmethod
    def smoke(cls, **changes: object) -> Settings:
        base = dict(concurrency=(2,), seconds=20.0, max_responses=4, workers=1, threads=2, clients=2,
                    sizes=(200, 2_000), budget=0.0)
        return cls(**{**base, **changes})  # type: ignore[arg-type]


@dataclass
class Results:
    respondents: list[tuple[str, Throughput]] = field(default_factory=list)
    exports: list[tuple[str, ExportFigures]] = field(default_factory=list)
    postgres_version: str | None = None


def postgres_version(url: str) -> str:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection:
            return str(connection.execute(sa.text("SHOW server_version")).scalar_one()).split()[0]
    finally:
        engine.dispose()


def run_on(database: Database, settings: Settings, results: Results, log: Callable[[str], None]) -> None:
    """Every chosen benchmark on one empty database."""
    app = make_app(database)
    try:
        if "respondents" in settings.parts:
            definition = load_definition(settings.respondent_survey)
            load_open(app, definition)
            log(f"{database.name}: respondents through gunicorn, survey {definition.id}")
            for throughput in run_respondents(database.url, database.folder, settings.respondent_survey,
                                              list(settings.concurrency), settings.seconds,
                                              settings.max_responses, settings.workers, settings.threads,
                                              settings.clients, log):
                results.respondents.append((database.name, throughput))
        if "exports" in settings.parts:
            definition = load_definition(settings.export_survey)
            load_open(app, definition)
            _check_breakdowns(definition, settings.by)
            log(f"{database.name}: exports of survey {definition.id}")
            for figures in measure_exports(app, definition, settings.sizes, settings.by, settings.budget,
                                           settings.cap, log):
                results.exports.append((database.name, figures))
    finally:
        dispose(app)


def _check_breakdowns(definition: SurveyDefinition, by: Sequence[str]) -> None:
    from survey.results.breakdowns import allowed_breakdowns
    unknown = [b for b in by if b not in allowed_breakdowns(definition)]
    if unknown:
        raise SystemExit(f"{definition.id} cannot be broken down by {', '.join(unknown)}")


def run(settings: Settings, log: Callable[[str], None] = print) -> Results:
    results = Results()
    if "postgresql" in settings.databases:
        results.postgres_version = postgres_version(settings.postgres_url)
    for name in settings.databases:
        with fresh_database(settings.postgres_url if name == "postgresql" else None) as database:
            run_on(database, settings, results, log)
    return results


def tables(settings: Settings, results: Results) -> str:
    parts = [machine(results.postgres_version, settings.workers, settings.threads, settings.clients)]
    if results.respondents:
        parts += ["", f"Respondents (up to {settings.seconds:g} s at each concurrency). pages/s counts every GET and POST; "
                  "responses/s is pages/s divided by the requests a complete response took. Two yardsticks "
                  "run in the same application and server, at the same concurrency, with the same client "
                  "(benchmarks/server.py): trivial, an endpoint with no template, session or database; floor, "
                  "the least a form page does on this stack (the session cookie read, a CSRF token, one "
                  "query in one round trip, a template as large as a survey page). completed: "
                  "responses finished within the window; resent: requests sent again, as browsers do, after "
                  "the server closed a kept-alive connection just as they went out on it (they are not "
                  "errors); server CPU: gunicorn's workers' processor time for each request (the database's "
                  "own is not in it); client CPU: the cores the virtual respondents used:", "",
                  respondents_table(results.respondents)]
    if results.exports:
        parts += ["", "Exports (seconds: the fastest of up to 3 runs; peak MB: tracemalloc's peak during "
                  "write_export):", "", exports_table(results.exports, settings.by)]
    return "\n".join(parts)


def _numbers(text: str) -> list[int]:
    """"10000,100k,1M" -> [10000, 100000, 1000000]."""
    scale = {"k": 1_000, "M": 1_000_000}
    return [int(float(part[:-1]) * scale[part[-1]]) if part[-1] in scale else int(part)
            for part in text.replace("_", "").split(",")]


def parse(argv: Sequence[str]) -> Settings:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--smoke", action="store_true", help="a tiny run that takes seconds (figures not judged)")
    parser.add_argument("--databases", default="sqlite,postgresql", help="sqlite, postgresql or both")
    parser.add_argument("--postgres-url", default=os.environ.get("LLAIS_BENCH_DATABASE_URL", DEFAULT_POSTGRES),
                        help="a server where a schema of its own is made, then dropped")
    parser.add_argument("--only", choices=["respondents", "exports"], help="run only one of the benchmarks")
    parser.add_argument("--concurrency", help="virtual respondents at once, such as 8,32,128")
    parser.add_argument("--seconds", type=float, help="how long each concurrency runs")
    parser.add_argument("--max-responses", type=int, help="stop each concurrency after this many responses")
    parser.add_argument("--workers", type=int, help="gunicorn workers (default: 2 per core)")
    parser.add_argument("--threads", type=int, help="threads per gunicorn worker")
    parser.add_argument("--clients", type=int, help="client processes for the respondents (default: 1 per core)")
    parser.add_argument("--sizes", help="responses to export, such as 10000,100000,1M")
    parser.add_argument("--by", help="the export's breakdowns, such as language,area")
    parser.add_argument("--cap", type=float, help="skip an export with breakdowns expected to take longer (s)")
    args = parser.parse_args(argv)
    changes: dict[str, object] = {"databases": tuple(args.databases.split(",")), "postgres_url": args.postgres_url}
    for key, value in (("concurrency", args.concurrency and _numbers(args.concurrency)),
                       ("seconds", args.seconds), ("max_responses", args.max_responses),
                       ("workers", args.workers), ("threads", args.threads), ("clients", args.clients),
                       ("sizes", args.sizes and _numbers(args.sizes)),
                       ("by", args.by and tuple(args.by.split(","))),
                       ("parts", args.only and (args.only,)), ("cap", args.cap)):
        if value:
            changes[key] = value
    return Settings.smoke(**changes) if args.smoke else Settings(**changes)  # type: ignore[arg-type]


def main(argv: Sequence[str] | None = None) -> int:
    settings = parse(sys.argv[1:] if argv is None else argv)
    began = time.monotonic()
    results = run(settings, log=lambda line: print(line, file=sys.stderr, flush=True))
    print(tables(settings, results))
    print(f"\n(The whole run took {time.monotonic() - began:.0f} s.)", file=sys.stderr)
    return 0
