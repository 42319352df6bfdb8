"""The weather report's rules: one tap of the scale, one word, the distribution only once
closed and only from k."""
from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from facilitation import weather
from facilitation.errors import EmptyBallot, RoundNotOpen, TooManyTexts, UnknownOption
from facilitation.kinds import KINDS, default_prompt
from facilitation.rounds import CLOSED, OPEN, REVEALED


def test_the_scale_runs_from_sunny_to_storm():
    assert weather.SCALE == ("sunny", "partly_cloudy", "cloudy", "rain", "storm")


def test_a_weather_report_is_a_round_kind_with_a_default_prompt():
    assert "weather" in KINDS
    assert default_prompt("weather", "nl") == "Hoe is het weer bij jou van binnen?"


def test_a_tap_is_one_weather_of_the_scale():
    assert weather.check_tap(OPEN, ["rain"]) == "rain"
    with pytest.raises(EmptyBallot):
        weather.check_tap(OPEN, [])
    with pytest.raises(UnknownOption):
        weather.check_tap(OPEN, ["hail"])
    with pytest.raises(UnknownOption):
        weather.check_tap(OPEN, ["rain", "storm"])


def test_no_tap_and_no_word_once_the_round_is_closed():
    with pytest.raises(RoundNotOpen):
        weather.check_tap(REVEALED, ["sunny"])
    with pytest.raises(RoundNotOpen):
        weather.check_word(CLOSED, 0)


def test_a_phone_adds_one_word():
    weather.check_word(OPEN, 0)
    with pytest.raises(TooManyTexts):
        weather.check_word(OPEN, 1)


def test_while_open_there_is_no_distribution_whatever_came_in():
    assert weather.distribution(OPEN, ["sunny"] * 10, answered=10, k=3) is None


def test_below_k_the_distribution_stays_hidden_after_the_close():
    assert weather.distribution(REVEALED, ["sunny", "storm"], answered=2, k=3) is None


def test_from_k_the_distribution_counts_every_weather_in_the_scales_order():
    shown = weather.distribution(REVEALED, ["rain", "sunny", "rain"], answered=3, k=3)

    assert list(shown) == list(weather.SCALE)
    assert shown == {"sunny": 1, "partly_cloudy": 0, "cloudy": 0, "rain": 2, "storm": 0}


@given(taps=st.lists(st.sampled_from(weather.SCALE), max_size=60),
       k=st.integers(min_value=0, max_value=10),
       status=st.sampled_from([OPEN, REVEALED, CLOSED]))
def test_the_tally_is_all_or_nothing_and_counts_each_tap_once(taps, k, status):
    shown = weather.distribution(status, taps, answered=len(taps), k=k)

    if status == OPEN or len(taps) < k:
        assert shown is None
    else:
        assert tuple(shown) == weather.SCALE
        assert shown == {w: Counter(taps)[w] for w in weather.SCALE}
        assert sum(shown.values()) == len(taps)
