"""Definition text on kiosk pages: links become plain words, so no tap leaves the survey."""
from __future__ import annotations

from typing import Any, Callable

from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup


def kiosk_aware(paragraphs: Callable[..., Markup]) -> Callable[..., Markup]:
    """Wrap the `paragraphs` filter: on a kiosk page (an `entry` that is_kiosk), each safe
    [words](address) is shown as "words (address)": readable, noted down, never followed.

    The text is read for links once only: unlinking first and drawing links afterwards let
    [[x](https://a)](https://b) become a live link to b.
    """
    @pass_context
    def filter_(context: Context, text: str, *args: Any, **kwargs: Any) -> Markup:
        entry = context.get("entry")
        if getattr(entry, "is_kiosk", False):
            kwargs["links"] = False
        return paragraphs(text, *args, **kwargs)
    filter_.__doc__ = paragraphs.__doc__
    return filter_
