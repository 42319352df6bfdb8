"""What phones send in a weather report: a tap (a ballot of one weather, under a receipt the
phone keeps; the same receipt changes it) and an optional word (an anonymous contribution,
one per phone). Both are requests for the one write path (`app.store.writer`); the rules are
`facilitation.weather`'s and, for one ballot per phone, `facilitation.rounds`'. A tap sends
console, projector and phones `round:tallied`: how many answered, never what; a word is
announced to nobody."""
from __future__ import annotations

from typing import Any

from flask import current_app

from app import broadcast
from app.errors import Malformed
from app.store import writer
from facilitation import rounds, weather
from facilitation.errors import WrongReceipt
from facilitation.text import clean_text


def _weather_round(batch: writer.Batch, request: writer.Request) -> Any:
    batch.open_session(request.identity.session_id)
    round_ = batch.round(request)
    if round_.kind != weather.KIND:
        raise Malformed("not a weather report")
    return round_


def tap_request(identity, payload: dict) -> writer.Request:
    """Sent by a phone: `choices`, one weather of the scale, under a receipt it keeps."""
    return writer.Request(apply_tap, identity, payload.get("round"), payload.get("receipt"),
                          payload.get("choices"))


def apply_tap(batch: writer.Batch, request: writer.Request) -> dict:
    round_ = _weather_round(batch, request)
    participant = request.identity.participant_id
    key = request.key
    if batch.ballot_stage(key, round_.id, request.value) == weather.TAP:
        # the same tap again, a retry after a reconnect: answered as the first was, even
        # after the close; nothing changes
        return {"changed": False, "roll": batch.roll_token(round_.id, participant, weather.TAP)}
    choice = weather.check_tap(round_.status, request.value)
    found = batch.ballots(key)
    earlier = [b for b in found if b["round_id"] == round_.id and b["stage"] == weather.TAP]
    changed = rounds.check_ballot_allowed(
        changes_own=bool(earlier), receipt_elsewhere=bool(found),
        answered=batch.roll(round_.id, participant, weather.TAP))
    token = batch.roll_token(round_.id, participant, weather.TAP) if changed \
        else batch.add_to_roll(round_.id, participant, weather.TAP)
    batch.replace_ballots(key, earlier, [{"round_id": round_.id, "stage": weather.TAP,
                                          "choice": choice}])
    if not changed:  # a changed tap changes no count: nobody hears of it
        code, round_id = request.identity.code, round_.id
        batch.announce(("tallied", round_id), lambda: broadcast.tallied(code, round_id))
    return {"changed": changed, "roll": token}


def word_request(identity, payload: dict) -> writer.Request:
    """Sent by a phone: its one word, under a receipt it keeps (a retry stores it once)."""
    return writer.Request(apply_word, identity, payload.get("round"), payload.get("receipt"),
                          payload.get("text"))


def apply_word(batch: writer.Batch, request: writer.Request) -> dict:
    round_ = _weather_round(batch, request)
    participant = request.identity.participant_id
    key = request.key
    earlier = batch.contribution(key)
    if earlier is not None:
        if earlier["round_id"] != round_.id or earlier["stage"] != weather.WORD:
            raise WrongReceipt()
        return {"text": earlier["text"],
                "roll": batch.roll_token(round_.id, participant, weather.WORD)}
    weather.check_word(round_.status, batch.roll(round_.id, participant, weather.WORD))
    if not isinstance(request.value, str):
        raise Malformed("text must be text")
    text = clean_text(request.value, current_app.config["TEXT_LIMIT"])
    batch.add_contribution(round_.id, weather.WORD, key, text)
    return {"text": text, "roll": batch.add_to_roll(round_.id, participant, weather.WORD)}
