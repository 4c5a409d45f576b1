"""Kiosk links: creating, checking, listing and revoking them. No request handling here.

A kiosk link is an unguessable token (192 random bits) tied to one survey and one site. It
works from the day it is made until it is revoked or its expiry day has passed (expiry days
are Europe/London dates, and a link works until the end of that day).
"""
from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import func, select

from ..audit import SYSTEM, Action, record
from ..extensions import db
from ..models import KioskLink, Response, utcnow
from ..models import london_now
from ..surveys import SurveyError, get_survey
from ..vocabulary import Channel

TOKEN_BYTES = 24                      # 192 bits of randomness; the issue asks for at least 128
TOKEN_SHAPE = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
MAX_SITE = 120


class KioskError(Exception):
    """A kiosk link that cannot be made or changed; the message says why."""


class Reason(StrEnum):
    """Why a token does not open a survey (see active_link); why a survey is not open is its SurveyState."""
    UNKNOWN = "unknown"
    REVOKED = "revoked"
    EXPIRED = "expired"


class Status(StrEnum):
    """A link's state, as listed for operators."""
    ACTIVE = "active"
    REVOKED = Reason.REVOKED
    EXPIRED = Reason.EXPIRED


@dataclass(frozen=True)
class LinkInfo:
    """One link as operators see it: the link, its state and the responses through its site."""
    link: KioskLink
    status: str
    responses: int


def new_token() -> str:
    """A fresh token; never one starting with "-", which a command line would take for an option."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    while token.startswith("-"):
        token = secrets.token_urlsafe(TOKEN_BYTES)
    return token


def london_today() -> date:
    return london_now().date()


def link_path(token: str) -> str:
    """The address of a kiosk link on this server, without the scheme and host."""
    return f"/k/{token}"


def link_url(token: str, base_url: str) -> str:
    """The full address of a kiosk link, given the server's base address."""
    return base_url.rstrip("/") + link_path(token)


def token_hint(token: str) -> str:
    """The start of a token, enough to tell links apart in the audit log without giving one away."""
    return token[:6] + "…"


def status_of(link: KioskLink, today: date | None = None) -> str:
    """Active, revoked or expired."""
    if link.revoked_at is not None:
        return Status.REVOKED
    if link.expires_on is not None and (today or london_today()) > link.expires_on:
        return Status.EXPIRED
    return Status.ACTIVE


def _clean_site(site: str) -> str:
    cleaned = " ".join((site or "").split())
    if not cleaned:
        raise KioskError("a kiosk link needs a site name")
    if len(cleaned) > MAX_SITE:
        raise KioskError(f"the site name is too long (at most {MAX_SITE} characters)")
    return cleaned


def create_link(survey_id: str, site: str, expires_on: date | None = None,
                actor: str = SYSTEM, today: date | None = None) -> KioskLink:
    """Make a new link for a survey that allows kiosk responses; records it in the audit log."""
    try:
        survey = get_survey(survey_id)
    except SurveyError as exc:
        raise KioskError(str(exc)) from exc
    if Channel.KIOSK not in survey.definition.channels:
        raise KioskError(f"{survey_id} does not take kiosk responses: its definition's channels "
                         f"are {', '.join(survey.definition.channels)}")
    site = _clean_site(site)
    if expires_on is not None and expires_on < (today or london_today()):
        raise KioskError(f"the expiry date {expires_on.isoformat()} has already passed")
    link = KioskLink(token=new_token(), survey_id=survey.id, site=site,
                     created_at=utcnow(), expires_on=expires_on)
    db.session.add(link)
    record(actor, Action.KIOSK_LINK_CREATED, survey.id,
           f"site: {site}; link: {token_hint(link.token)}; "
           f"expires: {expires_on.isoformat() if expires_on else 'never'}")
    return link


def get_link(token: str) -> KioskLink | None:
    """The link with this token, if there is one."""
    if not isinstance(token, str) or not TOKEN_SHAPE.match(token):
        return None
    return db.session.get(KioskLink, token)


def active_link(token: str, today: date | None = None) -> KioskLink | str:
    """The link if it may be used now; otherwise the Reason it may not."""
    link = get_link(token)
    if link is None:
        return Reason.UNKNOWN
    state = status_of(link, today)
    return link if state == Status.ACTIVE else state


def revoke_link(token: str, actor: str = SYSTEM, now: datetime | None = None) -> KioskLink:
    """End a link at once (revoking a revoked link changes nothing); records it in the audit log."""
    link = get_link(token)
    if link is None:
        raise KioskError("there is no kiosk link with that token")
    if link.revoked_at is None:
        link.revoked_at = now or utcnow()
        record(actor, Action.KIOSK_LINK_REVOKED, link.survey_id,
               f"site: {link.site}; link: {token_hint(link.token)}")
    return link


def responses_by_site(survey_ids: set[str]) -> dict[tuple[str, str], int]:
    """Kiosk responses so far, by survey and site."""
    if not survey_ids:
        return {}
    rows = db.session.execute(
        select(Response.survey_id, Response.site, func.count())
        .where(Response.channel == Channel.KIOSK, Response.survey_id.in_(survey_ids))
        .group_by(Response.survey_id, Response.site))
    return {(survey_id, site): int(n) for survey_id, site, n in rows}


def list_links(survey_id: str | None = None, today: date | None = None) -> list[LinkInfo]:
    """Every link (of one survey, if given), newest first, with its state and responses so far.

    Responses are counted by survey and site: two links for the same site share their count.
    """
    query = select(KioskLink).order_by(KioskLink.created_at.desc(), KioskLink.site)
    if survey_id:
        query = query.where(KioskLink.survey_id == survey_id)
    links = list(db.session.scalars(query))
    counts = responses_by_site({link.survey_id for link in links})
    today = today or london_today()
    return [LinkInfo(link, status_of(link, today), counts.get((link.survey_id, link.site), 0))
            for link in links]
