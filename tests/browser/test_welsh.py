"""A crawl of every Welsh page: no English interface text, and the right `lang` attributes.

The English interface text is what the Welsh catalogue translates: each msgid (split at its
placeholders) that differs from its Welsh, leaving out fragments too short to be sure of and
any that the Welsh itself uses (names, loan words). A Welsh page must not show any of them, in its
text, its title or the words it gives assistive technology, except inside an element marked
lang="en" (the language switch, and the English half of the pages shown in both languages). The
title of a page shown in both languages names it in both, where no attribute can mark the English.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Callable

import pytest
from babel.messages.pofile import read_po

from tests.browser.walk import ROOT, load_surveys, walk_site_pages, walk_survey
from tests.browser_harness import LiveServer, save_screenshot

CATALOGUE = ROOT / "translations" / "cy" / "LC_MESSAGES" / "messages.po"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]")
EDGES = " .,:;!?‘’'\"()[]–-…"
SHORTEST = 8  # characters: "Continue" is in, "Back" and "Cookies" are out

# Everything a Welsh page says, without the parts marked as another language.
WELSH_PAGE = """() => {
  const body = document.body.cloneNode(true);
  body.querySelectorAll('[lang]:not([lang="cy"]), script, style, template').forEach(e => e.remove());
  // A page in both languages has both in its title, where no lang attribute can mark them.
  const bilingual = document.querySelector('.bilingual-second') !== null;
  const said = [bilingual ? '' : document.title, body.textContent];
  for (const e of body.querySelectorAll('[aria-label], [title], [alt], [placeholder], input[type=submit], input[type=button]')) {
    for (const name of ['aria-label', 'title', 'alt', 'placeholder', 'value']) {
      if ((name !== 'value' || e.matches('input')) && e.getAttribute(name)) { said.push(e.getAttribute(name)); }
    }
  }
  return {
    text: said.join('\\n').replace(/\\s+/g, ' '),
    htmlLang: document.documentElement.lang,
    langs: [...new Set([...document.querySelectorAll('[lang]')].map(e => e.getAttribute('lang')))],
    switches: [...document.querySelectorAll('.language-switch')].map(e => [e.getAttribute('lang'), e.textContent.trim()]),
    englishHalves: [...document.querySelectorAll('.bilingual-second')].filter(e => e.closest('[lang]').getAttribute('lang') !== 'en').length,
  };
}"""


def _texts(value: str | tuple[str, ...] | None) -> tuple[str, ...]:
    if not value:
        return ()
    return tuple(v for v in value if v) if isinstance(value, tuple) else (value,)


@lru_cache(maxsize=1)
def english_interface_text() -> dict[str, re.Pattern[str]]:
    """Patterns for the English of every translated interface message (see the module's docstring)."""
    with CATALOGUE.open("rb") as source:
        catalogue = read_po(source)
    messages = [(_texts(m.id), _texts(m.string)) for m in catalogue if m.id]
    all_welsh = "\n".join(s for _, welsh in messages for s in welsh)
    fragments: set[str] = set()
    for english, welsh in messages:
        if not welsh or set(english) <= set(welsh):
            continue  # untranslated, or the same in both languages
        for text in english:
            for fragment in PLACEHOLDER.split(text):
                fragment = " ".join(fragment.split()).strip(EDGES)
                if len(fragment) >= SHORTEST and fragment not in all_welsh:
                    fragments.add(fragment)
    return {f: re.compile(r"(?<!\w)" + re.escape(f) + r"(?!\w)") for f in sorted(fragments)}


def welsh_problems(page: Any) -> list[str]:
    """What is wrong with a page that should be in Welsh."""
    found = page.evaluate(WELSH_PAGE)
    problems = []
    if found["htmlLang"] != "cy":
        problems.append(f'<html lang="{found["htmlLang"]}">, not "cy"')
    if set(found["langs"]) - {"cy", "en"}:
        problems.append(f"unexpected lang values {sorted(set(found['langs']) - {'cy', 'en'})}")
    for lang, label in found["switches"]:
        if (lang, label) != ("en", "English"):
            problems.append(f'the language switch says {label!r} marked lang="{lang}"')
    if found["englishHalves"]:
        problems.append("English text of a bilingual page is not marked lang=\"en\"")
    english = [f for f, pattern in english_interface_text().items() if pattern.search(found["text"])]
    if re.search(r"\bEnglish\b", found["text"]):
        english.append("English")
    if english:
        problems.append("English interface text: " + "; ".join(f"‘{e}’" for e in english))
    return problems


def test_the_english_catalogue_gives_enough_to_look_for() -> None:
    fragments = english_interface_text()
    assert len(fragments) > 100
    assert {"Continue", "Check your answers", "There is a problem"} <= set(fragments)
    assert not {"Back", "Cookies", "or"} & set(fragments)


def test_every_welsh_page_is_in_welsh(live_server: LiveServer, new_page: Callable[..., Any],
                                      request: pytest.FixtureRequest) -> None:
    surveys = load_surveys(live_server, unavailable=True)
    problems: list[str] = []
    seen: list[str] = []

    def visit(page: Any, label: str) -> None:
        seen.append(label)
        found = welsh_problems(page)
        if found:
            problems.append(f"{label} ({page.url}):\n  " + "\n  ".join(found))
            save_screenshot(request.node, page, label)

    page = new_page(locale="en-GB")  # a browser that prefers English must still get Welsh
    for definition in surveys.values():
        walk_survey(page, live_server.url, definition, "cy", visit)
    walk_site_pages(page, live_server.url, ("cy",), visit)
    assert not problems, "\n".join(problems)
    assert len(seen) > 40


def test_the_check_finds_english(live_server: LiveServer, page: Any) -> None:
    """The crawl's check itself: English interface text on a Welsh page is found."""
    load_surveys(live_server)
    page.goto(live_server("/s/conformance-check/cy"))
    assert welsh_problems(page) == []
    page.evaluate("""() => {
        document.querySelector('main').insertAdjacentHTML('beforeend', '<p>Check your answers before sending them</p>');
        document.querySelector('.language-switch').removeAttribute('lang');
    }""")
    problems = welsh_problems(page)
    assert any("Check your answers" in p for p in problems), problems
    assert any("language switch" in p for p in problems), problems
