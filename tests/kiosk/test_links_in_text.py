"""Links in a definition's text at a kiosk: written out as words, never followed, even when nested."""
from __future__ import annotations

import re

from flask.testing import FlaskClient

from survey.definition.model import build
from survey.kiosk.links import create_link
from survey.surveys import load_survey
from tests.conftest import conformance_raw
from tests.helpers import text_of

NESTED = "Read [[our notice](https://example.org/a)](https://evil.example/b)."
HREF = re.compile(r'href="([^"]+)"')


def test_a_nested_link_stored_before_the_loader_refused_it_is_still_no_link(app, client: FlaskClient) -> None:
    raw = conformance_raw()
    raw["privacy"] = {"cy": NESTED, "en": NESTED}
    load_survey(build(raw), open_it=True)  # as if stored by an older version, without the loader's checks
    link = create_link(raw["id"], "Safle")
    html = text_of(client.get(f"/k/{link.token}/en"))
    assert "evil.example" in html  # written out as words...
    assert not [href for href in HREF.findall(html) if "example" in href]  # ...never as a link
    public = text_of(client.get(f"/s/{raw['id']}/en"))
    assert 'href="https://evil.example/b"' not in public  # nor on the public page
