"""Atom 1.0 feeds (RFC 4287), one per language: new consultations, published results (a review, and
the figures it publishes from each survey's final release: "You said"), progress.

Built with ElementTree, so every text is escaped. Entry ids are urn:uuid: names made from the
site's address and what the entry is about, so an entry keeps its id for ever.
"""
from __future__ import annotations

import uuid
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import datetime, timezone

from flask import url_for
from flask_babel import gettext

from ..models import Survey
from ..models import LONDON
from ..text import plain
from .public import consultations, published_reviews
from .you_said import published_surveys

ATOM = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
EPOCH = datetime(2026, 1, 1)


@dataclass(frozen=True)
class Entry:
    key: str  # what the entry is about, such as "survey/ID" or "progress/7"; makes its id
    title: str
    updated: datetime  # UTC
    link: str
    summary: str
    category: str


def entry_id(key: str) -> str:
    base = url_for("pages.index", _external=True)
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, base + '#' + key)}"


def rfc3339(moment: datetime) -> str:
    return moment.replace(microsecond=0, tzinfo=timezone.utc).isoformat().replace("+00:00", "Z")


def _utc_from_london(moment: datetime) -> datetime:
    return moment.replace(tzinfo=LONDON).astimezone(timezone.utc).replace(tzinfo=None)


def _survey_entry(survey: Survey, link: str, lang: str) -> Entry:
    opened = _utc_from_london(survey.opens_at) if survey.opens_at else survey.created_at
    title = survey.definition.title(lang)
    return Entry(f"survey/{survey.id}", gettext("New consultation: %(title)s", title=title), opened, link,
                 plain(survey.definition.description(lang)), "consultation")


def entries(lang: str) -> list[Entry]:
    """The feed's entries, newest first: only what the public hub itself shows."""
    found: list[Entry] = []
    hub = consultations()
    for item in hub.open + hub.closed:
        link = url_for("respond.choose_language", survey_id=item.id, _external=True) if item.link_shown \
            else url_for("pages.index", _external=True)
        found.append(_survey_entry(item.survey, link, lang))
    for review in published_reviews():
        page = url_for("hub.review_page", review_id=review.id, lang=lang, _external=True)
        title = review.text("title", lang)
        found.append(Entry(f"review/{review.id}", gettext("Results published: %(title)s", title=title),
                           review.published_at or review.updated_at, page, plain(review.text("summary", lang)),
                           "results"))
        for item in published_surveys(review):
            survey_title = item.survey.definition.title(lang)
            found.append(Entry(
                f"you-said/{review.id}/{item.survey.id}",
                gettext("Results published: what you told us in %(survey)s", survey=survey_title),
                item.published_at, f"{page}#you-said-{item.survey.id}",
                gettext("Figures from the answers to %(survey)s, for the review %(review)s.",
                        survey=survey_title, review=title), "results"))
        for number, recommendation in enumerate(review.recommendations, start=1):
            for update in recommendation.updates:
                found.append(Entry(
                    f"progress/{update.id}",
                    gettext("%(review)s: progress on recommendation %(number)d", review=title, number=number),
                    update.added_at, f"{page}#recommendation-{recommendation.key}", plain(update.text(lang)),
                    "progress"))
    return sorted(found, key=lambda e: (e.updated, e.key), reverse=True)


def atom_feed(lang: str) -> bytes:
    """The whole feed as UTF-8 XML."""
    items = entries(lang)
    self_url = url_for("hub_feeds.feed", lang=lang, _external=True)
    feed = ET.Element(f"{{{ATOM}}}feed", {XML_LANG: lang})
    ET.SubElement(feed, f"{{{ATOM}}}id").text = entry_id(f"feed/{lang}")
    ET.SubElement(feed, f"{{{ATOM}}}title").text = gettext("Llais: consultations, results and progress")
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = rfc3339(max((e.updated for e in items), default=EPOCH))
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", type="application/atom+xml", href=self_url)
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="alternate", type="text/html",
                  href=url_for("pages.index", _external=True))
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    ET.SubElement(author, f"{{{ATOM}}}name").text = "Llais"
    for item in items:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        ET.SubElement(entry, f"{{{ATOM}}}id").text = entry_id(item.key)
        ET.SubElement(entry, f"{{{ATOM}}}title").text = item.title
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = rfc3339(item.updated)
        ET.SubElement(entry, f"{{{ATOM}}}link", rel="alternate", type="text/html", href=item.link)
        ET.SubElement(entry, f"{{{ATOM}}}category", term=item.category)
        if item.summary:
            ET.SubElement(entry, f"{{{ATOM}}}summary").text = item.summary
    ET.register_namespace("", ATOM)
    return bytes(ET.tostring(feed, encoding="utf-8", xml_declaration=True))
