"""The Atom feeds are valid Atom 1.0 (RFC 4287), one per language, and carry only what is public."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date
from typing import Callable
from urllib.parse import urlsplit

import pytest
from flask.testing import FlaskClient

from survey.hub import reviews
from survey.hub.models import Review
from tests.hub.conftest import CLOSED, OPEN, PUBLIC_SURVEY, REVIEW_ID, set_survey

A = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
MakeReview = Callable[..., Review]


def one(element: ET.Element, name: str) -> ET.Element:
    found = element.findall(A + name)
    assert len(found) == 1, f"{element.tag} has {len(found)} atom:{name}, not exactly one"
    return found[0]


def is_absolute_iri(value: str) -> bool:
    parts = urlsplit(value)
    return bool(parts.scheme) and (bool(parts.netloc) or parts.scheme in ("urn", "tag"))


def check_atom(body: bytes) -> ET.Element:
    """Fail unless the document follows RFC 4287's rules for feeds and entries; returns the feed."""
    feed = ET.fromstring(body)
    assert feed.tag == A + "feed"
    for element in [feed, *feed.findall(A + "entry")]:
        assert is_absolute_iri(one(element, "id").text or "")
        assert (one(element, "title").text or "").strip()
        assert RFC3339.match(one(element, "updated").text or ""), one(element, "updated").text
        for link in element.findall(A + "link"):
            assert is_absolute_iri(link.get("href", "")), link.attrib
        alternates = [(l.get("type"), l.get("hreflang")) for l in element.findall(A + "link")
                      if l.get("rel", "alternate") == "alternate"]
        assert len(alternates) == len(set(alternates)), "two alternate links of one type and language"
    entries = feed.findall(A + "entry")
    feed_author = feed.findall(A + "author")
    for entry in entries:
        assert feed_author or entry.findall(A + "author"), "an entry without an author"
        assert entry.findall(A + "content") or any(l.get("rel", "alternate") == "alternate"
                                                   for l in entry.findall(A + "link"))
    for author in feed_author:
        assert (one(author, "name").text or "").strip()
    ids = [one(e, "id").text for e in entries]
    assert len(ids) == len(set(ids)), "entry ids repeat"
    assert any(l.get("rel") == "self" for l in feed.findall(A + "link"))
    return feed


@pytest.mark.parametrize("lang", ["cy", "en"])
def test_each_feed_is_valid_atom_in_its_language(client: FlaskClient, make_review: MakeReview, lang: str) -> None:
    review = make_review(published=True)
    set_survey(PUBLIC_SURVEY, OPEN, opens_in_days=-2, closes_in_days=20)
    response = client.get(f"/feeds/{lang}.atom")
    assert response.status_code == 200
    assert response.mimetype == "application/atom+xml"
    assert "Set-Cookie" not in response.headers
    feed = check_atom(response.data)
    assert feed.get(XML_LANG) == lang
    entries = feed.findall(A + "entry")
    categories = sorted(e.find(A + "category").get("term") for e in entries)
    assert categories == ["consultation", "progress", "progress", "progress", "results"]
    titles = " ".join(one(e, "title").text or "" for e in entries)
    assert review.text("title", lang) in titles
    links = [e.find(A + "link").get("href") for e in entries]
    assert f"http://localhost/r/{REVIEW_ID}/{lang}" in links
    assert "http://localhost/s/drugs-in-our-communities" in links


def test_entry_ids_stay_the_same_and_new_updates_come_first(client: FlaskClient, make_review: MakeReview) -> None:
    review = make_review(published=True)
    before = {one(e, "id").text for e in check_atom(client.get("/feeds/en.atom").data).findall(A + "entry")}
    reviews.add_progress(review.recommendations[1], date(2026, 12, 3), "in_progress",
                         {"cy": "Mae dau wasanaeth newydd wedi agor.", "en": "Two new services have opened."}, "a")
    feed = check_atom(client.get("/feeds/en.atom").data)
    entries = feed.findall(A + "entry")
    assert before < {one(e, "id").text for e in entries}
    assert one(entries[0], "summary").text == "Two new services have opened."
    assert one(feed, "updated").text == one(entries[0], "updated").text


def test_the_feed_leaves_out_drafts_scheduled_and_unopened_surveys(client: FlaskClient, make_review: MakeReview) -> None:
    make_review()  # a draft
    set_survey(PUBLIC_SURVEY, OPEN, opens_in_days=5)  # scheduled
    for lang in ("cy", "en"):
        feed = check_atom(client.get(f"/feeds/{lang}.atom").data)
        assert feed.findall(A + "entry") == []
        body = client.get(f"/feeds/{lang}.atom").get_data(as_text=True)
        assert "drugs-in-our-communities" not in body and REVIEW_ID not in body


def test_a_closed_surveys_entry_links_to_the_hub_not_the_closed_survey(client: FlaskClient,
                                                                     make_review: MakeReview) -> None:
    make_review()
    set_survey(PUBLIC_SURVEY, CLOSED, opens_in_days=-30, closes_in_days=-1)
    entries = check_atom(client.get("/feeds/en.atom").data).findall(A + "entry")
    assert [e.find(A + "link").get("href") for e in entries] == ["http://localhost/"]
