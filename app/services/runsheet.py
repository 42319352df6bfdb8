"""Services for the run sheet, one per facilitator action. Every change reaches the console
alone (`runsheet:changed`): the run sheet holds the facilitator's private notes."""
from __future__ import annotations

import secrets
from typing import Any

from sqlalchemy import select

from app import broadcast
from app.errors import Malformed
from app.extensions import db
from app.models import Round, RunSheetTemplate, Session
from app.services import poll as poll_service
from app.services import rounds as round_service
from app.services import step5 as step5_service
from facilitation import agenda, poll, runsheet, step5
from facilitation.errors import N_
from facilitation.kinds import KINDS


def _new_id() -> str:
    return secrets.token_urlsafe(9)


def _changed(session: Session, items: list[dict]) -> None:
    session.run_sheet = items
    broadcast.after_commit(lambda: broadcast.run_sheet_changed(session))


def _items(session: Session) -> list[dict]:
    return list(session.run_sheet or [])


def add(session: Session, payload: dict) -> dict:
    new = runsheet.item(_new_id(), payload.get("kind"), payload.get("prompt"),
                        payload.get("minutes"), payload.get("note"))
    _changed(session, runsheet.insert(_items(session), new, payload.get("after")))
    return new


def edit(session: Session, item_id: Any, payload: dict) -> None:
    changes = {key: payload[key] for key in ("kind", "prompt", "minutes", "note")
               if key in payload}
    _changed(session, runsheet.edit(_items(session), item_id, changes))


def move(session: Session, item_id: Any, direction: Any) -> None:
    _changed(session, runsheet.move(_items(session), item_id, direction))


def skip(session: Session, item_id: Any, skipped: Any) -> None:
    if not isinstance(skipped, bool):
        raise Malformed("skipped must be true or false")
    _changed(session, runsheet.skip(_items(session), item_id, skipped))


def remove(session: Session, item_id: Any) -> None:
    _changed(session, runsheet.remove(_items(session), item_id))


def use_template(session: Session, facilitator_id: int, template: Any) -> None:
    """The template's rounds are added after what is on the sheet already."""
    if not isinstance(template, str):
        raise Malformed("template must be text")
    if template.startswith("saved:"):
        saved = db.session.get(RunSheetTemplate, template.removeprefix("saved:"))
        if saved is None or saved.facilitator_id != facilitator_id:
            raise runsheet.RunSheetError(N_("There is no such template."))
        new = runsheet.from_saved(saved.items, _new_id)
    else:
        new = runsheet.expand(template, session.language, _new_id)
    items = _items(session)
    if len(items) + len(new) > runsheet.MAX_ITEMS:
        raise runsheet.RunSheetError(N_("A run sheet holds at most 40 rounds."))
    _changed(session, items + new)


def save_template(session: Session, facilitator_id: int, name: Any) -> RunSheetTemplate:
    saved = RunSheetTemplate(facilitator_id=facilitator_id, name=runsheet.template_name(name),
                             items=runsheet.to_saved(_items(session)))
    db.session.add(saved)
    db.session.flush()
    broadcast.after_commit(lambda: broadcast.run_sheet_changed(session))
    return saved


def delete_template(session: Session, facilitator_id: int, template_id: Any) -> None:
    saved = db.session.get(RunSheetTemplate, template_id) if isinstance(template_id, str) else None
    if saved is None or saved.facilitator_id != facilitator_id:
        raise runsheet.RunSheetError(N_("There is no such template."))
    db.session.delete(saved)
    broadcast.after_commit(lambda: broadcast.run_sheet_changed(session))


def _latest_decision(session: Session) -> Round:
    """The decision a planned step 5 takes up: the session's latest poll or agenda round
    (refused, as from the console, unless it was recorded as not carried)."""
    latest = db.session.scalars(
        select(Round).where(Round.session_id == session.id,
                            Round.kind.in_((poll.KIND, agenda.KIND)))
        .order_by(Round.position.desc())).first()
    if latest is None:
        raise step5.NotStep5()
    return latest


def start(session: Session, item_id: Any) -> Round:
    """Opens the item's round, its kind with its prompt, as the round openers do; everyone
    receives `round:changed` (the prompt, never the note)."""
    items = _items(session)
    entry = runsheet.check_startable(items, item_id)
    if entry["kind"] == poll.KIND:
        round_ = poll_service.start(session, entry["prompt"], None)
    elif KINDS[entry["kind"]].from_decision:
        round_ = step5_service.open_from(session, _latest_decision(session))
    else:
        round_ = round_service.open_round(session, entry["kind"], entry["prompt"])
    _changed(session, runsheet.start(items, item_id, round_.id))
    return round_
