"""Plain text from a definition as safe HTML: paragraphs at blank lines, [words](url) links."""
from __future__ import annotations

import re

from markupsafe import Markup, escape

from .definition.loader import LINK, SAFE_LINK

PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


def link_as_words(words: str, url: str) -> str:
    """A link written out instead of followed: "words (address)", without mailto: or tel:."""
    shown = url.split(":", 1)[1] if url.lower().startswith(("mailto:", "tel:")) else url
    return f"{words} ({shown})"


def _inline(text: str, links: bool) -> Markup:
    out = Markup()
    last = 0
    for match in LINK.finditer(text):
        out += escape(text[last:match.start()])
        words, url = match.group(1), match.group(2)
        if not SAFE_LINK.match(url):
            out += escape(match.group(0))
        elif links:
            out += Markup('<a class="link" href="{}">{}</a>').format(url, words)
        else:
            out += escape(link_as_words(words, url))
        last = match.end()
    out += escape(text[last:])
    return Markup("<br>").join(_lines(out))


def _lines(markup: Markup) -> list[Markup]:
    return [Markup(line) for line in str(markup).split("\n")]


def paragraphs(text: str, css: str = "body", links: bool = True) -> Markup:
    """Text as HTML paragraphs; nothing in it is ever taken as HTML. With links=False (kiosks)
    each link is written out as words, in the same single pass, so no text is read for links twice.
    """
    parts = [p.strip() for p in PARAGRAPH_BREAK.split(text or "") if p.strip()]
    return Markup("\n").join(Markup('<p class="{}">{}</p>').format(css, _inline(p, links)) for p in parts)


def plain(text: str) -> str:
    """Text with links reduced to their words (for titles and labels)."""
    return LINK.sub(lambda m: m.group(1), text or "")
