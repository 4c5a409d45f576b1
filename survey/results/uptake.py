"""Uptake: how many responses a survey has, overall, by channel and by kiosk site, for the
console: live while the survey is open, and once it has closed, those of its latest release. Counts of responses only, never an answer; each count is
perturbed with its respondents' cell key and hidden below the minimum cell (disclosure.py), so
that no two looks differ by exactly one person and no small site stands out.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa

from ..extensions import db
from ..models import Release, Response, Survey
from ..vocabulary import Channel, SurveyState
from .disclosure import uptake
from .releases import min_cell_of


@dataclass(frozen=True)
class Cell:
    """One published count of responses: the number, or None where it is under the minimum cell."""
    value: int | None
    min_cell: int

    @property
    def hidden(self) -> str:
        return "small" if self.value is None else ""


@dataclass
class ResponseCounts:
    total: Cell
    by_channel: list[tuple[str, Cell]] = field(default_factory=list)
    by_site: list[tuple[str, Cell]] = field(default_factory=list)


def response_counts(survey_id: str, min_cell: int, release: int | None = None) -> ResponseCounts:
    """Counts of one survey's responses, live or (given a release) of that release only, from a
    single GROUP BY."""
    query = (sa.select(Response.channel, Response.site, sa.func.count(),
                       sa.cast(sa.func.sum(Response.record_key), sa.BigInteger))
             .where(Response.survey_id == survey_id).group_by(Response.channel, Response.site))
    if release is not None:
        query = query.where(Response.release <= release)
    rows = [(channel, site, int(n), int(keys or 0)) for channel, site, n, keys in db.session.execute(query)]
    total = uptake((("total", n, k) for _, _, n, k in rows), min_cell)
    channels = uptake((*((c, 0, 0) for c in Channel), *((c, n, k) for c, _, n, k in rows)), min_cell)
    sites = uptake(((s, n, k) for c, s, n, k in rows if c == Channel.KIOSK and s), min_cell)
    return ResponseCounts(total=Cell(total.get("total", None) if rows else None, min_cell),
                          by_channel=[(c, Cell(channels[c], min_cell)) for c in channels],
                          by_site=[(s, Cell(sites[s], min_cell)) for s in sorted(sites)])


def console_counts(survey: Survey) -> ResponseCounts:
    """What the console shows: live counts while a survey is open; once closed, its latest
    release's (so that responses left out of every release are not told by a difference)."""
    release = None
    if survey.status == SurveyState.CLOSED:
        release = db.session.scalar(sa.select(sa.func.max(Release.number)).where(Release.survey_id == survey.id))
    return response_counts(survey.id, min_cell_of(survey), release)
