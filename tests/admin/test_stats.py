"""Small-number suppression of the console's counts."""
from __future__ import annotations

from datetime import date

from survey.admin.stats import response_counts, suppress
from survey.extensions import db
from survey.responses import Provenance, add_response


def test_small_counts_are_hidden_and_zero_is_shown():
    cells = suppress({"a": 0, "b": 5, "c": 10, "t": 15}, [])
    assert cells["a"].value == 0 and cells["a"].shown
    assert cells["b"].value is None and cells["b"].hidden == "small"
    assert cells["c"].value == 10


def test_a_lone_hidden_cell_in_a_published_total_takes_another_with_it():
    cells = suppress({"a": 4, "b": 30, "c": 20, "t": 54}, [(["a", "b", "c"], "t")])
    assert cells["a"].hidden == "small"
    assert cells["c"].hidden == "secondary"  # the smallest other, so "a" cannot be worked out
    assert cells["b"].value == 30 and cells["t"].value == 54


def test_when_nothing_else_can_be_hidden_the_total_is():
    cells = suppress({"a": 4, "b": 0, "t": 14}, [(["a", "b"], "t")])
    assert cells["t"].hidden == "secondary"


def test_suppression_repeats_across_linked_tables():
    counts = {"t": 40, "x": 25, "y": 15, "x1": 20, "x2": 5, "y1": 15}
    groups = [(["x", "y"], "t"), (["x1", "x2"], "x"), (["x1", "y1"], "t")]
    cells = suppress(counts, groups)
    hidden = {k for k, c in cells.items() if not c.shown}
    for members, total in groups:
        if total not in hidden:
            assert len([m for m in members if m in hidden]) != 1


def _respond(definition, day, channel="public", site=None, n=1):
    for _ in range(n):
        add_response(definition, {"seen-dealing": "no"}, Provenance("en", channel, site), day)
    db.session.commit()


def test_response_counts_never_show_a_small_number(app, conformance):
    _respond(conformance, date(2026, 3, 2), n=25)
    _respond(conformance, date(2026, 3, 2), "kiosk", "Aberystwyth", n=3)
    _respond(conformance, date(2026, 3, 10), "kiosk", "Brecon", n=12)
    counts = response_counts("conformance-check")
    assert counts.total.value == 40
    by_channel = dict(counts.by_channel)
    assert (by_channel["public"].value, by_channel["kiosk"].value, by_channel["paper"].value) == (25, 15, 0)
    by_site = dict(counts.by_site)
    assert by_site["Aberystwyth"].hidden == "small" and by_site["Brecon"].hidden == "secondary"
    assert [c.value for _, c in counts.by_day] == [28, 12]
    assert [w.isoformat() for w, _ in counts.by_week] == ["2026-03-02", "2026-03-09"]
