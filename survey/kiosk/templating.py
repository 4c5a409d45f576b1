"""Definition text on kiosk pages: links become plain words, so no tap leaves the survey."""
from __future__ import annotations

from functools import lru_cache
from typing import Any, Callable

from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup

from ..definition.loader import LINK, SAFE_LINK


@lru_cache(maxsize=256, typed=True)
def without_links(text: str) -> str:
    """Each safe [words](address) as "words (address)": readable, noted down, never followed."""
    def unlink(match: Any) -> str:
        words, address = match.group(1), match.group(2)
        if not SAFE_LINK.match(address):
            return str(match.group(0))
        shown = address.split(":", 1)[1] if address.lower().startswith(("mailto:", "tel:")) else address
        return f"{words} ({shown})"
    return LINK.sub(unlink, text or "")


def kiosk_aware(paragraphs: Callable[..., Markup]) -> Callable[..., Markup]:
    """Wrap the `paragraphs` filter: on a kiosk page (an `entry` that is_kiosk), links are unlinked."""
    @pass_context
    def filter_(context: Context, text: str, *args: Any, **kwargs: Any) -> Markup:
        entry = context.get("entry")
        if getattr(entry, "is_kiosk", False):
            text = without_links(text)
        return paragraphs(text, *args, **kwargs)
    filter_.__doc__ = paragraphs.__doc__
    return filter_
