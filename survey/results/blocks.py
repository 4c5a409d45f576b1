"""Each question's overall figures of a release as people read them (the console's results, the
hub's "You said"): the rows of aggregates.csv, the export's own, grouped by question and row."""
from __future__ import annotations

from collections import OrderedDict
from typing import Any

import pandas as pd

from ..definition import SurveyDefinition
from ..models import Release
from .aggregate import count_figures
from .disclosure import SUPPRESSED
from .export import aggregates


def question_results(definition: SurveyDefinition, release: Release, min_cell: int,
                     lang: str) -> list[dict[str, Any]]:
    """Each question's overall figures in a release, exactly as aggregates.csv publishes them."""
    figures = count_figures(definition, [], release.number, min_cell)
    return question_blocks(definition, aggregates(definition, figures, [], lang, min_cell))


def question_blocks(definition: SurveyDefinition, rows: pd.DataFrame) -> list[dict[str, Any]]:
    """The overall rows of an aggregates.csv frame, one block per question (row), in its order."""
    blocks: OrderedDict[tuple[str, str], dict[str, Any]] = OrderedDict()
    for row in rows[rows["breakdown_id"] == ""].to_dict("records"):
        key = (row["question_id"], row["row_id"])
        block = blocks.setdefault(key, {"question_id": row["question_id"], "question": row["question"],
                                        "row_id": row["row_id"], "row": row["row"], "options": [],
                                        "statistic": False})
        percent = str(row["percent"])
        block["options"].append({
            "value": row["option_value"], "label": row["option"], "count": str(row["count"]),
            "base": str(row["base"]), "percent": percent, "statistic": str(row["value"]),
            "width": float(percent) if percent not in ("", SUPPRESSED) else None})
        question = definition.question(row["question_id"])
        if question is not None and question.type == "number":
            block["statistic"] = True
    for block in blocks.values():
        block["base"] = block["options"][0]["base"] if block["options"] else ""
        block["answered"] = block["base"] not in ("", "0")
        block["anchor"] = "-".join(filter(None, ("q", block["question_id"], block["row_id"])))
    return list(blocks.values())
