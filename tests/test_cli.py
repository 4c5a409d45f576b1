"""`survey check | load | open | close | responses import`, through Flask's CLI runner."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any, Callable

import pytest
import yaml
from flask import Flask
from sqlalchemy import func, select

from survey.extensions import db
from survey.models import Answer, Response, Survey
from survey.vocabulary import SurveyState as SurveyStatus
from tests.conftest import FIXTURES, conformance_raw

CONFORMANCE = str(FIXTURES / "conformance.yaml")
EXAMPLES = sorted(str(p) for p in (Path(__file__).parents[1] / "survey" / "examples").glob("*.yaml"))


def write_definition(tmp_path: Path, name: str, change: Callable[[dict[str, Any]], Any] | None = None) -> str:
    raw = conformance_raw()
    if change:
        change(raw)
    path = tmp_path / name
    path.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return str(path)


def invoke(runner: Any, *args: str) -> Any:
    return runner.invoke(args=list(args))


def stored_survey(survey_id: str = "conformance-check") -> Survey | None:
    db.session.expire_all()
    return db.session.get(Survey, survey_id)


def responses() -> int:
    return db.session.scalar(select(func.count()).select_from(Response))


# survey check

def test_check_accepts_valid_definitions(runner: Any) -> None:
    result = invoke(runner, "check", CONFORMANCE, *EXAMPLES)
    assert result.exit_code == 0, result.output
    assert f"{CONFORMANCE}: conformance-check is valid" in result.stdout
    assert len(result.stdout.splitlines()) == 1 + len(EXAMPLES) and result.stderr == ""
    assert stored_survey() is None  # nothing changes


@pytest.mark.parametrize("change, path, words", [
    (lambda r: r["pages"][2]["questions"][0]["options"][1]["label"].pop("cy"),
     "pages[2].questions[0].options[1].label", "'cy' is a required property"),
    (lambda r: r["pages"][1]["questions"][1].update(min=5, max=1), "pages[1].questions[1].min",
     "min is greater than max"),
    (lambda r: r["pages"][3].update(show_if={"question": "age-band", "any_of": ["18-34"]}),
     "pages[3].show_if.question", "not a question that comes earlier"),
], ids=["missing-welsh", "bounds", "condition"])
def test_check_refuses_naming_file_and_path(runner: Any, tmp_path: Path, change: Any, path: str, words: str) -> None:
    broken = write_definition(tmp_path, "broken.yaml", change)
    result = invoke(runner, "check", CONFORMANCE, broken)
    assert result.exit_code == 1
    assert f"{CONFORMANCE}: conformance-check is valid" in result.stdout  # the good file is still reported
    assert any(line.startswith(f"{broken}: {path}: ") and words in line for line in result.stderr.splitlines()), \
        result.stderr


def test_check_names_a_missing_or_unreadable_file(runner: Any, tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text("pages: [\n", encoding="utf-8")
    result = invoke(runner, "check", str(tmp_path / "missing.yaml"), str(tmp_path / "bad.yaml"))
    assert result.exit_code == 1
    assert f"{tmp_path / 'missing.yaml'}: there is no such file" in result.stderr
    assert f"{tmp_path / 'bad.yaml'}: line" in result.stderr and "not valid YAML" in result.stderr


def test_check_needs_a_file(runner: Any) -> None:
    assert invoke(runner, "check").exit_code == 2


def test_the_installed_survey_command_checks(tmp_path: Path) -> None:
    command = Path(sys.executable).with_name("survey")
    if not command.exists():
        pytest.skip("the survey command is not installed")
    broken = write_definition(tmp_path, "broken.yaml", lambda r: r["title"].update(cy=""))
    # as the README says to on your own computer (elsewhere the operator's SECRET_KEY is set)
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"} | {"LLAIS_ENV": "development"}
    good = subprocess.run([str(command), "check", CONFORMANCE], capture_output=True, text=True, cwd=tmp_path, env=env)
    bad = subprocess.run([str(command), "check", broken], capture_output=True, text=True, cwd=tmp_path, env=env)
    assert (good.returncode, bad.returncode) == (0, 1)
    assert f"{broken}: title.cy:" in bad.stderr


# survey load, open, close

def test_load_stores_a_draft_then_load_open_opens_it(runner: Any) -> None:
    result = invoke(runner, "load", CONFORMANCE)
    assert (result.exit_code, result.stdout) == (0, "conformance-check: loaded (draft)\n")
    assert stored_survey().status == SurveyStatus.DRAFT
    result = invoke(runner, "load", "--open", CONFORMANCE)
    assert (result.exit_code, result.stdout) == (0, "conformance-check: unchanged (open)\n")
    assert stored_survey().status == SurveyStatus.OPEN


def test_load_several_at_once(runner: Any) -> None:
    result = invoke(runner, "load", "--open", *EXAMPLES)
    assert result.exit_code == 0, result.output
    assert result.stdout.count("loaded (open)") == len(EXAMPLES)
    assert db.session.scalar(select(func.count()).select_from(Survey)) == len(EXAMPLES)


def test_load_refuses_every_file_when_one_is_invalid(runner: Any, tmp_path: Path) -> None:
    broken = write_definition(tmp_path, "broken.yaml", lambda r: r.update(id="Bad Id"))
    result = invoke(runner, "load", CONFORMANCE, broken)
    assert result.exit_code == 1 and f"{broken}: id: " in result.stderr
    assert stored_survey() is None


def test_reload_with_new_text_after_responses(runner: Any, tmp_path: Path, app: Flask) -> None:
    invoke(runner, "load", "--open", CONFORMANCE)
    answers = tmp_path / "answers.jsonl"
    answers.write_text(json.dumps({"answers": {"seen-dealing": "no"}, "language": "cy"}) + "\n", encoding="utf-8")
    assert invoke(runner, "responses", "import", "conformance-check", str(answers)).exit_code == 0
    better = write_definition(tmp_path, "better.yaml", lambda r: r["title"].update(cy="Cyffuriau yn ein cymunedau ni"))
    result = invoke(runner, "load", better)
    assert (result.exit_code, result.stdout) == (0, "conformance-check: updated (open)\n")
    assert stored_survey().definition.title.cy == "Cyffuriau yn ein cymunedau ni"
    assert "Cyffuriau yn ein cymunedau ni" in app.test_client().get("/s/conformance-check/cy").get_data(as_text=True)


@pytest.mark.parametrize("change, reason", [
    (lambda r: r["pages"][0]["questions"][0]["options"].pop(), "pages[0].questions[0].options has 4 items"),
    (lambda r: r["pages"][1]["questions"][0]["options"][2].update(value="unsure"),
     "pages[1].questions[0].options[2].value changed from 'not-sure' to 'unsure'"),
    (lambda r: r["pages"][4]["questions"].pop(), "pages[4].questions has 1 items instead of 2"),
], ids=["option-removed", "value-changed", "question-removed"])
def test_structure_change_refused_once_answered(runner: Any, tmp_path: Path, change: Any, reason: str) -> None:
    invoke(runner, "load", "--open", CONFORMANCE)
    answers = tmp_path / "answers.jsonl"
    answers.write_text(json.dumps({"answers": {"seen-dealing": "yes"}, "language": "en"}) + "\n", encoding="utf-8")
    invoke(runner, "responses", "import", "conformance-check", str(answers))
    before = stored_survey().definition_hash
    result = invoke(runner, "load", write_definition(tmp_path, "changed.yaml", change))
    assert result.exit_code == 1
    assert "conformance-check already has responses, so only its text can change" in result.stderr
    assert reason in result.stderr and "A new structure needs a new survey id." in result.stderr
    assert stored_survey().definition_hash == before


def test_structure_may_change_before_responses(runner: Any, tmp_path: Path) -> None:
    invoke(runner, "load", CONFORMANCE)
    changed = write_definition(tmp_path, "changed.yaml", lambda r: r["pages"][4]["questions"].pop())
    result = invoke(runner, "load", changed)
    assert (result.exit_code, result.stdout) == (0, "conformance-check: updated (draft)\n")
    assert stored_survey().definition.question("comments") is None


def test_open_and_close(runner: Any, app: Flask) -> None:
    invoke(runner, "load", CONFORMANCE)
    client = app.test_client()
    assert client.get("/s/conformance-check/en").status_code == 404   # loaded, never opened: not public
    assert (invoke(runner, "open", "conformance-check").stdout) == "conformance-check: open\n"
    assert stored_survey().status == SurveyStatus.OPEN
    assert client.get("/s/conformance-check/en").status_code == 200
    assert (invoke(runner, "close", "conformance-check").stdout) == (
        "conformance-check: closed\nno final release: conformance-check: 0 new responses since the last release; "
        "a release needs 20, so 20 more\n")
    assert stored_survey().status == SurveyStatus.CLOSED
    assert client.get("/s/conformance-check/en").status_code == 410
    assert invoke(runner, "open", "conformance-check").exit_code == 0 and stored_survey().status == SurveyStatus.OPEN


@pytest.mark.parametrize("command", ["open", "close"])
def test_open_or_close_an_unknown_survey(runner: Any, command: str) -> None:
    result = invoke(runner, command, "no-such-survey")
    assert result.exit_code == 1 and "there is no survey 'no-such-survey'" in result.stderr


# survey responses import

def jsonl(tmp_path: Path, *lines: dict[str, Any] | str, name: str = "paper.jsonl") -> str:
    path = tmp_path / name
    path.write_text("".join((ln if isinstance(ln, str) else json.dumps(ln, ensure_ascii=False)) + "\n"
                            for ln in lines), encoding="utf-8")
    return str(path)


def test_import_stores_paper_responses(runner: Any, tmp_path: Path) -> None:
    invoke(runner, "load", CONFORMANCE)  # a survey need not be open to take paper responses
    file = jsonl(tmp_path, {"answers": {"area": "powys", "seen-dealing": "yes", "times-seen": 3,
                                        "feel-safe": {"daytime": 4}, "comments": "Diolch ŵ"},
                            "language": "cy", "submitted_on": "2026-12-03"},
                 {"answers": {"seen-dealing": "no"}, "language": "en"})
    result = invoke(runner, "responses", "import", "conformance-check", file)
    assert (result.exit_code, result.stdout) == (0, "conformance-check: imported 2 responses\n")
    stored = db.session.scalars(select(Response)).all()
    assert sorted(r.language for r in stored) == ["cy", "en"] and {r.channel for r in stored} == {"paper"}
    assert db.session.scalar(select(func.count()).select_from(Answer)) == 5


def test_import_refuses_the_whole_file_in_english(runner: Any, tmp_path: Path) -> None:
    invoke(runner, "load", CONFORMANCE)
    file = jsonl(tmp_path, {"answers": {"seen-dealing": "no"}, "language": "cy"},
                 {"answers": {"seen-dealing": "yes", "times-seen": 0}, "language": "cy"}, "not json")
    result = invoke(runner, "responses", "import", "conformance-check", file)
    assert result.exit_code == 1
    assert result.stderr == (f"{file}: nothing was imported.\n"
                             "line 2: times-seen: Enter a number from 1 to 1,000\n"
                             "line 3: not valid JSON (Expecting value)\n")
    assert responses() == 0


def test_import_into_an_unknown_survey(runner: Any, tmp_path: Path) -> None:
    result = invoke(runner, "responses", "import", "nope", jsonl(tmp_path, {"answers": {}, "language": "cy"}))
    assert result.exit_code == 1 and "nothing was imported" in result.stderr
    assert "there is no survey 'nope'" in result.stderr


def test_import_refuses_a_file_that_is_not_utf8(runner: Any, tmp_path: Path) -> None:
    invoke(runner, "load", CONFORMANCE)
    path = tmp_path / "latin1.jsonl"
    text = '{"answers": {"seen-dealing": "no", "comments": "caf\u00e9"}, "language": "cy"}\n'
    path.write_bytes(text.encode("latin-1"))
    result = invoke(runner, "responses", "import", "conformance-check", str(path))
    assert result.exit_code == 1 and "the file is not UTF-8 text" in result.stderr
    assert responses() == 0


def test_import_needs_an_existing_file(runner: Any, tmp_path: Path) -> None:
    invoke(runner, "load", CONFORMANCE)
    result = invoke(runner, "responses", "import", "conformance-check", str(tmp_path / "missing.jsonl"))
    assert result.exit_code == 2 and "does not exist" in result.stderr


def test_import_accepts_a_byte_order_mark(runner: Any, tmp_path: Path) -> None:
    invoke(runner, "load", CONFORMANCE)
    path = tmp_path / "excel.jsonl"
    path.write_text('{"answers": {"seen-dealing": "no"}, "language": "cy"}\n', encoding="utf-8-sig")
    result = invoke(runner, "responses", "import", "conformance-check", str(path))
    assert (result.exit_code, result.stdout) == (0, "conformance-check: imported 1 response\n"), result.stderr


@pytest.mark.parametrize("content, words", [
    ("a: &a [1, 2]\nb: *a\n", "line 1, column 4: anchors and aliases (& and *) are not allowed"),
    ("retention_days: " + "7" * 5000 + "\n", "line 1, column 17: a number can have at most 15 digits"),
    ("[" * 50_000, "line 1, column 21: the file is nested more than 20 levels deep"),
])
@pytest.mark.parametrize("command", ["check", "load"])
def test_hostile_files_are_refused_with_a_clear_message(runner: Any, tmp_path: Path, command: str,
                                                       content: str, words: str) -> None:
    path = tmp_path / "hostile.yaml"
    path.write_text(content, encoding="utf-8")
    result = invoke(runner, command, str(path))
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert f"{path}: {words}" in result.output
    assert stored_survey() is None
