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
from ..surveys import SurveyError, get_survey
from . import ExportError
from .aggregate import BASE_KEY, Figures, count_figures, response_count
from .breakdowns import Breakdown, resolve
from .files import new_folder, sha256_of, write_csv
from .suppression import suppress

COLUMNS = ["question_id", "question", "row_id", "row", "option_value", "option", "breakdown_id",
           "breakdown_value", "breakdown", "count", "base", "percent", "value"]
CODEBOOK_COLUMNS = ["question_id", "type", "breakdown", "question_cy", "question_en", "row_id", "row_cy",
                    "row_en", "option_value", "option_cy", "option_en"]
SUPPRESSED = "[c]"
DEFAULT_MIN_CELL = 10
SMALLEST_MIN_CELL = 3
STATISTICS = {"mean": _l("Mean"), "median": _l("Median")}
LANGUAGES = ("cy", "en")


def write_export(survey_id: str, lang: str = "cy", min_cell: int = DEFAULT_MIN_CELL, by: Sequence[str] = (),
                 out_dir: Path | None = None, actor: str = audit.SYSTEM) -> Path:
    """Write the three files into a new folder and return it; ExportError when asked for the impossible."""
    if lang not in LANGUAGES:
        raise ExportError(f"the language must be cy or en, not {lang!r}")
    if min_cell < SMALLEST_MIN_CELL:
        raise ExportError(f"the minimum cell size must be at least {SMALLEST_MIN_CELL}, not {min_cell}")
    try:
        survey = get_survey(survey_id)
    except SurveyError as exc:
        raise ExportError(str(exc)) from exc
    definition = survey.definition
    breakdowns = resolve(definition, by)
    figures = count_figures(definition, breakdowns)
    folder = new_folder(Path(current_app.config["EXPORT_DIR"]), survey_id, out_dir)
    write_csv(aggregates(definition, figures, breakdowns, lang, min_cell), folder / "aggregates.csv")
    write_csv(codebook(definition), folder / "codebook.csv")
    manifest = {
        "survey_id": survey_id,
        "responses": response_count(survey_id),
        "definition_hash": survey.definition_hash,
        "created_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "language": lang,
        "min_cell": min_cell,
        "breakdowns": [b.id for b in breakdowns],
        "suppressed_symbol": SUPPRESSED,
        "files": {name: sha256_of(folder / name) for name in ("aggregates.csv", "codebook.csv")},
    }
    # JSON takes no byte-order mark (RFC 8259), and spreadsheets never open this file.
    (folder / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n",
                                          encoding="utf-8")
    audit.record(actor, audit.Action.EXPORT_MADE, survey_id,
                 f"language={lang} min_cell={min_cell} by={','.join(manifest['breakdowns']) or '-'}")
    return folder


def aggregates(definition: SurveyDefinition, figures: Figures, breakdowns: Sequence[Breakdown],
               lang: str, min_cell: int) -> pd.DataFrame:
    """The rows of aggregates.csv, suppressed and labelled, in a stable order."""
    adding = [q.id for q in definition.all_questions() if kind_of(q).options_add_up]
    cells, bases = suppress(figures.cells, figures.bases, adding, min_cell)
    cells = cells.merge(bases.rename(columns={"hidden": "base_hidden"}), on=BASE_KEY, how="left")
    hidden = cells["hidden"] | cells["base_hidden"]
    cells["percent"] = [_percent(c, b) for c, b in zip(cells["count"], cells["base"])]
    cells.loc[hidden, "percent"] = SUPPRESSED
    cells["count"] = cells["count"].astype(str).where(~cells["hidden"], SUPPRESSED)
    cells["base"] = cells["base"].astype(str).where(~cells["base_hidden"], SUPPRESSED)
    cells["value"] = ""
    rows = pd.concat([cells, _statistic_rows(definition, figures, bases, min_cell)], ignore_index=True)
    return _labelled(definition, rows, figures.groups, breakdowns, lang)


def _percent(count: int, base: int) -> str:
    return f"{100 * count / base:.1f}" if base else ""


def _statistic_rows(definition: SurveyDefinition, figures: Figures, bases: pd.DataFrame,
                min_cell: int) -> pd.DataFrame:
    """Mean and median rows of number questions; a statistic only over min_cell answers or more."""
    numeric = [q.id for q in definition.all_questions() if kind_of(q).summary == "number"]
    found = {(r.question_id, r.breakdown_id, r.breakdown_value): r for r in figures.numbers.itertuples()}
    rows: list[dict[str, Any]] = []
    for base in bases[bases["question_id"].isin(numeric)].itertuples():
        stats = found.get((base.question_id, base.breakdown_id, base.breakdown_value))
        for name in STATISTICS:
            value = getattr(stats, name) if stats is not None else float("nan")
            shown = base.base >= min_cell and not pd.isna(value)
            rows.append({"question_id": base.question_id, "row_id": "", "option_value": name,
                         "breakdown_id": base.breakdown_id, "breakdown_value": base.breakdown_value,
                         "count": SUPPRESSED if base.hidden else str(base.base),
                         "base": SUPPRESSED if base.hidden else str(base.base), "percent": "",
                         "value": f"{value:.2f}" if shown else (SUPPRESSED if base.base else "")})
    return pd.DataFrame(rows, columns=["question_id", "row_id", "option_value", "breakdown_id",
                                       "breakdown_value", "count", "base", "percent", "value"])


def _labelled(definition: SurveyDefinition, rows: pd.DataFrame, groups: list[tuple[str, str]],
              breakdowns: Sequence[Breakdown], lang: str) -> pd.DataFrame:
    """Add the labels in `lang` and sort by question, row, group and option as the survey has them."""
    question_order, row_order, option_order = {}, {}, {}
    question_label, row_label, option_label = {}, {}, {}
    with force_locale(lang):
        statistic_label = {name: str(label) for name, label in STATISTICS.items()}
    for qi, q in enumerate(q for q in definition.all_questions() if kind_of(q).summary != "text"):
        question_order[q.id], question_label[q.id] = qi, q.text(lang)
        for ri, r in enumerate(q.rows):
            row_order[(q.id, r.id)], row_label[(q.id, r.id)] = ri, r.label(lang)
        for oi, o in enumerate(q.choices):
            option_order[(q.id, o.value)], option_label[(q.id, o.value)] = oi, o.label(lang)
        for oi, name in enumerate(STATISTICS):
            option_order[(q.id, name)], option_label[(q.id, name)] = oi, statistic_label[name]
    by_id = {b.id: b for b in breakdowns}
    group_order = {group: i for i, group in enumerate(groups)}
    rows = rows.copy()
    q_keys = list(zip(rows["question_id"], rows["row_id"]))
    o_keys = list(zip(rows["question_id"], rows["option_value"]))
    g_keys = list(zip(rows["breakdown_id"], rows["breakdown_value"]))
    rows["question"] = rows["question_id"].map(question_label)
    rows["row"] = [row_label.get(k, "") for k in q_keys]
    rows["option"] = [option_label[k] for k in o_keys]
    group_label = {(b, v): by_id[b].label(v, lang) if b else "" for b, v in groups}
    rows["breakdown"] = [group_label[k] for k in g_keys]
    rows["_order"] = list(zip(rows["question_id"].map(question_order), [row_order.get(k, 0) for k in q_keys],
                              [group_order[k] for k in g_keys], [option_order[k] for k in o_keys]))
    return rows.sort_values("_order", kind="stable")[COLUMNS].reset_index(drop=True)


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
