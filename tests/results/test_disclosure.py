"""The perturbation table (results/disclosure.py), as the ONS designed theirs for Census 2021."""
from __future__ import annotations

import statistics

import pytest

from survey.results import disclosure


@pytest.mark.parametrize("value", range(0, 40))
def test_noise_is_small_unbiased_and_never_a_1_or_2(value: int) -> None:
    published = [disclosure.perturbed(value, key) for key in range(256)]
    noise = [p - value for p in published]
    assert max(abs(n) for n in noise) <= disclosure.MAX_NOISE
    assert not {1, 2} & set(published)
    assert abs(statistics.mean(noise)) < 0.01
    if value == 0:
        assert set(published) == {0}  # a zero stays zero
    elif value >= 3:
        assert 0.9 <= statistics.pvariance(noise) <= 1.1
    else:  # a 1 or a 2 must become 0 or 3 and more: more variance than 1 is unavoidable
        assert statistics.pvariance(noise) <= 2.1


def test_the_same_people_always_get_the_same_noise() -> None:
    """A cell's key is the sum of its people's record keys modulo 256, whatever else is asked."""
    for value, keys in ((14, [3, 250, 17, 99]), (7, [0, 0, 1]), (120, list(range(120)))):
        assert disclosure.perturbed(value, sum(keys)) == disclosure.perturbed(value, sum(keys) % 256)
        assert len({disclosure.perturbed(value, key) for key in range(256)}) > 3  # the key decides


def test_below_the_minimum_cell_is_hidden_and_percent_comes_from_what_is_published() -> None:
    assert disclosure.published(0, 0, 10) is None
    assert all(disclosure.published(v, k, 10) is None for v in range(1, 7) for k in range(256))
    assert all((disclosure.published(40, k, 10) or 0) >= 37 for k in range(256))
    assert disclosure.percent(12, 40) == "30.0" and disclosure.percent(None, 40) == "[c]"
    assert [disclosure.rounded_to_5(n) for n in (0, 2, 3, 22, 23, 90)] == [0, 0, 5, 20, 25, 90]


def test_uptake_counts_are_perturbed_per_name_with_their_own_keys() -> None:
    counts = disclosure.uptake([("kiosk", 30, 400), ("kiosk", 10, 12), ("public", 4, 9)], 10)
    assert counts["public"] is None
    assert counts["kiosk"] == disclosure.perturbed(40, 412)
