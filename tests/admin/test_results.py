"""Analysts' screens: counts and results hidden as the export hides them; exports and comments."""
from __future__ import annotations

import csv
import io
import re
import zipfile
from datetime import date

import pytest

from survey import audit
from survey.admin.results_views import question_results
from survey.extensions import db
from survey.responses import Provenance, add_response
from survey.results.export import write_export
from survey.results.releases import cut_release, find_release

from .helpers import make_user, post, sign_in, signed_in_admin, signed_in_analyst, text

SURVEY = "/admin/surveys/conformance-check"


@pytest.fixture
def unreleased(app, conformance):
    """25 public responses (12 from Powys, 3 from Ceredigion, 20 with a comment), 3 and 12 kiosk
    ones at two sites; no release yet."""
    for n in range(25):
        answers = {"seen-dealing": "no"}
        if n < 12:
            answers["area"] = "powys"
        elif n < 15:
            answers["area"] = "ceredigion"
        if n < 20:
            answers["comments"] = f"Call me on 01970 622 111 or write to me{n}@example.org"
        add_response(conformance, answers, Provenance("en" if n % 2 else "cy", "public"), date(2026, 3, 2))
    for site, n in (("Aberystwyth", 3), ("Brecon", 12)):
        for _ in range(n):
            add_response(conformance, {"seen-dealing": "yes"}, Provenance("cy", "kiosk", site), date(2026, 3, 3))
    db.session.commit()
    return conformance


@pytest.fixture
def answered(unreleased):
    """The same, in release 1."""
    cut_release("conformance-check", date(2026, 3, 4), "admin@example.org")
    return unreleased


def _row(page: str, label: str) -> str:
    found = re.search(r"<tr><th scope=\"row\">" + re.escape(label) + r"</th>(.*?)</tr>", page, re.S)
    assert found, label
    return found.group(1)


def test_the_dashboard_hides_small_numbers_and_is_audited(app, client, answered):
    signed_in_analyst(client)
    page = text(client.get(SURVEY + "/results"))
    assert "fewer than 10" in _row(page, "Aberystwyth")
    public = int(re.search(r">(\d+)<", _row(page, "Public link")).group(1))
    assert abs(public - 25) <= 3  # perturbed, live
    assert "<table" in page and "<caption" in page and "release 1" in page
    assert "Responses by day" not in page and "Responses by week" not in page
    viewed = audit.recent(action=audit.Action.RESULTS_VIEWED)
    assert [(e.actor, e.detail) for e in viewed] == [("analyst@example.org", "release 1")]


def test_before_a_release_the_dashboard_shows_uptake_and_no_answers(app, client, unreleased):
    signed_in_analyst(client)
    page = text(client.get(SURVEY + "/results"))
    assert "There is no release yet" in page and 'id="q-area"' not in page
    assert re.search(r">\d+<", _row(page, "Kiosk"))
    assert audit.recent(action=audit.Action.RESULTS_VIEWED)[0].detail == "uptake only"


def test_an_admin_cuts_a_release_from_the_console(app, client, unreleased):
    signed_in_admin(client)
    page = text(client.get(SURVEY + "/exports"))
    assert "There are no releases yet." in page and "An export can be made once there is a release." in page
    response = post(client, SURVEY + "/releases", form_page=SURVEY + "/exports")
    assert response.status_code == 302
    page = text(client.get(SURVEY + "/exports"))
    assert "Release 1 is ready." in page and 'name="release" type="radio" value="1" checked' in page
    again = post(client, SURVEY + "/releases", form_page=SURVEY + "/exports")
    assert "20 more responses are needed first" in text(client.get(again.headers["Location"]))


def test_analysts_cannot_cut_releases(app, client, unreleased):
    signed_in_analyst(client)
    assert post(client, SURVEY + "/releases", form_page=SURVEY + "/exports").status_code == 403


def test_question_results_are_hidden_exactly_as_the_export_hides_them(app, client, answered, tmp_path):
    folder = write_export("conformance-check", lang="en", out_dir=tmp_path / "export")
    with (folder / "aggregates.csv").open(encoding="utf-8-sig") as f:
        published = {(r["question_id"], r["row_id"], r["option_value"]): (r["count"], r["percent"], r["value"])
                     for r in csv.DictReader(f) if not r["breakdown_id"]}
    with app.test_request_context():
        blocks = question_results(answered, find_release("conformance-check"), 10, "en")
    shown = {(b["question_id"], b["row_id"], o["value"]): (o["count"], o["percent"], o["statistic"])
             for b in blocks for o in b["options"]}
    assert shown == published
    signed_in_analyst(client)
    page = text(client.get(SURVEY + "/results"))
    area = page[page.index('id="q-area"'):]
    area = area[:area.index("</section>")]
    assert ">3<" not in area  # Ceredigion is hidden
    assert 'role="img"' in area and "<table" in area


def test_make_and_download_an_export(app, client, answered):
    signed_in_analyst(client)
    response = post(client, SURVEY + "/exports", {"release": "1", "language": "en", "min_cell": "10",
                                                  "breakdowns": ["channel"]})
    assert response.status_code == 302
    page = text(client.get(SURVEY + "/exports"))
    assert "Release 1, exported on" in page
    links = re.findall(r'href="(/admin/surveys/conformance-check/exports/[^"]+)"', page)
    names = sorted(link.rsplit("/", 1)[1] for link in links if not link.endswith(".zip"))
    assert names == ["aggregates.csv", "codebook.csv", "manifest.json"]
    assert len([link for link in links if link.endswith(".zip")]) == 1
    for link in links:
        download = client.get(link)
        assert download.status_code == 200
        assert download.headers["Cache-Control"] == "no-store"
        assert "attachment" in download.headers["Content-Disposition"]
        if link.endswith(".csv"):
            assert download.data.startswith("\ufeff".encode())
        if link.endswith(".zip"):
            assert sorted(zipfile.ZipFile(io.BytesIO(download.data)).namelist()) == \
                ["aggregates.csv", "codebook.csv", "manifest.json"]
        download.close()
    made = audit.recent(action=audit.Action.EXPORT_MADE)
    assert [(e.actor, e.subject) for e in made] == [("analyst@example.org", "conformance-check")]
    assert "channel" in made[0].detail
    downloaded = audit.recent(action=audit.Action.EXPORT_DOWNLOADED)
    assert len(downloaded) == len(links) and all(e.actor == "analyst@example.org" for e in downloaded)


def test_export_choices_are_checked(app, client, answered):
    signed_in_analyst(client)
    response = post(client, SURVEY + "/exports", {"release": "1", "language": "en", "min_cell": "2"})
    assert response.status_code == 400 and "between 5 and 1000" in text(response)
    response = post(client, SURVEY + "/exports", {"release": "1", "language": "en", "min_cell": "9"})
    assert response.status_code == 400 and "never lower it" in text(response)
    response = post(client, SURVEY + "/exports", {"release": "1", "language": "en", "min_cell": "10",
                                                  "breakdowns": ["comments"]})
    assert response.status_code == 400
    response = post(client, SURVEY + "/exports", {"release": "1", "language": "fr", "min_cell": "10"})
    assert response.status_code == 400
    response = post(client, SURVEY + "/exports", {"release": "2", "language": "en", "min_cell": "10"})
    assert response.status_code == 400
    assert audit.count(audit.Action.EXPORT_MADE) == 0


def test_the_breakdown_choices_are_the_allowed_ones(app, client, answered):
    signed_in_analyst(client)
    page = text(client.get(SURVEY + "/exports"))
    values = re.findall(r'name="breakdowns" type="checkbox" value="([^"]+)"', page)
    assert values == ["channel", "language", "site", "month", "area", "age-band"]


def test_downloads_cannot_reach_other_files(app, client, answered):
    signed_in_admin(client)
    post(client, SURVEY + "/exports", {"release": "1", "language": "cy", "min_cell": "10"})
    page = text(client.get(SURVEY + "/exports"))
    export_id = re.search(r'/exports/([^/"]+)/aggregates.csv', page).group(1)
    for bad in (f"/exports/{export_id}/..%2F..%2Fsecret", f"/exports/{export_id}/other.csv",
                "/exports/../aggregates.csv", f"/comments/{export_id}/aggregates.csv"):
        assert client.get(SURVEY + bad).status_code == 404, bad


def test_comments_need_permission(app, client, answered):
    signed_in_analyst(client)
    page = text(client.get(SURVEY + "/exports"))
    assert "You do not have permission to download comments" in page
    assert post(client, SURVEY + "/comments", form_page=SURVEY + "/exports").status_code == 403
    assert audit.count(audit.Action.COMMENTS_EXPORTED) == 0


def test_an_analyst_granted_comments_can_export_them(app, client, answered):
    signed_in_analyst(client, can_export_comments=True)
    response = post(client, SURVEY + "/comments", form_page=SURVEY + "/exports")
    assert response.status_code == 302
    page = text(client.get(SURVEY + "/exports"))
    link = re.search(r'href="(/admin/surveys/conformance-check/comments/[^"]+/comments.csv)"', page).group(1)
    download = client.get(link)
    body = download.data.decode("utf-8-sig")
    download.close()
    assert "[phone]" in body and "[email]" in body and "01970" not in body
    assert audit.recent(action=audit.Action.COMMENTS_EXPORTED)[0].actor == "analyst@example.org"
    assert audit.recent(action=audit.Action.COMMENTS_DOWNLOADED)[0].actor == "analyst@example.org"


def test_admins_can_export_comments_and_others_cannot_download_them(app, client, answered):
    signed_in_admin(client)
    post(client, SURVEY + "/comments", form_page=SURVEY + "/exports")
    page = text(client.get(SURVEY + "/exports"))
    link = re.search(r'href="(/admin/surveys/conformance-check/comments/[^"]+)"', page).group(1)
    download = client.get(link)
    assert download.status_code == 200
    download.close()
    make_user("reader@example.org", "analyst")
    other = app.test_client()
    sign_in(other, "reader@example.org")
    assert other.get(link).status_code == 403


def test_staff_review_comments_and_withhold_one_with_a_reason(app, client, answered):
    signed_in_admin(client)
    page = text(client.get(SURVEY + "/comments/review"))
    assert page.count('class="admin-list__item"') == 20
    assert "01970" not in page and "[phone]" in page  # shown as it would leave
    first = re.search(r'action="(/admin/surveys/conformance-check/comments/review/\d+)"', page).group(1)
    empty = post(client, first, {"reason": ""}, form_page=SURVEY + "/comments/review")
    assert empty.status_code == 400 and "Enter why this comment is withheld" in text(empty)
    done = post(client, first, {"reason": "names a worker"}, form_page=SURVEY + "/comments/review")
    assert done.status_code == 302
    assert text(client.get(SURVEY + "/comments/review")).count('class="admin-list__item"') == 19
    event = audit.recent(action=audit.Action.COMMENT_WITHHELD)[0]
    assert (event.actor, event.detail) == ("admin@example.org", "release 1: names a worker")
    post(client, SURVEY + "/comments", form_page=SURVEY + "/exports")
    assert audit.recent(action=audit.Action.COMMENTS_EXPORTED)[0].detail == "release 1: 19 comments"


def test_reviewing_comments_needs_the_comments_permission(app, client, answered):
    signed_in_analyst(client)
    assert client.get(SURVEY + "/comments/review").status_code == 403
    assert post(client, SURVEY + "/comments/review/1", {"reason": "x"}, form_page=SURVEY + "/exports").status_code == 403


def test_once_closed_the_dashboard_counts_the_last_release(app, client, answered):
    from survey.admin.operations import close_survey
    for _ in range(15):  # too few for a final release: they stay out of every figure
        add_response(answered, {"seen-dealing": "no"}, Provenance("cy", "kiosk", "Tywyn"), date(2026, 3, 5))
    db.session.commit()
    signed_in_analyst(client)
    assert "Tywyn" in text(client.get(SURVEY + "/results"))  # open: live uptake
    close_survey("conformance-check", "admin@example.org")
    assert "Tywyn" not in text(client.get(SURVEY + "/results"))
