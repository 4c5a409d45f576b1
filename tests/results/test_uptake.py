"""Uptake counts for the console: counts of responses only, perturbed like every figure."""
from __future__ import annotations

from survey.definition import SurveyDefinition
from survey.results import disclosure
from survey.results.uptake import response_counts

from .conftest import AddResponses, release_now


def test_uptake_is_live_or_of_a_release_and_perturbed(conformance: SurveyDefinition,
                                                      add_responses: AddResponses) -> None:
    add_responses(conformance, [{"answers": {"area": "powys"}, "channel": "public"}] * 30)
    release_now(conformance)
    add_responses(conformance, [{"answers": {"area": "powys"}, "channel": "kiosk", "site": "Tywyn"}] * 30)
    live, released = response_counts(conformance.id, 10), response_counts(conformance.id, 10, release=1)
    assert abs(live.total.value - 60) <= disclosure.MAX_NOISE
    assert abs(dict(live.by_channel)["kiosk"].value - 30) <= disclosure.MAX_NOISE
    assert [site for site, _ in live.by_site] == ["Tywyn"]
    assert abs(released.total.value - 30) <= disclosure.MAX_NOISE
    assert dict(released.by_channel)["kiosk"].value is None and released.by_site == []
    assert dict(live.by_channel)["paper"].hidden == "small"  # a zero is hidden like any small count
