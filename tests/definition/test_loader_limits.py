"""Hostile definition files are refused at once with a short, clear message: never a hang or a crash."""
from __future__ import annotations

import copy
import time
from pathlib import Path

import pytest
import yaml

from survey.definition import DefinitionError, load_definition, parse_definition
from survey.definition.loader import MAX_DEPTH, MAX_NODES, MAX_PROBLEMS, parse_yaml
from tests.conftest import FIXTURES, conformance_raw

# Each level repeats the one before nine times: 9**9 (387 million) strings once the aliases are followed.
ALIAS_BOMB = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8))


def refusal(text: str) -> str:
    started = time.process_time()
    with pytest.raises(DefinitionError) as caught:
        parse_yaml(text, "survey.yaml")
    assert time.process_time() - started < 5, "refused at once, not after working through the file"
    lines = caught.value.lines()
    assert len(lines) == 1 and len(lines[0]) < 400, lines
    return lines[0]


def test_an_alias_bomb_is_refused_at_its_first_anchor() -> None:
    assert len(ALIAS_BOMB) < 2048
    message = refusal(ALIAS_BOMB)
    assert message == ("survey.yaml: line 1, column 4: anchors and aliases (& and *) are not allowed: "
                       "write each part out in full")


@pytest.mark.parametrize("text", ["title: &t {cy: a, en: b}\n", "a: b\nc: *nowhere\n", "- &x 1\n", "<<: *base\n"])
def test_any_anchor_or_alias_is_refused(text: str) -> None:
    assert "anchors and aliases" in refusal(text)


@pytest.mark.parametrize("number", ["1" * 5000, "-" + "9" * 16, "0x" + "f" * 5000, "1_000_000_000_000_000_000"])
def test_a_number_too_long_to_be_meant_is_refused(number: str) -> None:
    assert "a number can have at most 15 digits" in refusal(f"retention_days: {number}\n")
    assert "a number can have at most 15 digits" in refusal(f'{{"retention_days": {number}}}')  # JSON too


def test_ordinary_numbers_still_load() -> None:
    assert parse_yaml("a: 123456789012345\nb: -42\nc: 1_000\nd: 0x1F\n") == {"a": 123456789012345, "b": -42,
                                                                              "c": 1000, "d": 31}


@pytest.mark.parametrize("text", ["[" * 100_000, "a:\n" + "".join("  " * i + "- \n" for i in range(1, 200)),
                                  "{a: " * 5000 + "1" + "}" * 5000])
def test_deep_nesting_is_refused(text: str) -> None:
    assert f"nested more than {MAX_DEPTH} levels deep" in refusal(text)


def test_too_many_parts_are_refused() -> None:
    assert f"more than {MAX_NODES:,} parts" in refusal("[" + "1," * (MAX_NODES + 10) + "1]")


def test_a_bad_date_is_refused_not_a_crash() -> None:
    assert "not valid YAML" in refusal("opens: 2026-13-45\n")


def test_a_file_too_large_is_refused_unread(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_bytes(b"# " + b"x" * (256 * 1024 + 10))
    with pytest.raises(DefinitionError) as caught:
        load_definition(big)
    assert caught.value.lines() == [f"{big}: the file is larger than 256 KB"]


def test_at_most_fifty_problems_are_listed_each_short() -> None:
    raw = conformance_raw()
    question = raw["pages"][2]["questions"][0]
    question["options"] = [{"value": "x" * 5000, "label": {"cy": "", "en": ["y" * 5000]}} for _ in range(300)]
    with pytest.raises(DefinitionError) as caught:
        parse_definition(raw, "survey.yaml")
    lines = caught.value.lines()
    assert len(lines) == MAX_PROBLEMS + 1
    assert lines[-1].startswith("survey.yaml: and ") and lines[-1].endswith(
        "more problems: put these right and check the file again")
    assert all(len(line) < 700 for line in lines)


def test_the_real_definitions_are_far_from_the_limits() -> None:
    for path in [FIXTURES / "conformance.yaml", *sorted((Path(__file__).parents[2] / "survey" / "examples")
                                                        .glob("*.yaml"))]:
        assert load_definition(path).pages
    raw = conformance_raw()
    raw["pages"] = [copy.deepcopy(raw["pages"][2]) for _ in range(40)]  # a survey of 40 pages of choices
    for i, page in enumerate(raw["pages"]):
        page["id"] = f"page-{i}"
        page["questions"][0]["id"] = f"question-{i}"
    assert parse_definition(parse_yaml(yaml.safe_dump(raw, allow_unicode=True))).pages
