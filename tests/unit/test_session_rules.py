import random

import pytest

from facilitation import session
from facilitation.errors import EmptyText, TextTooLong


def test_join_codes_avoid_characters_that_are_misread_on_a_beamer():
    rng = random.Random(7)

    codes = {session.new_join_code(rng) for _ in range(500)}

    assert len(codes) == 500
    assert not any(set(code) & set("01OIL") for code in codes)
    assert all(len(code) == session.JOIN_CODE_LENGTH for code in codes)


@pytest.mark.parametrize("typed", ["abc234", " ab c-2 34 ", "ABC234"])
def test_a_typed_join_code_is_read_the_way_the_person_meant_it(typed):
    assert session.normalise_join_code(typed) == "ABC234"


def test_an_empty_display_name_means_no_name():
    assert session.clean_display_name("   ") is None
    assert session.clean_display_name(None) is None


def test_a_display_name_is_trimmed_and_its_spaces_folded():
    assert session.clean_display_name("  Anna   de  Vries ") == "Anna de Vries"


def test_an_oversize_display_name_is_refused():
    with pytest.raises(TextTooLong):
        session.clean_display_name("x" * 41, limit=40)


def test_a_session_needs_a_title():
    with pytest.raises(EmptyText):
        session.clean_title("   ")
