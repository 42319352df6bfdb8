"""Socket events of the run sheet, the facilitator's plan: all facilitator-only, and all
answered to the console alone (`runsheet:changed`). Documented in docs/asyncapi.yaml."""
from __future__ import annotations

from app.services import runsheet
from app.services.sessions import open_session_of, session_of
from app.sockets.edge import on, text_field

FACILITATOR = ("facilitator",)


@on("runsheet:add", who=FACILITATOR)
def add(identity, payload):
    """A round added to the plan (kind, prompt, minutes, note), after `after` or at the end."""
    return {"item": runsheet.add(session_of(identity), payload)["id"]}


@on("runsheet:edit", who=FACILITATOR)
def edit(identity, payload):
    """Changes an item's kind, prompt, minutes or note (a started item: minutes and note)."""
    runsheet.edit(session_of(identity), payload.get("item"), payload)


@on("runsheet:move", who=FACILITATOR)
def move(identity, payload):
    """Moves an item not started yet one place `up` or `down`."""
    runsheet.move(session_of(identity), payload.get("item"), payload.get("direction"))


@on("runsheet:skip", who=FACILITATOR)
def skip(identity, payload):
    """Skips an item not started yet (`skipped: true`), or takes it back in (`false`)."""
    runsheet.skip(session_of(identity), payload.get("item"), payload.get("skipped"))


@on("runsheet:remove", who=FACILITATOR)
def remove(identity, payload):
    """Takes an item not started yet off the plan."""
    runsheet.remove(session_of(identity), payload.get("item"))


@on("runsheet:template", who=FACILITATOR)
def use_template(identity, payload):
    """Adds a template's rounds to the plan: a built-in one by name, or `saved:<id>`."""
    runsheet.use_template(session_of(identity), identity.facilitator_id,
                          text_field(payload, "template"))


@on("runsheet:save", who=FACILITATOR)
def save_template(identity, payload):
    """Saves the plan as a template of this facilitator's, under `name`."""
    saved = runsheet.save_template(session_of(identity), identity.facilitator_id,
                                   payload.get("name"))
    return {"template": saved.id}


@on("runsheet:forget", who=FACILITATOR)
def delete_template(identity, payload):
    """Deletes one of this facilitator's saved templates."""
    runsheet.delete_template(session_of(identity), identity.facilitator_id,
                             payload.get("template"))


@on("runsheet:start", who=FACILITATOR)
def start(identity, payload):
    """Opens the item's round (its kind, its prompt), as `round:open` does: everyone receives
    `round:changed` with the prompt; the console receives `runsheet:changed`."""
    round_ = runsheet.start(open_session_of(identity), payload.get("item"))
    return {"round": round_.id}
