"""Export speed and memory at scale, against the database's own ceiling.

Synthetic responses are bulk-loaded (COPY on PostgreSQL, executemany on SQLite) in steps up to
each size. At each size, in the same run: the bare GROUP BY over the survey's answers (what
the database alone needs to count them), then write_export without breakdowns and with two,
timed, then the export with two breakdowns again under tracemalloc for its peak memory.
"""
from __future__ import annotations

import contextlib
import random
import shutil
import time
import tracemalloc
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Callable, Iterator, Sequence
from unittest import mock

import sqlalchemy as sa
from flask import Flask

from survey.definition import SurveyDefinition
from survey.extensions import db
from survey.groups import group_of, month_of
from survey.models import KEY_RANGE, Answer, Release, Response, ResponseGroup
from survey.questions import kind_of
from survey.results import aggregate, export

from .answers import Respondents

CHUNK = 10_000
POOL = 20_000     # distinct generated respondents the loader draws from
BARE_GROUP_BY = sa.text("SELECT question_id, row_id, value, count(*) FROM answers "
                        "WHERE survey_id = :survey GROUP BY question_id, row_id, value")
RESPONSE_COLUMNS = "id, survey_id, language, channel, site, submitted_on, record_key, release"
ANSWER_COLUMNS = "response_id, survey_id, question_id, row_id, value, number, group_id, month, record_key, release"
GROUP_COLUMNS = "id, survey_id, digest, language, channel, site, answers_json"
TEXT_COLUMNS = "id, survey_id, question_id, language, channel, submitted_on, body, release"
RELEASE = 1  # everything loaded is in the one release the exports are made from
# Settings of the loading connection only (it is thrown away afterwards).
LOAD_SETTINGS_SQLITE = ("PRAGMA foreign_keys=OFF", "PRAGMA synchronous=OFF", "PRAGMA cache_size=-262144")
LOAD_SETTINGS_POSTGRES = ("SET session_replication_role = replica",)  # no per-row foreign key triggers


@dataclass
class Rows:
    groups: list[tuple[Any, ...]] = field(default_factory=list)
    responses: list[tuple[Any, ...]] = field(default_factory=list)
    answers: list[tuple[Any, ...]] = field(default_factory=list)
    texts: list[tuple[Any, ...]] = field(default_factory=list)


@dataclass(frozen=True)
class Template:
    """A generated respondent's answers, as stored (less the ids) and as given."""
    answers: list[tuple[Any, ...]]
    texts: list[tuple[str, str]]
    given: dict[str, Any]


class Loader:
    """Adds synthetic responses to a survey straight into its tables, as add_response would store them.

    Respondents are drawn from a pool of up to `pool` generated ones (their answers are the slow part
    to make), each stored under a new random id with its own language, channel, site and day.
    """

    def __init__(self, definition: SurveyDefinition, pool: int = POOL, seed: int = 7) -> None:
        self.definition = definition
        self.respondents = Respondents(definition, seed)
        self.rng = random.Random(seed + 1)
        self.kinds = [(q, kind_of(q)) for q in definition.all_questions()]
        self.pool_size = pool
        self.pool: list[Template] = []
        self.group_ids: dict[str, int] = {}   # digest -> id of the survey's groups, those there before included
        self.next_group_id = 1
        self.loaded = 0
        self.answers = 0

    def _template(self) -> Template:
        """One respondent's answer rows (without response or group id), free text and breakdown answers."""
        answers, texts = [], []
        given = self.respondents.answers()
        for question, kind in self.kinds:
            value = given.get(question.id)
            if value is None:
                continue
            if kind.summary == "text":
                texts.append((question.id, value))
            else:
                answers += [(self.definition.id, question.id, a.row_id, a.value, a.number)
                            for a in kind.stored(question, value)]
        return Template(answers, texts, given)

    def rows(self, count: int, iso_dates: bool) -> Rows:
        rows, survey_id, rng = Rows(), self.definition.id, self.rng
        while len(self.pool) < self.pool_size:
            self.pool.append(self._template())
        for _ in range(count):
            made = self.respondents.response(answers={})
            template = self.pool[rng.randrange(len(self.pool))]
            group = group_of(self.definition, template.given, made.language, made.channel, made.site)
            month = month_of(made.submitted_on)
            digest = group.digest(survey_id)
            group_id = self.group_ids.get(digest)
            if group_id is None:
                group_id = self.group_ids[digest] = self.next_group_id
                self.next_group_id += 1
                rows.groups.append((group_id, *group.columns(survey_id).values()))  # in GROUP_COLUMNS order
            response_id = f"{rng.getrandbits(128):032x}"
            day: date | str = made.submitted_on.isoformat() if iso_dates else made.submitted_on
            key = rng.randrange(KEY_RANGE)
            rows.responses.append((response_id, survey_id, made.language, made.channel, made.site, day, key, RELEASE))
            rows.answers += [(response_id, *answer, group_id, month, key, RELEASE) for answer in template.answers]
            rows.texts += [(rng.getrandbits(62) + 1, survey_id, qid, made.language, made.channel, day, body, RELEASE)
                           for qid, body in template.texts]
        return rows

    def load(self, app: Flask, count: int) -> float:
        """Add `count` responses; returns the seconds taken, rebuilding the indexes included.

        The answers' indexes are dropped while loading and made again afterwards from the models,
        and foreign keys are not checked row by row (the rows are consistent by construction):
        the schema measured is exactly the application's.
        """
        began = time.perf_counter()
        with app.app_context():
            postgres = db.engine.dialect.name == "postgresql"
            if not self.loaded:
                self.next_group_id = (db.session.scalar(sa.select(sa.func.max(ResponseGroup.id))) or 0) + 1
                self.group_ids = dict(db.session.execute(  # such as those of the respondents benchmark
                    sa.select(ResponseGroup.digest, ResponseGroup.id)
                    .where(ResponseGroup.survey_id == self.definition.id)).all())
                db.session.remove()
            indexes = list(Answer.__table__.indexes)
            with db.engine.begin() as connection:
                for index in indexes:
                    index.drop(connection)
            raw = db.engine.raw_connection()
            try:
                driver = raw.driver_connection
                for setting in (LOAD_SETTINGS_POSTGRES if postgres else LOAD_SETTINGS_SQLITE):
                    try:
                        driver.execute(setting)
                    except Exception:  # not allowed (not a superuser): load more slowly without it
                        driver.rollback()
                for start in range(0, count, CHUNK):
                    rows = self.rows(min(CHUNK, count - start), iso_dates=not postgres)
                    (_copy if postgres else _insert)(driver, rows)
                    self.answers += len(rows.answers)
                driver.commit()
            finally:
                raw.invalidate()  # its load-only settings must not reach the measurements
            with db.engine.begin() as connection:
                for index in indexes:
                    index.create(connection)
            if postgres:
                with db.engine.connect() as connection:
                    connection = connection.execution_options(isolation_level="AUTOCOMMIT")
                    connection.execute(sa.text("SELECT setval(pg_get_serial_sequence('response_groups', 'id'), "
                                               "(SELECT max(id) FROM response_groups))"))  # ids were given
                    connection.execute(sa.text("VACUUM ANALYZE responses"))
                    connection.execute(sa.text("VACUUM ANALYZE answers"))
            _record_release(self.definition.id, self.loaded + count)
            db.engine.dispose()
        self.loaded += count
        return time.perf_counter() - began


def _record_release(survey_id: str, responses: int) -> None:
    """The release the loaded responses are in (made once, its count kept up to date)."""
    release = db.session.scalar(sa.select(Release).where(Release.survey_id == survey_id, Release.number == RELEASE))
    if release is None:
        release = Release(survey_id=survey_id, number=RELEASE, released_on=date.today(), responses=0,
                          new_responses=0, new_comments=0, actor="benchmark")
        db.session.add(release)
    release.responses = release.new_responses = db.session.scalar(
        sa.select(sa.func.count()).select_from(Response).where(Response.survey_id == survey_id))
    db.session.commit()


def _copy(connection: Any, rows: Rows) -> None:
    with connection.cursor() as cursor:
        for table, columns, data in (("response_groups", GROUP_COLUMNS, rows.groups),
                                     ("responses", RESPONSE_COLUMNS, rows.responses),
                                     ("answers", ANSWER_COLUMNS, rows.answers),
                                     ("text_answers", TEXT_COLUMNS, rows.texts)):
            with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in data:
                    copy.write_row(row)


def _insert(connection: Any, rows: Rows) -> None:
    connection.executemany(f"INSERT INTO response_groups ({GROUP_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)",
                           rows.groups)
    connection.executemany(f"INSERT INTO responses ({RESPONSE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                           rows.responses)
    connection.executemany(f"INSERT INTO answers ({ANSWER_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                           rows.answers)
    connection.executemany(f"INSERT INTO text_answers ({TEXT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows.texts)


# ------------------------------------------------------------------ timing

class Stopwatch:
    """Seconds spent inside chosen functions of survey.results.aggregate, by name."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self.calls: dict[str, int] = defaultdict(int)

    def wrap(self, name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            began = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                self.seconds[name] += time.perf_counter() - began
                self.calls[name] += 1
        return timed

    @contextlib.contextmanager
    def watching(self) -> Iterator[None]:
        """Time count_figures (the counting) and its GROUP BY (the SQL, with summing the groups)."""
        with mock.patch.object(export, "count_figures", self.wrap("figures", aggregate.count_figures)), \
                mock.patch.object(aggregate, "_answer_counts", self.wrap("sql", aggregate._answer_counts)):
            yield


@dataclass(frozen=True)
class Timing:
    seconds: float                       # the fastest of the runs
    runs: int
    parts: dict[str, float]              # of the fastest run: figures / sql seconds
    calls: dict[str, int]


def best_of(action: Callable[[], Any], budget: float, most: int = 3) -> Timing:
    """Run at least once, and again (up to `most`) while the runs so far took under `budget` seconds."""
    best: Timing | None = None
    spent, runs = 0.0, 0
    while runs < most and (runs == 0 or spent < budget):
        watch = Stopwatch()
        with watch.watching():
            began = time.perf_counter()
            action()
            took = time.perf_counter() - began
        spent, runs = spent + took, runs + 1
        if best is None or took < best.seconds:
            best = Timing(took, runs, dict(watch.seconds), dict(watch.calls))
    assert best is not None
    return Timing(best.seconds, runs, best.parts, best.calls)


@dataclass(frozen=True)
class ExportFigures:
    """One size: the ceiling, both exports, and their peak memory (None where skipped)."""
    responses: int
    answers: int
    load_seconds: float
    group_by: Timing
    plain: Timing
    plain_peak_mb: float
    split: Timing | None        # None: skipped, as it would have taken over the cap
    split_estimate: float       # seconds it was expected to take, from the size before
    split_peak_mb: float | None

    @property
    def plain_ratio(self) -> float:
        return self.plain.seconds / self.group_by.seconds

    @property
    def split_ratio(self) -> float | None:
        return self.split.seconds / self.group_by.seconds if self.split else None


def _peak_mb(action: Callable[[], Any]) -> float:
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        action()
        return tracemalloc.get_traced_memory()[1] / 1e6
    finally:
        tracemalloc.stop()


def _expected(before: ExportFigures, size: int) -> float:
    """The export with breakdowns' seconds at `size`, scaled linearly from the size before."""
    seconds = before.split.seconds if before.split else before.split_estimate
    return seconds * size / before.responses


def measure_exports(app: Flask, definition: SurveyDefinition, sizes: Sequence[int], by: Sequence[str],
                    budget: float, cap: float, log: Callable[[str], None] = print) -> list[ExportFigures]:
    """Load up to each size in turn and measure there.

    The export with breakdowns is skipped at a size where, scaled from the size before, it would
    take over `cap` seconds; its memory is measured only where one run takes under cap / 3.
    """
    loader = Loader(definition, pool=min(POOL, max(sizes)))
    out = Path(app.config["EXPORT_DIR"]) / "bench"
    results: list[ExportFigures] = []
    for size in sorted(sizes):
        load_seconds = loader.load(app, size - loader.loaded)
        with app.app_context():
            def bare() -> None:
                db.session.execute(BARE_GROUP_BY, {"survey": definition.id}).all()

            def write(breakdowns: Sequence[str]) -> Callable[[], None]:
                def run() -> None:
                    export.write_export(definition.id, lang="en", by=breakdowns, out_dir=out)
                    db.session.commit()
                    shutil.rmtree(out)
                return run

            bare()  # once untimed: the same warm caches for everything timed
            if not results:
                write(())()  # and the first export: imports, locale data, compiled statements
            group_by = best_of(bare, budget)
            plain = best_of(write(()), budget)
            plain_peak = _peak_mb(write(()))
            estimate = _expected(results[-1], size) if results else 0.0
            split = best_of(write(by), budget) if estimate <= cap else None
            split_peak = _peak_mb(write(by)) if split and split.seconds <= cap / 3 else None
            db.session.remove()
        figures = ExportFigures(size, loader.answers, load_seconds, group_by, plain, plain_peak, split, estimate,
                                split_peak)
        results.append(figures)
        by_text = (f"{split.seconds:.3f}s (x{figures.split_ratio:.1f})" if split
                   else f"skipped (about {estimate:.0f}s expected)")
        log(f"  {size:>9,} responses ({loader.answers:,} answers, loaded in {load_seconds:.1f}s): "
            f"GROUP BY {group_by.seconds:.3f}s, export {plain.seconds:.3f}s (x{figures.plain_ratio:.1f}, "
            f"peak {plain_peak:.1f} MB), by {'+'.join(by)} {by_text}")
    return results
