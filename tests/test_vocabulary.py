"""One vocabulary: languages, channels and survey states are defined once, in survey/vocabulary.py."""
from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import pytest

from survey.models import Survey
from survey.vocabulary import LANGUAGE_IN_PATH, Channel, Language, SurveyState

PACKAGE = Path(__file__).resolve().parents[1] / "survey"
VOCABULARY = PACKAGE / "vocabulary.py"
LANG, CHANNEL = r'"(?:cy|en)"', r'"(?:public|kiosk|paper)"'
# A list of the words, a check against one, or a class of survey states spelled out again. Not
# caught, rightly: a bilingual text's {"cy": ..., "en": ...} keys (the format's data) and HTML lang="cy".
REDEFINITIONS = {
    "a tuple, list or set of languages": re.compile(rf"[(\[{{]\s*{LANG}\s*,\s*{LANG}"),
    "a language compared with a literal": re.compile(rf"(?:[=!]=|\bin)\s*{LANG}|{LANG}\s*(?:[=!]=|(?:not )?in\b)"),
    "a URL rule's own list of languages": re.compile(r"any\(cy,\s*en\)"),
    "a tuple, list or set of channels": re.compile(rf"[(\[{{]\s*{CHANNEL}\s*,\s*{CHANNEL}"),
    "a channel compared with a literal": re.compile(rf"(?:[=!]=)\s*{CHANNEL}|{CHANNEL}\s*(?:[=!]=|(?:not )?in\b)"),
    "a survey state spelled out": re.compile(r'=\s*"(?:open|closed|scheduled|ended|not-yet-open)"'),
}


def test_the_values_are_the_strings_the_database_the_format_and_addresses_use() -> None:
    assert [str(lang) for lang in Language] == ["cy", "en"]
    assert [str(channel) for channel in Channel] == ["public", "kiosk", "paper"]
    assert [str(state) for state in SurveyState] == ["draft", "scheduled", "open", "ended", "closed"]
    assert LANGUAGE_IN_PATH == "<any(cy,en):lang>" and Language.CY.other == Language.EN


def test_no_module_defines_them_again() -> None:
    found = [f"{path.relative_to(PACKAGE.parent)}:{n}: {what}: {line.strip()}"
             for path in sorted(PACKAGE.rglob("*.py")) if path != VOCABULARY
             for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             for what, pattern in REDEFINITIONS.items() if pattern.search(line)]
    assert found == []


@pytest.mark.parametrize("bad", ['LANGUAGES = ("cy", "en")', 'if lang == "cy":', 'lang if lang in ("cy", "en")',
                                 '@bp.route("/<any(cy,en):lang>")', 'CHANNELS = ("public", "kiosk")',
                                 'if channel == "kiosk":', '"public" in definition.channels',
                                 '    NOT_YET_OPEN = "not-yet-open"', '    SCHEDULED = "scheduled"'])
def test_the_search_finds_a_definition_made_again(bad: str) -> None:
    assert any(pattern.search(bad) for pattern in REDEFINITIONS.values())


@pytest.mark.parametrize("fine", ['{"cy": title_cy, "en": title_en}', 'text["cy"].strip()', '<html lang="cy">'])
def test_the_search_leaves_the_formats_bilingual_texts_alone(fine: str) -> None:
    assert not any(pattern.search(fine) for pattern in REDEFINITIONS.values())


@pytest.mark.parametrize("status, opens, closes, state", [
    ("draft", None, None, SurveyState.DRAFT),
    ("draft", None, datetime(2026, 1, 1), SurveyState.DRAFT),  # never opened: a draft, whatever its dates
    ("open", datetime(2026, 6, 2), None, SurveyState.SCHEDULED),
    ("open", datetime(2026, 5, 1), datetime(2026, 7, 1), SurveyState.OPEN),
    ("open", None, datetime(2026, 5, 1), SurveyState.ENDED),
    ("closed", None, datetime(2026, 7, 1), SurveyState.CLOSED),
])
def test_a_surveys_one_state_from_its_status_and_dates(status: str, opens: datetime | None,
                                                       closes: datetime | None, state: SurveyState) -> None:
    survey = Survey(id="s", status=status, opens_at=opens, closes_at=closes)
    assert survey.state_at(datetime(2026, 6, 1)) is state
