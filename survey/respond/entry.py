"""How a respondent reached a survey: through its public link, or through a kiosk link.

The respondent views are written once, against an Entry; each way in resolves its own.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask import url_for

from ..models import Survey
from ..responses import Provenance
from ..surveys import SurveySnapshot
from ..vocabulary import Channel
from .drafts import Lookup


@dataclass(frozen=True)
class Entry:
    survey: Survey | SurveySnapshot   # anything with the survey's .definition
    channel: str                      # Channel.PUBLIC or Channel.KIOSK
    blueprint: str                    # whose routes the pages live under
    url_args: dict[str, Any]          # what those routes need besides the language
    scope: str                        # names this way in, for drafts in the session
    draft_lifetime: int               # seconds a draft may stay idle
    site: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    draft_lookup: Lookup | None = None  # the session's draft, when it was read along with the survey

    def url(self, view: str, **kwargs: Any) -> str:
        return url_for(f"{self.blueprint}.{view}", **self.url_args, **kwargs)

    def provenance(self, lang: str) -> Provenance:
        return Provenance(language=lang, channel=self.channel, site=self.site)

    @property
    def is_kiosk(self) -> bool:
        return self.channel == Channel.KIOSK
