"""Response counts for the console: aggregates only, with small numbers hidden.

A count from 1 to MIN_CELL - 1 is never shown ("fewer than 10"). Where the cells of a table add
up to a total that is shown, a lone hidden cell could be worked out by subtraction, so another
cell is hidden too ("secondary suppression"), repeating until no such set remains, as the
export does (section 4 of the survey contract).
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Hashable, Sequence

from sqlalchemy import func, select

from ..extensions import db
from ..models import Response

MIN_CELL = 10
CHANNELS = ("public", "kiosk", "paper")

Key = Hashable


@dataclass(frozen=True)
class Cell:
    """One published count: the number, or why it is hidden."""
    value: int | None
    hidden: str = ""  # "" (shown), "small" (1 to MIN_CELL - 1) or "secondary"

    @property
    def shown(self) -> bool:
        return not self.hidden


def suppress(counts: dict[Key, int], groups: Sequence[tuple[Sequence[Key], Key]],
             min_cell: int = MIN_CELL) -> dict[Key, Cell]:
    """Hide small counts, then hide more until no hidden cell is the only one in a summed set.

    `groups` lists (members, total): the members' counts add up to the total's.
    """
    hidden: dict[Key, str] = {k: "small" for k, v in counts.items() if 0 < v < min_cell}
    changed = True
    while changed:
        changed = False
        for members, total in groups:
            if total in hidden:
                continue
            lone = [m for m in members if m in hidden]
            if len(lone) != 1:
                continue
            candidates = sorted((counts[m], str(m), m) for m in members if m not in hidden and counts[m] > 0)
            if candidates:
                hidden[candidates[0][2]] = "secondary"
            else:
                hidden[total] = "secondary"
            changed = True
    return {k: Cell(None if k in hidden else v, hidden.get(k, "")) for k, v in counts.items()}


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


@dataclass
class ResponseCounts:
    """How many responses, overall and by day, week, channel and kiosk site: all suppressed."""
    total: Cell
    by_day: list[tuple[date, Cell]] = field(default_factory=list)
    by_week: list[tuple[date, Cell]] = field(default_factory=list)
    by_channel: list[tuple[str, Cell]] = field(default_factory=list)
    by_site: list[tuple[str, Cell]] = field(default_factory=list)


def _grouped(survey_id: str) -> list[tuple[date, str, str | None, int]]:
    query = (select(Response.submitted_on, Response.channel, Response.site, func.count())
             .where(Response.survey_id == survey_id)
             .group_by(Response.submitted_on, Response.channel, Response.site))
    return [(day, channel, site, int(n)) for day, channel, site, n in db.session.execute(query)]


def response_counts(survey_id: str, min_cell: int = MIN_CELL) -> ResponseCounts:
    """Counts of one survey's responses, from a single GROUP BY; never any answer."""
    days: dict[date, int] = defaultdict(int)
    channels: dict[str, int] = {c: 0 for c in CHANNELS}
    sites: dict[str, int] = defaultdict(int)
    for day, channel, site, n in _grouped(survey_id):
        days[day] += n
        channels[channel] = channels.get(channel, 0) + n
        if channel == "kiosk" and site:
            sites[site] += n
    weeks: dict[date, int] = defaultdict(int)
    for day, n in days.items():
        weeks[week_start(day)] += n
    total = sum(days.values())
    counts: dict[Key, int] = {("total",): total}
    counts.update({("day", d): n for d, n in days.items()})
    counts.update({("week", w): n for w, n in weeks.items()})
    counts.update({("channel", c): n for c, n in channels.items()})
    counts.update({("site", s): n for s, n in sites.items()})
    groups: list[tuple[Sequence[Key], Key]] = [
        ([("day", d) for d in days], ("total",)),
        ([("week", w) for w in weeks], ("total",)),
        ([("channel", c) for c in channels], ("total",)),
    ]
    groups += [([("day", d) for d in days if week_start(d) == w], ("week", w)) for w in weeks]
    if sum(sites.values()) == channels.get("kiosk", 0):
        groups.append(([("site", s) for s in sites], ("channel", "kiosk")))
    cells = suppress(counts, groups, min_cell)
    return ResponseCounts(
        total=cells[("total",)],
        by_day=[(d, cells[("day", d)]) for d in sorted(days)],
        by_week=[(w, cells[("week", w)]) for w in sorted(weeks)],
        by_channel=[(c, cells[("channel", c)]) for c in channels],
        by_site=[(s, cells[("site", s)]) for s in sorted(sites)])
