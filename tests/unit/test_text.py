import pytest

from facilitation.errors import EmptyText, TextTooLong
from facilitation.text import clean_text


def test_a_contribution_is_stripped_of_surrounding_space():
    text = "  we need more trust \n"

    cleaned = clean_text(text)

    assert cleaned == "we need more trust"


def test_a_blank_contribution_is_refused():
    with pytest.raises(EmptyText):
        clean_text(" \n\t ")


def test_a_contribution_over_the_limit_is_refused():
    text = "x" * 11

    with pytest.raises(TextTooLong) as refused:
        clean_text(text, limit=10)

    assert refused.value.limit == 10
    assert "10" in refused.value.message


def test_a_contribution_exactly_at_the_limit_is_kept():
    text = " " + "x" * 10 + " "

    cleaned = clean_text(text, limit=10)

    assert cleaned == "x" * 10
