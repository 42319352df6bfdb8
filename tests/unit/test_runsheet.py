"""The run sheet's rules: templates expand in the session's language (kinds that do not
exist are left out), the next round is the first neither started nor skipped, items not
started can be moved, skipped, edited and removed, and started ones keep their place."""
import itertools

import pytest

from facilitation import runsheet
from facilitation.errors import TextTooLong
from facilitation.kinds import KINDS


def ids():
    counter = itertools.count(1)
    return lambda: f"i{next(counter)}"


def sheet(*kinds):
    new_id = ids()
    return [runsheet.item(new_id(), kind, "Het voorstel" if kind == "poll" else "", 5, "")
            for kind in kinds]


def test_client_and_supplier_has_the_shape_of_the_seed_session_in_dutch_and_english():
    dutch = runsheet.expand("client_supplier", "nl", ids(), kinds=[*KINDS, "feet"])
    english = runsheet.expand("client_supplier", "en", ids(), kinds=[*KINDS, "feet"])

    assert [i["kind"] for i in dutch] == ["checkin", "topics", "feet", "poll", "checkout"]
    assert [i["kind"] for i in english] == [i["kind"] for i in dutch]
    assert dutch[0]["prompt"].startswith("Hoe kom je binnen")
    assert english[0]["prompt"].startswith("How do you arrive")
    assert "stap 1-3" in dutch[1]["note"] and "steps 1-3" in english[1]["note"]
    assert dutch[3]["prompt"] and english[3]["prompt"]  # a poll's proposal is written out
    assert all(i["round"] is None and not i["skipped"] for i in dutch)


def test_a_kind_the_app_does_not_have_is_left_out_of_a_template():
    items = runsheet.expand("client_supplier", "en", ids(),
                            kinds=["checkin", "topics", "poll", "checkout"])

    assert [i["kind"] for i in items] == ["checkin", "topics", "poll", "checkout"]


def test_the_feet_item_follows_the_agenda_when_the_app_has_that_kind():
    items = runsheet.expand("client_supplier", "en", ids())

    kinds = [i["kind"] for i in items]
    assert ("feet" in kinds) == ("feet" in KINDS)
    assert all(kind in KINDS for kind in kinds)


@pytest.mark.parametrize("template", runsheet.TEMPLATE_NAMES)
@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_template_expands_to_rounds_that_can_start(template, language):
    items = runsheet.expand(template, language, ids())

    assert items
    for entry in items:
        assert runsheet.check_startable(items, entry["id"]) == entry


def test_an_unknown_template_is_refused():
    with pytest.raises(runsheet.RunSheetError):
        runsheet.expand("nope", "nl", ids())


def test_the_next_round_is_the_first_neither_started_nor_skipped():
    items = sheet("checkin", "topics", "poll", "checkout")
    items = runsheet.start(items, "i1", "r1")
    items = runsheet.skip(items, "i2")

    assert runsheet.next_item(items)["id"] == "i3"
    assert runsheet.stages(items, "r1", "open") == {
        "i1": "now", "i2": "skipped", "i3": "next", "i4": "planned"}
    assert runsheet.stages(items, "r1", "closed")["i1"] == "done"
    assert runsheet.stages(items, "r9", "open")["i1"] == "done"


def test_a_skipped_item_can_be_taken_back_in():
    items = runsheet.skip(runsheet.skip(sheet("checkin", "poll"), "i1"), "i1", False)

    assert runsheet.next_item(items)["id"] == "i1"


def test_items_move_up_and_down_but_not_past_a_started_one_or_the_ends():
    items = runsheet.start(sheet("checkin", "topics", "poll"), "i1", "r1")

    items = runsheet.move(items, "i3", "up")
    assert [i["id"] for i in items] == ["i1", "i3", "i2"]
    with pytest.raises(runsheet.RunSheetError):
        runsheet.move(items, "i3", "up")  # the check-in has started
    with pytest.raises(runsheet.RunSheetError):
        runsheet.move(items, "i2", "down")
    with pytest.raises(runsheet.ItemStarted):
        runsheet.move(items, "i1", "down")
    with pytest.raises(runsheet.RunSheetError):
        runsheet.move(items, "i2", "sideways")


def test_a_started_item_keeps_its_kind_and_prompt_but_its_note_and_minutes_may_change():
    items = runsheet.start(sheet("checkin", "poll"), "i1", "r1")

    items = runsheet.edit(items, "i1", {"note": "Langzamer praten", "minutes": "12"})
    assert (items[0]["note"], items[0]["minutes"]) == ("Langzamer praten", 12)
    for change in ({"prompt": "Anders"}, {"kind": "weather"}):
        with pytest.raises(runsheet.ItemStarted):
            runsheet.edit(items, "i1", change)
    with pytest.raises(runsheet.ItemStarted):
        runsheet.skip(items, "i1")
    with pytest.raises(runsheet.ItemStarted):
        runsheet.remove(items, "i1")
    with pytest.raises(runsheet.ItemStarted):
        runsheet.start(items, "i1", "r2")


def test_starting_an_item_out_of_order_puts_it_after_what_has_started():
    items = runsheet.start(sheet("checkin", "topics", "poll"), "i3", "r1")

    assert [i["id"] for i in items] == ["i3", "i1", "i2"]
    assert runsheet.next_item(items)["id"] == "i1"


def test_an_insert_lands_after_the_given_item_and_never_before_a_started_one():
    items = runsheet.start(sheet("checkin", "poll"), "i1", "r1")
    new = runsheet.item("new", "weather", "", 5, "")

    assert [i["id"] for i in runsheet.insert(items, new)] == ["i1", "i2", "new"]
    assert [i["id"] for i in runsheet.insert(items, new, "i1")] == ["i1", "new", "i2"]
    with pytest.raises(runsheet.UnknownItem):
        runsheet.insert(items, new, "nope")


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_round_kind_there_is_can_be_put_on_the_run_sheet(kind):
    entry = runsheet.item("x", kind, "Een vraag", 10, "Noot")

    assert entry["kind"] == kind


@pytest.mark.parametrize("kind, prompt, minutes, note", [
    ("nope", "", 5, ""),
    (None, "", 5, ""),
    ("poll", "", 5, ""),  # a poll's proposal must be written out
    ("checkin", "x" * 501, 5, ""),
    ("checkin", "", -1, ""),
    ("checkin", "", 241, ""),
    ("checkin", "", 2.5, ""),
    ("checkin", "", "tien", ""),
    ("checkin", "", True, ""),
    ("checkin", 12, 5, ""),
    ("checkin", "", 5, "x" * 2001),
])
def test_a_bad_item_is_refused(kind, prompt, minutes, note):
    with pytest.raises((runsheet.RunSheetError, TextTooLong)):
        runsheet.item("x", kind, prompt, minutes, note)


def test_a_saved_template_keeps_the_plan_not_what_happened():
    items = runsheet.start(sheet("checkin", "poll"), "i1", "r1")
    items = runsheet.edit(items, "i2", {"note": "Geheim script"})

    saved = runsheet.to_saved(items)
    again = runsheet.from_saved(saved, ids())
    assert [(i["kind"], i["note"], i["round"]) for i in again] == [
        ("checkin", "", None), ("poll", "Geheim script", None)]
    with pytest.raises(runsheet.RunSheetError):
        runsheet.to_saved([])
