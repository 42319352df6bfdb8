"""The run sheet: the rounds a facilitator plans for a session, in order, each with its kind,
prompt, planned minutes and a private note (the facilitator's script: it is never shown on
the beamer or the phones, nor put in the summary).

An item is a plain dict: {"id", "kind", "prompt", "minutes", "note", "skipped", "round"}.
`round` is the id of the round it started (None until then). During the session each item
is done, now, next, planned or skipped (`stages`); starting the next round is one move
(`next_item`, then `start`). Items not started yet can still be edited, skipped, moved or
removed; a started item keeps its place, and only its note and minutes can change."""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from facilitation.errors import N_, EmptyText, MethodError, TextTooLong
from facilitation.kinds import KINDS
from facilitation.rounds import CLOSED

Item = dict[str, Any]

PROMPT_LIMIT = 500
NOTE_LIMIT = 2000
MAX_MINUTES = 240
MAX_ITEMS = 40
NAME_LIMIT = 80

DONE, NOW, NEXT, PLANNED, SKIPPED = "done", "now", "next", "planned", "skipped"
UP, DOWN = "up", "down"


class RunSheetError(MethodError):
    code = "run_sheet"
    message = "That is not possible on the run sheet."


class UnknownItem(RunSheetError):
    code = "unknown_item"
    message = "That item is not on the run sheet."


class ItemStarted(RunSheetError):
    code = "item_started"
    message = "This round has already started."


# --- templates -----------------------------------------------------------------------------
# Each template item: (kind, prompt {language: text}, minutes, note {language: text}).
# An empty prompt means the kind's own default question. A kind this app does not (yet)
# have is left out when the template is expanded, so a template may name kinds that are
# still to come ("feet", the discussion on feet; "step5").

def _t(nl: str, en: str) -> dict[str, str]:
    return {"nl": nl, "en": en}


TEMPLATES: dict[str, list[tuple[str, dict[str, str], int, dict[str, str]]]] = {
    "client_supplier": [
        ("checkin", _t("Hoe kom je binnen, en wat is belangrijk voor jou aan deze samenwerking?",
                       "How do you arrive, and what matters to you about this collaboration?"),
         15, _t("Iedereen deelt, niemand reageert. Vat samen zonder namen; noem de "
                "polariteiten: dit, maar ook dat.",
                "Everyone shares, nobody reacts. Summarise without names; name the polarities: "
                "this, but also that.")),
        ("topics", _t("", ""), 45,
         _t("Agenda met stap 1-3: verzamel, zoek de nee, verspreid de nee. Daarna welk "
            "onderwerp eerst, met stap 4: stemmen en de wijsheid van de minderheid.",
            "Agenda with steps 1-3: gather, seek the no, spread the no. Then which topic first, "
            "with step 4: the vote and the wisdom of the minority.")),
        ("feet", _t("", ""), 30,
         _t("Gesprek op voeten over het eerste onderwerp. Hiervan worden geen notities gemaakt.",
            "Discussion on feet about the first topic. No notes are taken of this round.")),
        ("poll", _t("We pakken het eerste onderwerp samen op en bespreken over vier weken wat "
                    "het heeft opgeleverd.",
                    "We take up the first topic together and review what it brought in four "
                    "weeks."),
         20, _t("Zoek de nee: wie ziet het anders? Vraag de minderheid wat ze nodig heeft om "
                "mee te gaan.",
                "Seek the no: who sees it differently? Ask the minority what it needs to come "
                "along.")),
        ("checkout", _t("", ""), 10,
         _t("Vat samen wat er leeft in de groep; bedank beide delegaties.",
            "Summarise where the group is; thank both delegations.")),
    ],
    "checkin_only": [
        ("checkin", _t("", ""), 15,
         _t("Iedereen deelt, niemand reageert. Noem daarna de polariteiten.",
            "Everyone shares, nobody reacts. Then name the polarities.")),
    ],
    "one_decision": [
        ("checkin", _t("", ""), 10, _t("Kort: hoe kom je binnen?", "Briefly: how do you arrive?")),
        ("poll", _t("Het voorstel (pas dit aan voor de sessie).",
                    "The proposal (change this for the session)."), 30,
         _t("Stap 1-4: stem, zoek de nee, verspreid de nee, voeg de wijsheid van de "
            "minderheid toe.",
            "Steps 1-4: vote, seek the no, spread the no, add the wisdom of the minority.")),
        ("checkout", _t("", ""), 10, _t("", "")),
    ],
}
TEMPLATE_NAMES = tuple(TEMPLATES)


def expand(template: str, language: str, new_id: Callable[[], str],
           kinds: Iterable[str] | None = None) -> list[Item]:
    """A built-in template's items in the session's language; kinds that do not exist
    (yet) are skipped."""
    if template not in TEMPLATES:
        raise RunSheetError(N_("There is no such template."))
    known = set(KINDS if kinds is None else kinds)
    return [_new(new_id(), kind, prompt.get(language, prompt["en"]), minutes,
                 note.get(language, note["en"]))
            for kind, prompt, minutes, note in TEMPLATES[template] if kind in known]


def from_saved(saved: list[Mapping[str, Any]], new_id: Callable[[], str],
               kinds: Iterable[str] | None = None) -> list[Item]:
    """A template the facilitator saved, as fresh items (kinds gone since are skipped)."""
    known = set(KINDS if kinds is None else kinds)
    return [item(new_id(), entry.get("kind"), entry.get("prompt", ""),
                 entry.get("minutes", 0), entry.get("note", ""), kinds=known)
            for entry in saved if entry.get("kind") in known]


def to_saved(items: list[Item]) -> list[Item]:
    """What a saved template keeps of a run sheet: the plan, not what happened."""
    if not items:
        raise RunSheetError(N_("The run sheet is empty: add a round first."))
    return [{"kind": i["kind"], "prompt": i["prompt"], "minutes": i["minutes"],
             "note": i["note"]} for i in items]


def template_name(name: Any) -> str:
    if not isinstance(name, str) or not name.strip():
        raise EmptyText()
    name = " ".join(name.split())
    if len(name) > NAME_LIMIT:
        raise TextTooLong(NAME_LIMIT)
    return name


# --- items ---------------------------------------------------------------------------------

def _new(item_id: str, kind: str, prompt: str, minutes: int, note: str) -> Item:
    return {"id": item_id, "kind": kind, "prompt": prompt, "minutes": minutes, "note": note,
            "skipped": False, "round": None}


def _text(value: Any, limit: int) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise RunSheetError(N_("That is not text."))
    value = value.strip()
    if len(value) > limit:
        raise TextTooLong(limit)
    return value


def _minutes(value: Any) -> int:
    if value in (None, ""):
        return 0
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise RunSheetError(N_("Minutes must be a whole number from 0 to 240."))
    try:
        minutes = int(value)
    except ValueError:
        raise RunSheetError(N_("Minutes must be a whole number from 0 to 240.")) from None
    if minutes != float(value) or not 0 <= minutes <= MAX_MINUTES:
        raise RunSheetError(N_("Minutes must be a whole number from 0 to 240."))
    return minutes


def _kind(kind: Any, kinds: Iterable[str] | None) -> str:
    if not isinstance(kind, str) or kind not in set(KINDS if kinds is None else kinds):
        raise RunSheetError(N_("There is no such round kind."))
    return kind


def _check_prompt(kind: str, prompt: str) -> None:
    """A kind without a default question (a poll's proposal) needs its prompt typed."""
    if (not prompt and kind in KINDS and not KINDS[kind].default_prompt
            and not KINDS[kind].from_decision):
        raise RunSheetError(N_("This round needs its proposal written out."))


def item(item_id: str, kind: Any, prompt: Any, minutes: Any, note: Any, *,
         kinds: Iterable[str] | None = None) -> Item:
    """A new planned item, checked."""
    kind = _kind(kind, kinds)
    prompt = _text(prompt, PROMPT_LIMIT)
    _check_prompt(kind, prompt)
    return _new(item_id, kind, prompt, _minutes(minutes), _text(note, NOTE_LIMIT))


def _index(items: list[Item], item_id: Any) -> int:
    for index, entry in enumerate(items):
        if entry["id"] == item_id:
            return index
    raise UnknownItem()


def _not_started(entry: Item) -> None:
    if entry["round"] is not None:
        raise ItemStarted()


def insert(items: list[Item], new: Item, after: Any = None) -> list[Item]:
    """`new` after the item `after` (None: at the end), never before a started item."""
    if len(items) >= MAX_ITEMS:
        raise RunSheetError(N_("A run sheet holds at most 40 rounds."))
    at = len(items) if after is None else _index(items, after) + 1
    while at < len(items) and items[at]["round"] is not None:
        at += 1  # what has started stays ahead of what is still to come
    return [*items[:at], new, *items[at:]]


def edit(items: list[Item], item_id: Any, changes: Mapping[str, Any], *,
         kinds: Iterable[str] | None = None) -> list[Item]:
    """Changes an item. A started item's kind and prompt are what the round was opened
    with, so only its minutes and note can change."""
    index = _index(items, item_id)
    entry = dict(items[index])
    if "kind" in changes or "prompt" in changes:
        _not_started(entry)
    if "kind" in changes:
        entry["kind"] = _kind(changes["kind"], kinds)
    if "prompt" in changes:
        entry["prompt"] = _text(changes["prompt"], PROMPT_LIMIT)
    if "kind" in changes or "prompt" in changes:
        _check_prompt(entry["kind"], entry["prompt"])
    if "minutes" in changes:
        entry["minutes"] = _minutes(changes["minutes"])
    if "note" in changes:
        entry["note"] = _text(changes["note"], NOTE_LIMIT)
    return [*items[:index], entry, *items[index + 1:]]


def move(items: list[Item], item_id: Any, direction: Any) -> list[Item]:
    """One place up or down, among the items not started yet."""
    if direction not in (UP, DOWN):
        raise RunSheetError(N_("An item moves up or down."))
    index = _index(items, item_id)
    _not_started(items[index])
    other = index - 1 if direction == UP else index + 1
    if not 0 <= other < len(items) or items[other]["round"] is not None:
        raise RunSheetError(N_("This item cannot move further that way."))
    moved = list(items)
    moved[index], moved[other] = moved[other], moved[index]
    return moved


def skip(items: list[Item], item_id: Any, skipped: bool = True) -> list[Item]:
    """Skips an item not started yet (or takes it back in)."""
    index = _index(items, item_id)
    _not_started(items[index])
    return [*items[:index], {**items[index], "skipped": bool(skipped)}, *items[index + 1:]]


def remove(items: list[Item], item_id: Any) -> list[Item]:
    index = _index(items, item_id)
    _not_started(items[index])
    return [*items[:index], *items[index + 1:]]


def next_item(items: list[Item]) -> Item | None:
    """The first item neither started nor skipped."""
    return next((i for i in items if i["round"] is None and not i["skipped"]), None)


def check_startable(items: list[Item], item_id: Any) -> Item:
    entry = items[_index(items, item_id)]
    _not_started(entry)
    if entry["skipped"]:
        raise RunSheetError(N_("This item is skipped: take it back in first."))
    _check_prompt(entry["kind"], entry["prompt"])
    return entry


def start(items: list[Item], item_id: Any, round_id: str) -> list[Item]:
    """The item's round has been opened: it is now on the sheet as started."""
    check_startable(items, item_id)
    index = _index(items, item_id)
    started = {**items[index], "round": round_id}
    # What has started moves ahead of what is still to come (starting an item out of order).
    rest = [*items[:index], *items[index + 1:]]
    at = 0
    while at < len(rest) and rest[at]["round"] is not None:
        at += 1
    return [*rest[:at], started, *rest[at:]]


def stages(items: list[Item], current_round: str | None, current_status: str | None
           ) -> dict[str, str]:
    """Each item's place in the session: done, now (its round is the live one, not closed),
    next (the one the next click starts), planned or skipped."""
    upcoming = next_item(items)
    result = {}
    for entry in items:
        if entry["round"] is not None:
            live = entry["round"] == current_round and current_status != CLOSED
            result[entry["id"]] = NOW if live else DONE
        elif entry["skipped"]:
            result[entry["id"]] = SKIPPED
        elif upcoming is not None and entry["id"] == upcoming["id"]:
            result[entry["id"]] = NEXT
        else:
            result[entry["id"]] = PLANNED
    return result
