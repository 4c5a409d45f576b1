"""The interface in Welsh: a complete catalogue, and no English on a Welsh page (nor Welsh on an English one)."""
from __future__ import annotations

import re
from datetime import timedelta
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, Iterator

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po
from flask import Flask
from flask.testing import FlaskClient

from survey.definition import SurveyDefinition
from survey.admin.operations import schedule_survey
from survey.models import london_now
from survey.surveys import set_status
from tests.helpers import Respondent, text_of

ROOT = Path(__file__).resolve().parents[1]
PO = ROOT / "translations" / "cy" / "LC_MESSAGES" / "messages.po"
KEYWORDS = dict(DEFAULT_KEYWORDS, _l=None, lazy_gettext=None)  # as scripts/translations.py extracts
WELSH_PLURALS = "(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n==3 ? 3 : n==6 ? 4 : 5)"
# What a respondent sees (the staff console and kiosk set-up have catalogue entries of their own).
RESPONDENT_FILES = ("survey/questions/", "survey/respond/", "survey/bilingual.py", "survey/web.py", "survey/flow.py",
                    "templates/base.html", "templates/respond/", "templates/questions/", "templates/pages/",
                    "templates/hub/", "survey/hub/", "templates/error.html", "templates/_bilingual_footer.html")
SHORTEST = 12  # shorter strings (Back, Cookies, Continue...) are too likely to be shared or to mean little


@lru_cache(maxsize=1)
def extracted() -> dict[str, tuple[bool, list[str]]]:
    """Every msgid in the code: whether it has a plural, and where it is used."""
    with (ROOT / "babel.cfg").open(encoding="utf-8") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    found: dict[str, tuple[bool, list[str]]] = {}
    for filename, lineno, message, _, _ in extract_from_dir(str(ROOT), method_map, options_map, keywords=KEYWORDS):
        msgid = message[0] if isinstance(message, tuple) else message
        if msgid:
            plural = isinstance(message, tuple) and len(message) > 1 and bool(message[1])
            found.setdefault(msgid, (plural, []))[1].append(f"{filename}:{lineno}")
    return found


@lru_cache(maxsize=1)
def catalogue() -> Catalog:
    with PO.open("rb") as po:
        return read_po(po, locale="cy")


def problem_with(msgid: str, plural: bool) -> str | None:
    message = catalogue().get(msgid)
    if message is None:
        return "not in messages.po"
    if message.fuzzy:
        return "fuzzy"
    forms = message.string if isinstance(message.string, tuple) else (message.string,)
    if not all(form.strip() for form in forms):
        return "no Welsh"
    if plural and len(forms) != 6:
        return f"{len(forms)} plural forms instead of 6"
    return None


def gaps(respondent_only: bool) -> list[str]:
    return [f"{msgid!r} ({where[0]}): {problem}" for msgid, (plural, where) in sorted(extracted().items())
            if (not respondent_only or any(w.startswith(RESPONDENT_FILES) for w in where))
            and (problem := problem_with(msgid, plural))]


def test_extraction_finds_the_messages() -> None:
    found = extracted()
    assert len(found) > 100
    assert found["Select no more than %(num)d answer"][0]                  # ngettext in Python
    assert found["You can enter up to %(num)d character"][0]                # ngettext in a template
    assert "Choose your language" in found and "Check your answers" in found  # lazy_gettext, templates


def test_every_message_a_respondent_sees_has_welsh() -> None:
    assert gaps(respondent_only=True) == []


def test_every_message_has_welsh() -> None:
    assert gaps(respondent_only=False) == []


def test_the_catalogue_has_six_welsh_plural_forms() -> None:
    catalog = catalogue()
    header = dict(catalog.mime_headers)["Plural-Forms"]
    assert re.sub(r"\s", "", header) == "nplurals=6;plural=" + re.sub(r"\s", "", WELSH_PLURALS) + ";"
    assert catalog.num_plurals == 6
    plurals = [m for m in catalog if m.id and m.pluralizable]
    assert plurals and all(len(m.string) == 6 for m in plurals)


def test_no_entry_is_fuzzy_and_placeholders_match() -> None:
    catalog = catalogue()
    assert [m.id for m in catalog if m.id and m.fuzzy] == []
    assert [(m.id, [str(e) for e in errors]) for m, errors in catalog.check()] == []


def test_plural_forms_are_chosen_the_welsh_way(app: Flask) -> None:
    from flask_babel import force_locale, ngettext
    with app.test_request_context("/cy/cookies"), force_locale("cy"):
        assert ngettext("Select no more than %(num)d answer", "Select no more than %(num)d answers", 6) == \
            "Peidiwch â dewis mwy na 6 ateb"


# The crawl: every page a respondent can reach, in each language.

class LangText(HTMLParser):
    """The visible text of a page, each piece with the language its element says it is in."""
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
    SHOWN_ATTRIBUTES = ("alt", "title", "aria-label", "placeholder")

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str | None]] = []
        self.pieces: list[tuple[str, str]] = []
        self.html_lang: str | None = None

    def lang(self) -> str | None:
        return next((lang for _, lang in reversed(self.stack) if lang), None)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "html":
            self.html_lang = found.get("lang")
        lang = found.get("lang") or self.lang()
        for name in self.SHOWN_ATTRIBUTES:
            if found.get(name) and lang:
                self.pieces.append((lang, found[name] or ""))
        if tag not in self.VOID:
            self.stack.append((tag, found.get("lang")))

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data: str) -> None:
        if self.stack and self.stack[-1][0] in ("script", "style"):
            return
        if data.strip():  # a <title> cannot mark a language inside it: kept apart
            in_title = bool(self.stack) and self.stack[-1][0] == "title"
            self.pieces.append(("title" if in_title else self.lang() or "?", data))

    def text(self, lang: str) -> str:
        return " ".join(" ".join(t.split()) for l, t in self.pieces if l == lang)


def fragments(message: str) -> Iterator[str]:
    """The literal parts of a message, between its placeholders."""
    for part in re.split(r"%\([a-z_]+\)[sd]", message.replace("%%", "%")):
        part = " ".join(part.split()).strip(" .:‘’")
        if len(part) >= SHORTEST:
            yield part


@lru_cache(maxsize=1)
def interface_strings() -> dict[str, set[str]]:
    """For each language, the interface strings that must not appear on a page in the other one."""
    english, welsh = set(), set()
    all_english = " ".join(" ".join(m.id) if isinstance(m.id, tuple) else m.id for m in catalogue() if m.id)
    all_welsh = " ".join(" ".join(s) if isinstance(s, tuple) else s for s in (m.string for m in catalogue() if m.id))
    all_english, all_welsh = " ".join(all_english.split()), " ".join(all_welsh.split())
    for message in catalogue():
        if not message.id or not message.string:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if set(ids) == set(strings):
            continue  # the same in both languages (Llais, a name)
        english.update(f for i in ids for f in fragments(i) if f not in all_welsh)
        welsh.update(f for s in strings for f in fragments(s) if f not in all_english)
    return {"en": english, "cy": welsh}


def survey_strings(definition: SurveyDefinition) -> dict[str, set[str]]:
    """The survey's own text in each language, where the two differ."""
    def texts(node: Any) -> Iterator[dict[str, str]]:
        if isinstance(node, dict):
            if set(node) == {"cy", "en"} and all(isinstance(v, str) for v in node.values()):
                yield node
            else:
                for value in node.values():
                    yield from texts(value)
        elif isinstance(node, list):
            for item in node:
                yield from texts(item)
    found: dict[str, set[str]] = {"cy": set(), "en": set()}
    for text in texts(definition.raw):
        if text["cy"] != text["en"]:
            for lang in ("cy", "en"):
                parts = re.split(r"\n\s*\n|\[|\]\([^)]*\)", text[lang])  # paragraphs, and links' words
                found[lang].update(p for p in parts if len(p.strip()) >= SHORTEST)
    return {lang: {" ".join(p.split()).strip() for p in parts} for lang, parts in found.items()}


BASE = "/s/conformance-check"
ALL_PAGES = {"area": "powys", "feel-safe__daytime": "4", "seen-dealing": "yes", "times-seen": "2",
             "used-services": ["treatment"], "service-helped": "2", "age-band": "18-34"}
Crawl = list[tuple[str, int, str, str]]  # what was fetched, status, expected <html lang>, the page


def crawl(app: Flask, definition: SurveyDefinition, lang: str) -> Crawl:
    """Every page of the respondent's journey, in order, as the test client sees them."""
    pages: Crawl = []
    client: FlaskClient = app.test_client()
    you = Respondent(client, BASE)

    def keep(what: str, response: Any, expected_lang: str | None = None) -> None:
        pages.append((what, response.status_code, expected_lang or lang, text_of(response)))

    browser = {"Accept-Language": lang}                        # the browser prefers the crawl's language
    keep("index", client.get("/", headers=browser), "cy")      # bilingual, Welsh first
    keep("language choice", client.get(BASE, headers=browser), "cy")
    keep("start", you.get(f"/{lang}"))
    keep("survey privacy notice", you.get(f"/{lang}/privacy"))
    for page in definition.pages:
        form = {k: v for k, v in ALL_PAGES.items() if k.split("__")[0] in {q.id for q in page.questions}}
        keep(f"page {page.id}", you.get(f"/{lang}/p/{page.id}"))
        if page.id == "what-you-have-seen":
            keep("error page", you.post(f"/{lang}/p/{page.id}", {"times-seen": "lots"}))
        assert you.post(f"/{lang}/p/{page.id}", form).status_code == 302, page.id
    keep("check answers", you.get(f"/{lang}/check"))
    assert you.submit(lang).status_code == 302
    keep("thank you", you.get(f"/{lang}/thanks"))
    for name in ("accessibility", "cookies", "privacy"):
        keep(f"{name} page", client.get(f"/{lang}/{name}"))
    keep("index, language chosen", client.get("/"), "cy")
    keep("page not found", client.get(f"{BASE}/{lang}/p/no-such-page"))
    keep("expired form", client.post(f"{BASE}/{lang}/p/your-area", data={"area": "powys"}))
    keep("unknown survey", client.get(f"/s/no-such-survey/{lang}"), "cy")
    schedule_survey(definition.id, london_now() + timedelta(days=2), None, "system")  # a draft is not found
    keep("survey not yet open", client.get(f"{BASE}/{lang}"), "cy")
    set_status(definition.id, "closed")
    keep("survey closed", client.get(f"{BASE}/{lang}"), "cy")
    return pages


BILINGUAL = {"index", "index, language chosen", "language choice", "unknown survey", "survey not yet open",
             "survey closed"}
EXPECTED_STATUS = {"page not found": 404, "expired form": 400, "unknown survey": 404, "survey not yet open": 403,
                   "survey closed": 410}


@pytest.mark.parametrize("lang", ["cy", "en"])
def test_no_page_shows_the_other_languages_interface(app: Flask, conformance: SurveyDefinition, lang: str) -> None:
    other = "en" if lang == "cy" else "cy"
    forbidden = {"cy": interface_strings()["en"] | survey_strings(conformance)["en"],
                 "en": interface_strings()["cy"] | survey_strings(conformance)["cy"]}
    assert len(forbidden["cy"]) > 50 and len(forbidden["en"]) > 50
    found = []
    pages = crawl(app, conformance, lang)
    assert len(pages) == 21
    for what, status, expected_lang, page in pages:
        assert status == EXPECTED_STATUS.get(what, 200), what
        parsed = LangText()
        parsed.feed(page)
        assert parsed.html_lang == expected_lang, what
        assert parsed.text(lang) or expected_lang != lang, what
        for text_lang in ("cy", "en"):  # text in each language, wherever it is marked so
            text = parsed.text(text_lang)
            if text_lang == expected_lang and what not in BILINGUAL:  # a bilingual page's title has both
                text += " " + parsed.text("title")
            found += [(what, text_lang, s) for s in sorted(forbidden[text_lang]) if s in text]
        assert parsed.text("?") == "", what  # every piece of text sits in an element with a language
    assert found == [], "\n".join(map(str, found))
    error_page = next(p for w, _, _, p in pages if w == "error page")
    assert ("<title>Gwall:" if lang == "cy" else "<title>Error:") in error_page


def test_the_crawl_catches_english_on_a_welsh_page(app: Flask, conformance: SurveyDefinition) -> None:
    """The check above can fail: an English sentence on a Welsh page is found."""
    parsed = LangText()
    parsed.feed('<html lang="cy"><body><p>Check your answers before sending them</p>'
                '<span lang="en">You can change language at any time.</span></body></html>')
    english = interface_strings()["en"]
    assert "Check your answers before sending them" in english
    assert "Check your answers before sending them" in [s for s in english if s in parsed.text("cy")]
    assert "You can change language at any time" not in [s for s in english if s in parsed.text("cy")]
    assert "You can change language at any time" in parsed.text("en")

