"""What a person types into the builder's forms to make a given definition (for tests)."""
from __future__ import annotations

from typing import Any

from survey.builder.document import ITEM_LISTS, conditions_of


def texts(node: dict[str, Any], *names: str) -> dict[str, str]:
    form = {}
    for name in names:
        value = node.get(name) or {}
        form[f"{name}-cy"], form[f"{name}-en"] = value.get("cy", ""), value.get("en", "")
    return form


def conditions(node: dict[str, Any]) -> dict[str, list[str]]:
    return {f"show_if-{c['question']}": [str(v) for v in c["any_of"]] for c in conditions_of(node)}


def settings_form(raw: dict[str, Any]) -> dict[str, Any]:
    return {"id": raw["id"], **texts(raw, "title", "description", "privacy", "support", "thank_you"),
            "channels": raw.get("channels") or ["public", "kiosk"], "retention_days": str(raw.get("retention_days", "")),
            "opens": raw.get("opens", ""), "closes": raw.get("closes", ""),
            "min_cell": str(raw.get("min_cell", "")), "release_min_new": str(raw.get("release_min_new", ""))}


def page_form(page: dict[str, Any]) -> dict[str, Any]:
    return {"id": page["id"], **texts(page, "title", "intro"), **conditions(page)}


def _flag(node: dict[str, Any], key: str) -> dict[str, str]:
    return {key: "y"} if node.get(key) else {}


def question_form(question: dict[str, Any]) -> dict[str, Any]:
    form: dict[str, Any] = {"id": question["id"], "type": question["type"], **texts(question, "text", "hint"),
                            **_flag(question, "required"), **_flag(question, "breakdown"), **_flag(question, "long"),
                            **conditions(question), "action": "save"}
    if question.get("integer") is False:
        form["decimals"] = "y"
    for key in ("max_choices", "min", "max", "max_length"):
        if question.get(key) is not None:
            form[key] = str(question[key])
    for list_name in ITEM_LISTS:
        if list_name not in question:
            continue
        form[f"{list_name}-shown"] = "1"
        key = "id" if list_name == "rows" else "value"
        for i, item in enumerate(question[list_name]):
            form[f"{list_name}-{i}-{key}"] = str(item[key])
            form[f"{list_name}-{i}-cy"], form[f"{list_name}-{i}-en"] = item["label"]["cy"], item["label"]["en"]
            if item.get("exclusive"):
                form[f"{list_name}-{i}-exclusive"] = "y"
    return form
