"""The discussion on feet as every screen sees it: while it lives, the board its clock last
published (statements in the order they appeared, how many stand with each, the pulse);
never what is waiting, never who stands where. Once ended, nothing: it was off the record.
A round the store no longer holds while the database says it is open was lost with a
restart of the server: it is shown as ended, and the screens say why."""
from __future__ import annotations

from typing import Any

from app.models import Round
from app.store.off_record import off_record
from facilitation import feet
from facilitation.rounds import CLOSED, OPEN


def extra(round_: Round) -> dict[str, Any]:
    view: dict[str, Any] = {"off_record": True}
    if round_.status != OPEN:
        return view
    store = off_record()
    if not store.alive(round_.id):
        return {**view, "status": CLOSED, "ended_by_restart": True}
    board = store.get(round_.id, "board") or feet.board([], {}, None)
    view["feet"] = {**board, "limit": feet.STATEMENT_LIMIT}
    return view
