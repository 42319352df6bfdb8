"""The session summary a facilitator sends to both sides of the table, built once as plain
data from plain data. Renderers (PDF, Markdown, JSON, HTML) only draw what is built here.

Each round kind adds itself: `@section_builder("poll")` registers a function that takes the
plain data of one round (see `RoundData`) and returns a section, or None to leave the round
out. A section carries two things:

- `data`: what the round decided, in the kind's own words (described per kind in
  docs/summary.schema.json), for whoever reads the JSON;
- `blocks`: the same, as generic shapes every renderer knows how to draw: a sub-heading, a
  paragraph, a fixed note, a list of items (with an optional count and sub-items), counts per choice, a list of pairs
  ("this, but also that"), an outcome with a note.

Labels in blocks are codes (`"polarities"`, `"conditions"`, ...) that the renderers translate;
they are never user text. Nothing here knows who said what: the plain data holds no
participant, and contributions come in display order (shuffled, never arrival order).
Off-the-record rounds never reach a builder.
"""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, Callable, Optional

from facilitation import feet as feet_rules
from facilitation import hiding
from facilitation import poll as poll_rules
from facilitation import weather as weather_rules
from facilitation.errors import SessionStillOpen
from facilitation.rounds import OPEN

SCHEMA = "deepdemocracy-summary/1"

# The plain data the shell gathers for one round:
# {"id", "kind", "position", "prompt", "status", "off_record",
#  "state": the round's state (seed removed),
#  "contributions": {stage: [{"id", "text", "resonance": int}]}  (display order),
#  "ballots": {stage: {choice: count}},
#  "answered": {stage: int},
#  "k": the session's threshold,
#  and per kind what its own service records, e.g. "poll": app.polls.record(round)}
RoundData = dict[str, Any]
Section = dict[str, Any]
Builder = Callable[[RoundData], Optional[Section]]

SECTION_BUILDERS: dict[str, Builder] = {}
# Kinds whose builder is told of an off-the-record round (that it took place, its topic, its
# start and end, nothing said in it); any other off-the-record round is left out entirely.
OFF_RECORD_BUILDERS: set[str] = set()

# The generic shapes a block can take; renderers draw these and nothing else.


def section_builder(kind: str, *, off_record: bool = False) -> Callable[[Builder], Builder]:
    """Registers the builder of one round kind's section; with `off_record`, it is given
    the bare facts of an off-the-record round of its kind (see `build`)."""

    def register(fn: Builder) -> Builder:
        SECTION_BUILDERS[kind] = fn
        if off_record:
            OFF_RECORD_BUILDERS.add(kind)
        return fn

    return register


# Generic blocks ---------------------------------------------------------------------------

def heading(text: str, label: str | None = None) -> dict:
    """A sub-heading inside a section (e.g. one run of a poll): a label code, a text, or both."""
    return {"type": "heading", "label": label, "text": text}


def paragraph(label: str | None, text: str) -> dict:
    return {"type": "paragraph", "label": label, "text": text}


def note(label: str) -> dict:
    """A fixed remark, by label code (e.g. "not_revealed")."""
    return {"type": "note", "label": label}


def item(text: str, count: int | None = None, count_label: str | None = None,
         items: list[str] | None = None) -> dict:
    entry: dict[str, Any] = {"text": text}
    if count is not None:
        entry["count"], entry["count_label"] = count, count_label
    if items:
        entry["items"] = list(items)
    return entry


def listing(label: str, items: list[dict], *, ordered: bool = False) -> dict:
    return {"type": "list", "label": label, "items": items, "ordered": ordered}


def counts(label: str, per_choice: list[tuple[str, int]], *, majority: str | None = None,
           typed: bool = False) -> dict:
    """Counts per choice; `choice` is a label code (yes, no, ...), or with `typed` an
    option's text as the facilitator typed it (never translated, even if it reads "no")."""
    block = {"type": "counts", "label": label,
             "counts": [{"choice": choice, "count": n} for choice, n in per_choice],
             "total": sum(n for _, n in per_choice), "majority": majority}
    if typed:
        block["typed"] = True
    return block


def pairs(label: str, pairs_: list[tuple[str, str]], joiner: str = "but_also") -> dict:
    return {"type": "pairs", "label": label, "joiner": joiner,
            "items": [{"left": left, "right": right} for left, right in pairs_]}


def outcome(value: str, note: str = "") -> dict:
    """A decision's outcome: "carried", or "step5" (not carried: the group goes into it)."""
    return {"type": "outcome", "outcome": value, "note": note}


# The summary ------------------------------------------------------------------------------

def build(session: dict, rounds: list[RoundData], attendance: list[str] | None = None) -> dict:
    """The whole summary. `session` is {"title", "question", "language", "date" (ISO),
    "participants": int}; `attendance` is a list of display names, given only when the
    facilitator asked for it, and kept in its own part, never next to a section."""
    sections = []
    for round_ in sorted(rounds, key=lambda r: r["position"]):
        if round_.get("off_record"):
            if round_["kind"] not in OFF_RECORD_BUILDERS:
                continue  # off the record: never written down, not even that it happened
            # Off the record: nothing said is written down. Its kind's builder (if any) gets
            # only that it took place: the topic and when it started and ended.
            state = round_.get("state") or {}
            round_ = {"kind": round_["kind"], "position": round_["position"],
                      "prompt": round_["prompt"], "status": round_["status"],
                      "off_record": True,
                      "state": {key: state[key] for key in ("started_at", "ended_at")
                                if key in state}}
        builder = SECTION_BUILDERS.get(round_["kind"])
        round_, hidden_count = without_hidden(round_)
        section = builder(round_) if builder else None
        if section and hidden_count:
            # Only how many: what was hidden from the screens is not written down either.
            section = {**section, "hidden": hidden_count,
                       "blocks": [*section["blocks"], paragraph("hidden", str(hidden_count))]}
        if section:
            sections.append({"kind": round_["kind"], "position": round_["position"], **section})
    summary = {
        "schema": SCHEMA,
        "title": session["title"],
        "date": session["date"],
        "question": session["question"],
        "language": session["language"],
        "participants": session["participants"],
        "sections": sections,
    }
    if attendance is not None:
        summary["attendance"] = sorted((n for n in attendance if n), key=str.casefold)
    return summary


def without_hidden(round_: RoundData) -> tuple[RoundData, int]:
    """The round's data without what the facilitator hid from the screens (its state's
    "hidden" ids: contributions of any stage, and the agenda's topics they became), and how
    many of its contributions were hidden."""
    ids = hiding.hidden(round_.get("state"))
    if not ids:
        return round_, 0
    contributions = round_.get("contributions") or {}
    present = [c["id"] for stage in contributions.values() for c in stage]
    state = dict(round_.get("state") or {})
    if "topics" in state:
        state["topics"] = hiding.without(state["topics"], ids)
    return ({**round_, "state": state,
             "contributions": {stage: hiding.without(found, ids)
                               for stage, found in contributions.items()}},
            hiding.count_hidden(round_.get("state"), present))


def share_until(status: str, now: datetime, days: int) -> datetime:
    """A summary is shared with participants once the session has ended, for `days` days."""
    if status != "ended":
        raise SessionStillOpen()
    return now + timedelta(days=max(1, days))


# The check-in -----------------------------------------------------------------------------

def _pole_text(pole: dict, texts: dict[str, str], groups: dict[str, dict]) -> str:
    if "text" in pole:
        return pole["text"]
    ref = pole.get("ref")
    if ref in groups:
        group = groups[ref]
        return group["label"] or " / ".join(texts.get(m, "") for m in group["members"])
    return texts.get(ref, "")


@section_builder("checkin")
@section_builder("checkout")
def checkin_section(round_: RoundData) -> Section:
    """The check-in (or the check-out): what was said (grouped where the facilitator grouped it), the polarities
    named, and the facilitator's summary. Before a reveal nothing was shown, so nothing is
    written down but the prompt."""
    state = round_.get("state") or {}
    revealed = round_["status"] != OPEN
    contributions = round_.get("contributions", {}).get(round_["kind"], []) if revealed else []
    texts = {c["id"]: c["text"] for c in contributions}
    shown = {c["id"]: i for i, c in enumerate(contributions)}
    groups = {g["id"]: g for g in state.get("groups", [])} if revealed else {}
    grouped = {m for g in groups.values() for m in g["members"]}
    polarities = [(_pole_text(p["left"], texts, groups), _pole_text(p["right"], texts, groups))
                  for p in state.get("polarities", [])] if revealed else []
    summary_text = state.get("summary", "") if revealed else ""

    data = {
        "prompt": round_["prompt"],
        "revealed": revealed,
        "groups": [{"label": g["label"],
                    "contributions": [texts[m] for m in sorted(
                        (m for m in g["members"] if m in texts), key=shown.__getitem__)]}
                   for g in groups.values()],
        "contributions": [c["text"] for c in contributions if c["id"] not in grouped],
        "polarities": [{"left": left, "right": right} for left, right in polarities],
        "summary": summary_text,
    }
    blocks: list[dict] = []
    if not revealed:
        blocks.append(note("not_revealed"))
    if data["groups"]:
        blocks.append(listing("groups", [item(g["label"] or "…", items=g["contributions"])
                                         for g in data["groups"]]))
    if data["contributions"]:
        blocks.append(listing("contributions", [item(text) for text in data["contributions"]]))
    if polarities:
        blocks.append(pairs("polarities", polarities))
    if summary_text:
        blocks.append(paragraph("facilitator_summary", summary_text))
    return {"title": round_["prompt"], "data": data, "blocks": blocks}


# Polls ------------------------------------------------------------------------------------
#
# The gatherer (app/summary.py) adds the poll's record as plain data under "poll", the
# output of `app.polls.record(round)`:
#   {"proposal": str, "labels": {option id: typed label} (empty for yes / a bit of no / no),
#    "runs": [{"n": int, "step": str, "mode": "poll" | "single", "answered": int,
#              "counts": {option id: int} | None, "ties": [{"counts": {...}, "total": int}],
#              "result": {"winners": [id], "minority": [id], "tie": bool} | None,
#              "nos": [{"text": str, "shared": int}],   (display order)
#              "conditions": [str], "conditions_open": bool,
#              "outcome": "carried" | "step5" | None, "note": str, ...}]}
# The builder presents what the poll decided; it counts nothing itself. It writes down only
# what the group was shown: the no's once spread, the conditions once closed, and counts of a
# closed vote that at least k people answered.

VOTING, TIED = "vote", "tie"


def _choice(option: str, labels: dict[str, str]) -> str:
    """An answer as the summary names it: a code for yes / a bit of no / no (translated by
    the renderers), a multiple-choice option by its typed label."""
    return labels.get(option, option)


def _poll_run(run: dict, labels: dict[str, str], k: int) -> tuple[dict, list[dict]]:
    step = run.get("step", "")
    typed = run.get("mode") == "single"
    closed = step != VOTING
    answered = int(run.get("answered") or 0)
    shown = closed and answered >= k and run.get("counts") is not None
    result = run.get("result") or {}
    winners = list(result.get("winners") or [])
    majority = (_choice(winners[0], labels)
                if closed and len(winners) == 1 and not result.get("tie") else None)
    nos = ([{"text": n["text"], "resonance": int(n.get("shared") or 0)}
            for n in run.get("nos") or []] if step in poll_rules.SPREAD_AND_AFTER else [])
    conditions = (list(run.get("conditions") or [])
                  if step == poll_rules.steps.DECIDED
                  or (step == poll_rules.steps.MINORITY and not run.get("conditions_open"))
                  else [])
    per_choice = ({_choice(o, labels): int(n) for o, n in run["counts"].items()}
                  if shown else None)
    ties = [{_choice(o, labels): int(n) for o, n in tie["counts"].items()}
            for tie in run.get("ties") or [] if tie.get("counts") is not None
            and int(tie.get("total") or 0) >= k]
    data = {
        "n": int(run.get("n") or 1),
        "closed": closed,
        "answered": answered,
        "counts": per_choice,
        "ties": ties,
        "majority": majority,
        "minority": [_choice(o, labels) for o in result.get("minority") or []] if closed else [],
        "nos": nos,
        "conditions": conditions,
        "outcome": run.get("outcome"),
        "note": run.get("note") or "",
    }
    blocks: list[dict] = []
    for tie in ties:
        blocks.append(counts("tied_vote", list(tie.items()), typed=typed))
    if not closed:
        blocks.append(note("vote_open"))
    elif per_choice is None:
        blocks.append(note("counts_hidden"))
    else:
        blocks.append(counts("votes", list(per_choice.items()), majority=majority,
                             typed=typed))
    if closed and step == TIED:
        blocks.append(note("tie"))
    if nos:
        blocks.append(listing("nos", [item(n["text"], n["resonance"], "resonance")
                                      for n in nos]))
    if conditions:
        blocks.append(listing("conditions", [item(c) for c in conditions]))
    if data["outcome"]:
        blocks.append(outcome(data["outcome"], data["note"]))
    return data, blocks


@section_builder("poll")
def poll_section(round_: RoundData) -> Section | None:
    """A "seek the no" poll: the proposal, and every run with its counts, the majority, the
    no's with how many share a bit of each, the minority's conditions and the outcome."""
    record = round_.get("poll")
    if not record:
        return None
    labels = dict(record.get("labels") or {})
    proposal = record.get("proposal") or round_["prompt"]
    runs = record.get("runs") or []
    data = {"proposal": proposal, "options": list(labels.values()), "runs": []}
    blocks: list[dict] = []  # the proposal is the section's title
    for run in runs:
        run_data, run_blocks = _poll_run(run, labels, int(round_.get("k") or 0))
        data["runs"].append(run_data)
        if len(runs) > 1:
            blocks.append(heading(str(run_data["n"]), "run"))
        blocks += run_blocks
    return {"title": proposal, "data": data, "blocks": blocks}


# The agenda (round kind "topics") ----------------------------------------------------------
#
# The round's state (plain data, kept with the round, as `facilitation.agenda` writes it):
#   "topics": [{"id", "wording" (the facilitator's, may be ""), "sources": [texts as typed,
#               more than one once merged], "origin"?: "no" | "facilitator"}]
#             (step 1: gathered, in display order; set when the round is revealed)
#   "decision": the step machine's decision (`facilitation.decision.to_json`), whose
#               "outcome" and "note" say how steps 2-4 ended,
#   "agenda": [topic ids, in the order decided] once the vote has closed.
# From the gatherer: "contributions" per stage (the no's of stage "no" with resonance
# counts, the conditions of stage "condition"), "ballots" per stage ({topic id: votes} for
# stage "vote") and "answered" per stage.

def _topic_title(topic: dict) -> str:
    sources = topic.get("sources") or [""]
    return topic.get("wording") or sources[0]


@section_builder("topics")
def agenda_section(round_: RoundData) -> Section:
    """The agenda: the topics gathered (every wording kept), and once decided, their order,
    the minority's conditions and the outcome."""
    state = round_.get("state") or {}
    contributions = round_.get("contributions") or {}
    revealed = round_["status"] != OPEN
    topics = [t for t in state.get("topics") or [] if isinstance(t, dict) and "id" in t]
    by_id = {t["id"]: t for t in topics}
    decision = state.get("decision") or {}
    outcome_ = decision.get("outcome")
    decided = "agenda" in state or bool(outcome_)

    order = [tid for tid in state.get("agenda") or [] if tid in by_id] if decided else []
    order += [t["id"] for t in topics if t["id"] not in order]
    votes: dict[str, int] = {}
    ballots = (round_.get("ballots") or {}).get("vote") if decided else None
    if ballots and int((round_.get("answered") or {}).get("vote", 0)) >= int(round_.get("k") or 0):
        votes = {tid: int(n) for tid, n in ballots.items() if tid in by_id}

    def topic_data(tid: str) -> dict:
        topic = by_id[tid]
        entry: dict[str, Any] = {"text": _topic_title(topic),
                                 "sources": list(topic.get("sources") or [])}
        if topic.get("origin"):
            entry["origin"] = topic["origin"]
        if votes:
            entry["votes"] = votes.get(tid, 0)
        return entry

    conditions = [c["text"] for c in contributions.get("condition") or []]
    nos = [{"text": c["text"], "resonance": int(c.get("resonance") or 0)}
           for c in contributions.get("no") or []] if decided else []

    data = {
        "revealed": revealed,
        "decided": decided,
        "topics": [topic_data(tid) for tid in order] if revealed else [],
        "nos": nos,
        "conditions": conditions if decided else [],
        "outcome": outcome_ if outcome_ in ("carried", "step5") else None,
        "note": (decision.get("note") or "") if outcome_ else "",
    }

    def topic_item(entry: dict) -> dict:
        wordings = [s for s in entry["sources"] if s != entry["text"]]
        return item(entry["text"], entry.get("votes"), "votes" if "votes" in entry else None,
                    items=wordings)

    blocks: list[dict] = []
    if not revealed:
        blocks.append(note("not_revealed"))
    elif data["topics"]:
        blocks.append(listing("topics_decided" if decided else "topics_gathered",
                              [topic_item(t) for t in data["topics"]], ordered=decided))
    if nos:
        blocks.append(listing("nos", [item(n["text"], n["resonance"], "resonance")
                                      for n in nos]))
    if data["conditions"]:
        blocks.append(listing("conditions", [item(c) for c in data["conditions"]]))
    if data["outcome"]:
        blocks.append(outcome(data["outcome"], data["note"]))
    return {"title": round_["prompt"], "data": data, "blocks": blocks}


# The weather report -------------------------------------------------------------------------
#
# From the gatherer: "ballots" {"weather": {weather: taps}}, "answered" {"weather": how many
# tapped}, "contributions" {"word": the words, shuffled}. Written down only what the group was
# shown: nothing while open, the distribution only from k, the words once closed.

@section_builder(weather_rules.KIND)
def weather_section(round_: RoundData) -> Section:
    """The weather report: how many tapped each weather (from k) and the words."""
    closed = round_["status"] != OPEN
    answered = int((round_.get("answered") or {}).get(weather_rules.TAP, 0))
    taps = (round_.get("ballots") or {}).get(weather_rules.TAP) or {}
    shown = weather_rules.distribution(
        round_["status"], [w for w, n in taps.items() for _ in range(int(n))],
        answered, int(round_.get("k") or 0))
    words = [c["text"] for c in (round_.get("contributions") or {}).get(weather_rules.WORD, [])
             ] if closed else []
    data = {"prompt": round_["prompt"], "closed": closed, "answered": answered if closed else 0,
            "counts": shown, "words": words}
    blocks: list[dict] = []
    if not closed:
        blocks.append(note("weather_open"))
    elif shown is None:
        blocks.append(note("counts_hidden"))
    else:
        blocks.append(counts("weather_counts", list(shown.items())))
    if words:
        blocks.append(listing("weather_words", [item(w) for w in words]))
    return {"title": round_["prompt"], "data": data, "blocks": blocks}


# The discussion on feet -----------------------------------------------------------------------

def _moment(value: Any) -> datetime | None:
    try:
        return datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


@section_builder(feet_rules.KIND, off_record=True)
def feet_section(round_: RoundData) -> Section:
    """A discussion on feet: only that it took place, on which topic, and for how long. It
    was off the record; nothing said in it was ever written down (the builder never sees it).
    A round lost with a restart of the server has no end, so no length."""
    state = round_.get("state") or {}
    length = feet_rules.minutes(_moment(state.get("started_at")), _moment(state.get("ended_at")))
    blocks = [note("feet_off_record")]
    if length is not None:
        blocks.append(paragraph("feet_duration", f"{length} min"))
    return {"title": round_["prompt"],
            "data": {"topic": round_["prompt"], "minutes": length},
            "blocks": blocks}


# Step 5 -------------------------------------------------------------------------------------
#
# The gatherer adds the round's record under "step5" (`app.views.step5.record`):
#   {"proposal", "phase", "labels" {option: its words} (empty for yes / a bit of no / no),
#    "first": {"options", "mode", "counts" | None, "total", "result", "note"},
#    "insights": [texts, shuffled] (once shown), "again": {"options", "mode", "counts",
#    "total", "answered", "result", "closed"}}.
# Both runs of the decision are written down (counts only from k) with the insights; the
# heat never is: it was never stored, and the record says so.

def _run_counts(run: dict, labels: dict[str, str], k: int, answered: int) -> tuple[
        dict | None, str | None]:
    result = run.get("result") or {}
    winners = list(result.get("winners") or [])
    majority = (_choice(winners[0], labels) if len(winners) == 1 and not result.get("tie")
                else None)
    if run.get("counts") is None or answered < k:
        return None, majority
    return {_choice(o, labels): int(n) for o, n in run["counts"].items()}, majority


@section_builder("step5")
def step5_section(round_: RoundData) -> Section | None:
    """Step 5: the decision as first voted (and why it was not carried), that the heat took
    place off the record, the insights, and the decision put again."""
    record = round_.get("step5")
    if not record:
        return None
    k = int(round_.get("k") or 0)
    labels = dict(record.get("labels") or {})
    first, again = record.get("first") or {}, record.get("again") or {}
    typed = bool(labels)
    first_counts, first_majority = _run_counts(first, labels, k, int(first.get("total") or 0))
    closed = bool(again.get("closed"))
    again_counts, again_majority = _run_counts(again, labels, k,
                                               int(again.get("answered") or 0)) \
        if closed else (None, None)
    insights = list(record.get("insights") or [])
    data = {
        "proposal": record.get("proposal") or round_["prompt"],
        "first": {"counts": first_counts, "majority": first_majority,
                  "note": first.get("note") or ""},
        "insights": insights,
        "again": {"closed": closed, "counts": again_counts,
                  "majority": again_majority if closed else None,
                  "tie": bool(closed and (again.get("result") or {}).get("tie"))},
    }
    blocks: list[dict] = [heading("", "first_run")]
    if first_counts is None:
        blocks.append(note("counts_hidden"))
    else:
        blocks.append(counts("votes", list(first_counts.items()), majority=first_majority,
                             typed=typed))
    blocks.append(outcome("step5", data["first"]["note"]))
    blocks.append(note("heat_off_record"))
    if insights:
        blocks.append(listing("insights", [item(text) for text in insights]))
    blocks.append(heading("", "put_again"))
    if not closed:
        blocks.append(note("vote_open"))
    elif again_counts is None:
        blocks.append(note("counts_hidden"))
    else:
        blocks.append(counts("votes", list(again_counts.items()), majority=again_majority,
                             typed=typed))
        if data["again"]["tie"]:
            blocks.append(note("tie"))
    return {"title": data["proposal"], "data": data, "blocks": blocks}
