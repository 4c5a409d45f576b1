"""One test per loader rule: each refusal names the file and the path inside it."""
from __future__ import annotations

import copy
from pathlib import Path
from typing import Any, Callable

import pytest
import yaml

from survey.definition import DefinitionError, load_definition, parse_definition
from tests.conftest import FIXTURES, conformance_raw


def refused(change: Callable[[dict[str, Any]], None]) -> DefinitionError:
    raw = conformance_raw()
    change(raw)
    with pytest.raises(DefinitionError) as caught:
        parse_definition(raw, "survey.yaml")
    return caught.value


def test_the_conformance_fixture_loads() -> None:
    definition = load_definition(FIXTURES / "conformance.yaml")
    assert definition.id == "conformance-check"
    assert [p.id for p in definition.pages][:2] == ["your-area", "what-you-have-seen"]
    assert definition.question("feel-safe").rows[1].id == "after-dark"
    assert definition.question("comments").max_length == 2000
    assert definition.question("times-seen").show_if[0].any_of == ("yes",)


def test_example_surveys_load() -> None:
    examples = sorted((Path(__file__).parents[2] / "survey" / "examples").glob("*.yaml"))
    assert len(examples) == 2
    for path in examples:
        assert load_definition(path).pages


@pytest.mark.parametrize("change, path, words", [
    (lambda r: r["title"].pop("cy"), "title", "'cy' is a required property"),
    (lambda r: r["pages"][2]["questions"][0]["options"][1]["label"].update(cy=" "),
     "pages[2].questions[0].options[1].label.cy", "does not match"),
    (lambda r: r["pages"][0]["questions"][0].update(optins=[]), "pages[0].questions[0]", "optins"),
    (lambda r: r.update(id="Not A Slug"), "id", "does not match"),
    (lambda r: r["pages"][1]["questions"][0]["options"][0].update(value=True), "pages[1].questions[0].options[0].value",
     "put the value in quotes"),
    (lambda r: r.update(channels=["email"]), "channels[0]", "'email' is not one of"),
])
def test_schema_problems_name_the_path(change: Callable[[dict[str, Any]], None], path: str, words: str) -> None:
    error = refused(change)
    assert any(p == path and words in m for p, m in error.problems), error.problems
    assert str(error).startswith("survey.yaml: ")


def test_duplicate_page_id() -> None:
    error = refused(lambda r: r["pages"][1].update(id="your-area"))
    assert ("pages[1].id", "the page id 'your-area' is used twice") in error.problems


def test_duplicate_question_id_across_pages() -> None:
    error = refused(lambda r: r["pages"][4]["questions"][0].update(id="area"))
    assert ("pages[4].questions[0].id", "the question id 'area' is used twice") in error.problems


def test_duplicate_option_value() -> None:
    error = refused(lambda r: r["pages"][0]["questions"][0]["options"][1].update(value="powys"))
    assert error.problems[0][0] == "pages[0].questions[0].options[3].value"


def test_duplicate_row_id() -> None:
    error = refused(lambda r: r["pages"][0]["questions"][1]["rows"][1].update(id="daytime"))
    assert error.problems[0][0] == "pages[0].questions[1].rows[1].id"


def test_scale_must_go_up() -> None:
    error = refused(lambda r: r["pages"][0]["questions"][1]["scale"].reverse())
    assert error.problems[0] == ("pages[0].questions[1].scale", "the scale must go from its lowest value to its highest")


def test_condition_must_name_an_earlier_question() -> None:
    def later(raw: dict[str, Any]) -> None:
        raw["pages"][0]["questions"][0]["show_if"] = {"question": "age-band", "any_of": ["18-34"]}
    error = refused(later)
    assert error.problems[0][0] == "pages[0].questions[0].show_if.question"
    assert "earlier" in error.problems[0][1]


def test_condition_value_must_exist() -> None:
    error = refused(lambda r: r["pages"][1]["questions"][1]["show_if"].update(any_of=["yes", "maybe"]))
    assert error.problems[0] == ("pages[1].questions[1].show_if.any_of[1]", "'maybe' is not an answer of 'seen-dealing'")


def test_condition_list_paths_are_indexed() -> None:
    def listed(raw: dict[str, Any]) -> None:
        raw["pages"][3]["show_if"] = [raw["pages"][3]["show_if"], {"question": "nope", "any_of": ["x"]}]
    error = refused(listed)
    assert error.problems[0][0] == "pages[3].show_if[1].question"


def test_condition_on_a_question_without_options() -> None:
    def on_number(raw: dict[str, Any]) -> None:
        raw["pages"][2]["show_if"] = {"question": "times-seen", "any_of": ["3"]}
    error = refused(on_number)
    assert "a condition needs a question with options" in error.problems[0][1]


def test_exclusive_only_on_multiple_choice() -> None:
    error = refused(lambda r: r["pages"][0]["questions"][0]["options"][4].update(exclusive=True))
    assert error.problems[0][0] == "pages[0].questions[0].options[4].exclusive"


def test_max_choices_within_the_options() -> None:
    error = refused(lambda r: r["pages"][2]["questions"][0].update(max_choices=9))
    assert error.problems[0][0] == "pages[2].questions[0].max_choices"


def test_number_bounds_in_order() -> None:
    error = refused(lambda r: r["pages"][1]["questions"][1].update(min=50, max=10))
    assert error.problems[0] == ("pages[1].questions[1].min", "min is greater than max")


def test_closes_after_opens() -> None:
    error = refused(lambda r: r.update(opens="2027-01-31T09:00", closes="2026-12-01T09:00"))
    assert error.problems[0] == ("closes", "the survey closes before it opens")


def test_links_must_be_safe() -> None:
    error = refused(lambda r: r["privacy"].update(en="Read [this](javascript:alert(1))."))
    assert error.problems[0][0] == "privacy.en"


def test_breakdown_only_on_single_choice() -> None:
    error = refused(lambda r: r["pages"][0]["questions"][1].update(breakdown=True))
    assert error.problems[0][0] == "pages[0].questions[1]"


def test_every_problem_is_reported_at_once() -> None:
    def two(raw: dict[str, Any]) -> None:
        raw["title"].pop("cy")
        raw["description"].pop("en")
    assert {p for p, _ in refused(two).problems} == {"title", "description"}


def test_file_errors_name_the_file(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("id: [unclosed\n", encoding="utf-8")
    with pytest.raises(DefinitionError, match=r"broken.yaml: line \d+, column \d+: not valid YAML"):
        load_definition(broken)
    with pytest.raises(DefinitionError, match="there is no such file"):
        load_definition(tmp_path / "missing.yaml")


def test_a_key_given_twice_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "twice.yaml"
    text = (FIXTURES / "conformance.yaml").read_text(encoding="utf-8")
    path.write_text(text.replace("format: 1\n", "format: 1\nformat: 1\n"), encoding="utf-8")
    with pytest.raises(DefinitionError, match="given twice"):
        load_definition(path)


def test_json_is_accepted(tmp_path: Path) -> None:
    import json
    path = tmp_path / "survey.json"
    path.write_text(json.dumps(conformance_raw()), encoding="utf-8")
    assert load_definition(path).id == "conformance-check"


def test_yaml_dates_become_datetimes() -> None:
    raw = conformance_raw()
    raw.update(yaml.safe_load("opens: 2026-12-01\ncloses: 2027-01-31T23:59"))
    definition = parse_definition(copy.deepcopy(raw))
    assert definition.opens.isoformat() == "2026-12-01T00:00:00"
    assert definition.closes.isoformat() == "2027-01-31T23:59:00"


@pytest.mark.parametrize("text", ["[[x](https://a.example)](https://b.example)",
                                  "[x]([y](https://a.example))", "Read [[our [notice](https://a.example)](tel:1)"])
def test_a_link_inside_a_link_is_refused(text: str) -> None:
    error = refused(lambda r: r["pages"][0]["questions"][0]["options"][1]["label"].update(en=text))
    assert ("pages[0].questions[0].options[1].label.en",
            "a link cannot hold another link: write each link as [words](https://...) with plain words "
            "between the brackets") in error.problems


def test_brackets_that_make_no_link_are_fine() -> None:
    raw = conformance_raw()
    raw["description"]["en"] = "See note [1] and [the site](https://example.org) [or not]."
    assert parse_definition(raw).description.en.startswith("See note [1]")


def test_the_minimum_cell_is_at_least_5_and_a_release_needs_at_least_that_many() -> None:
    error = refused(lambda r: r.update(min_cell=4))
    assert error.problems[0][0] == "min_cell" and "5" in error.problems[0][1]
    error = refused(lambda r: r.update(min_cell=12, release_min_new=10))
    assert error.problems == [("release_min_new", "a release must need at least min_cell new responses")]
    raw = conformance_raw()
    raw.update(min_cell=12, release_min_new=24)
    assert parse_definition(raw).raw["min_cell"] == 12
