"""The builder speaks Welsh to a Welsh-speaking admin: no English message of its own left on a page."""
from __future__ import annotations

from typing import Any

from babel.messages.pofile import read_po
from flask import Flask
from flask.testing import FlaskClient

from tests.admin.helpers import make_user, sign_in, text
from tests.admin.test_welsh import ROOT, visible_text

BASE = "/admin/builder"


def builder_messages() -> list[str]:
    """The builder's English messages long enough not to be part of other words, and their Welsh."""
    with (ROOT / "translations" / "fragments" / "issue-18.po").open("rb") as f:
        catalog = read_po(f)
    return [m.id for m in catalog if isinstance(m.id, str) and m.id and "%" not in m.id
            and m.string != m.id and len(m.id) > 12]


def test_every_builder_page_is_in_welsh_for_a_welsh_speaker(app: Flask, client: FlaskClient, conformance: Any) -> None:
    make_user(language="cy")
    sign_in(client)
    app.config["WTF_CSRF_ENABLED"] = False
    client.post(f"{BASE}/conformance-check/welsh", data={"cy-q:area:text": ""})  # missing Welsh shown too
    english = builder_messages()
    assert len(english) > 100
    for path in ("/", "/conformance-check", "/conformance-check/settings", "/conformance-check/pages/4",
                 "/conformance-check/pages/1/questions/1", "/conformance-check/pages/1/questions/2",
                 "/conformance-check/pages/2/questions/2", "/conformance-check/pages/3/questions/1",
                 "/conformance-check/pages/5/questions/2", "/conformance-check/welsh",
                 "/conformance-check/translation", "/conformance-check/versions", "/upload"):
        page = text(client.get(BASE + path))
        assert '<html lang="cy">' in page, path
        shown = visible_text(page)
        assert "Adeiladydd arolygon" in shown, path
        for message in english:
            assert message not in shown, (path, message)
