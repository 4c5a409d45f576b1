"""The anonymised aggregate export (contract section 4): aggregates.csv, codebook.csv, manifest.json."""
from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Sequence

import pandas as pd
from flask import current_app
from flask_babel import force_locale, lazy_gettext as _l

from .. import audit
from ..definition import SurveyDefinition
from ..questions import kind_of
from ..models import Survey
from ..sentences import Sentence
from ..surveys import SurveyError, get_survey
from ..vocabulary import LANGUAGES, Language
from . import ExportError, disclosure
from .aggregate import BASE_KEY, CELL_KEY, Figures, count_figures
from .breakdowns import Breakdown, resolve
from .disclosure import SUPPRESSED
from .files import frame_rows, new_folder, sha256_of, write_csv
from .releases import ReleaseError, find_release, min_cell_of

COLUMNS = ["question_id", "question", "row_id", "row", "option_value", "option", "breakdown_id",
           "breakdown_value", "breakdown", "count", "base", "percent", "value"]
CODEBOOK_COLUMNS = ["question_id", "type", "breakdown", "question_cy", "question_en", "row_id", "row_cy",
                    "row_en", "option_value", "option_cy", "option_en"]
STATISTICS = {"mean": _l("Mean"), "median": _l("Median")}


def effective_min_cell(survey: Survey, asked: int | None) -> int:
    """The minimum cell of an export: the survey's, or a larger one asked for; never smaller."""
    own = min_cell_of(survey)
    if asked is None:
        return own
    if asked < own:
        raise ExportError(Sentence("the minimum cell size of %(survey)s is %(own)s: an export may raise it, "
                                   "never lower it (asked for %(asked)s)", survey=survey.id, own=own, asked=asked))
    return asked


def write_export(survey_id: str, lang: str = Language.CY, min_cell: int | None = None, by: Sequence[str] = (),
                 out_dir: Path | None = None, actor: str = audit.SYSTEM, release: int | None = None) -> Path:
    """Write the three files of a release (the latest, or `release`) into a new folder and return
    it; ExportError when asked for the impossible."""
    if lang not in LANGUAGES:
        raise ExportError(Sentence("the language must be cy or en, not %(lang)s", lang=repr(lang)))
    try:
        survey = get_survey(survey_id)
        cut = find_release(survey_id, release)
    except (SurveyError, ReleaseError) as exc:
        raise ExportError(exc.args[0]) from exc  # the Sentence itself, so the console can translate it
    min_cell = effective_min_cell(survey, min_cell)
    definition = survey.definition
    breakdowns = resolve(definition, by)
    figures = count_figures(definition, breakdowns, cut.number, min_cell)
    name = "-".join([f"release-{cut.number}", lang, *(f"by-{b.id}" for b in breakdowns), f"min{min_cell}"])
    folder = new_folder(Path(current_app.config["EXPORT_DIR"]), survey_id, out_dir, name)
    write_csv(aggregates(definition, figures, breakdowns, lang, min_cell), folder / "aggregates.csv")
    write_csv(codebook(definition), folder / "codebook.csv")
    manifest = {
        "survey_id": survey_id,
        "responses": disclosure.rounded_to_5(cut.responses),
        "definition_hash": survey.definition_hash,
        "created_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "language": lang,
        "min_cell": min_cell,
        "breakdowns": [b.id for b in breakdowns],
        "suppressed_symbol": SUPPRESSED,
        "disclosure": {"method": disclosure.METHOD, "max_noise": disclosure.MAX_NOISE, "min_cell": min_cell,
                       "release": cut.number, "released_on": cut.released_on.isoformat()},
        "files": {name: sha256_of(folder / name) for name in ("aggregates.csv", "codebook.csv")},
    }
    # JSON takes no byte-order mark (RFC 8259), and spreadsheets never open this file.
    (folder / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n",
                                          encoding="utf-8")
    audit.record(actor, audit.Action.EXPORT_MADE, survey_id,
                 f"release={cut.number} language={lang} min_cell={min_cell} "
                 f"by={','.join(manifest['breakdowns']) or '-'}")
    return folder


def aggregates(definition: SurveyDefinition, figures: Figures, breakdowns: Sequence[Breakdown],
               lang: str, min_cell: int) -> pd.DataFrame:
    """The rows of aggregates.csv, perturbed and labelled, in a stable order (disclosure.py).

    The rows are few (one per figure), so plain Python builds them: a pandas operation would cost
    more than the work."""
    labels = _Labels(definition, figures.groups, breakdowns, lang)
    base_of = {(q, row, bid, value): disclosure.published(base, key, min_cell)
               for q, row, bid, value, base, key in frame_rows(figures.bases, [*BASE_KEY, "base", "key"])}
    rows = []
    for q, row, option, bid, value, count, key in frame_rows(figures.cells, [*CELL_KEY, "count", "key"]):
        base = base_of[(q, row, bid, value)]
        shown = disclosure.published(count, key, min_cell) if base is not None else None
        rows.append(labels.row(q, row, option, bid, value, disclosure.shown(shown), disclosure.shown(base),
                               disclosure.percent(shown, base), ""))
    rows += _statistic_rows(definition, figures, base_of, labels)
    rows.sort(key=labels.order)
    return pd.DataFrame(rows, columns=COLUMNS)


def _statistic_rows(definition: SurveyDefinition, figures: Figures, base_of: dict[tuple[str, ...], int | None],
                    labels: _Labels) -> list[tuple[str, ...]]:
    """Mean and median rows of number questions, where the published base is at least the minimum cell."""
    numeric = {q.id for q in definition.all_questions() if kind_of(q).summary == "number"}
    rows = []
    for (q, _, bid, value), base in base_of.items():
        if q not in numeric:
            continue
        numbers = figures.numbers.get((q, bid, value))
        statistics = {"mean": "", "median": ""}
        if base is not None and numbers is not None:
            statistics = {"mean": f"{disclosure.mean(numbers, base):.2f}", "median": f"{disclosure.median(numbers):.2f}"}
        for name in STATISTICS:
            rows.append(labels.row(q, "", name, bid, value, disclosure.shown(base), disclosure.shown(base), "",
                                   statistics[name] if base is not None else SUPPRESSED))
    return rows


class _Labels:
    """The labels of aggregates.csv in one language, and the order it lists its rows in: by
    question, row, group and option, as the survey has them."""

    def __init__(self, definition: SurveyDefinition, groups: list[tuple[str, str]],
                 breakdowns: Sequence[Breakdown], lang: str) -> None:
        self.question_order: dict[str, int] = {}
        self.row_order: dict[tuple[str, str], int] = {}
        self.option_order: dict[tuple[str, str], int] = {}
        self.question: dict[str, str] = {}
        self.row_label: dict[tuple[str, str], str] = {}
        self.option: dict[tuple[str, str], str] = {}
        with force_locale(lang):
            statistic_label = {name: str(label) for name, label in STATISTICS.items()}
        for qi, q in enumerate(q for q in definition.all_questions() if kind_of(q).summary != "text"):
            self.question_order[q.id], self.question[q.id] = qi, q.text(lang)
            for ri, r in enumerate(q.rows):
                self.row_order[(q.id, r.id)], self.row_label[(q.id, r.id)] = ri, r.label(lang)
            for oi, o in enumerate(q.choices):
                self.option_order[(q.id, o.value)], self.option[(q.id, o.value)] = oi, o.label(lang)
            for oi, name in enumerate(STATISTICS):
                self.option_order[(q.id, name)], self.option[(q.id, name)] = oi, statistic_label[name]
        by_id = {b.id: b for b in breakdowns}
        self.group_order = {group: i for i, group in enumerate(groups)}
        self.group = {(b, v): by_id[b].label(v, lang) if b else "" for b, v in groups}

    def row(self, q: str, row: str, option: str, bid: str, value: str, count: str, base: str, percent: str,
            statistic: str) -> tuple[str, ...]:
        """A row of aggregates.csv, in COLUMNS order."""
        return (q, self.question[q], row, self.row_label.get((q, row), ""), option, self.option[(q, option)],
                bid, value, self.group[(bid, value)], count, base, percent, statistic)

    def order(self, row: tuple[str, ...]) -> tuple[int, int, int, int]:
        q, _, r, _, option, _, bid, value = row[:8]
        return (self.question_order[q], self.row_order.get((q, r), 0), self.group_order[(bid, value)],
                self.option_order[(q, option)])


def codebook(definition: SurveyDefinition) -> pd.DataFrame:
    """Every question, row and option with its value and both labels."""
    rows = []
    for q in definition.all_questions():
        for row in q.rows or [None]:
            for option in q.choices or [None]:
                rows.append({
                    "question_id": q.id, "type": q.type, "breakdown": "yes" if q.breakdown else "",
                    "question_cy": q.text.cy, "question_en": q.text.en,
                    "row_id": row.id if row else "", "row_cy": row.label.cy if row else "",
                    "row_en": row.label.en if row else "", "option_value": option.value if option else "",
                    "option_cy": option.label.cy if option else "", "option_en": option.label.en if option else ""})
    return pd.DataFrame(rows, columns=CODEBOOK_COLUMNS)
