"""Socket events for running a round: its timer (facilitator), "I'm done" (phones) and
hiding a contribution from the screens (facilitator). Documented in docs/asyncapi.yaml."""
from __future__ import annotations

from app.services import done, hiding, timer
from app.services.sessions import open_session_of, session_of
from app.sockets.edge import on, text_field
from app.sockets.rounds import round_of


@on("timer:start", who=("facilitator",))
def timer_start(identity, payload):
    """Sent by the facilitator: `minutes` (1-120) and `close_at_zero`. Everyone receives
    `round:changed` with the timer."""
    timer.start(open_session_of(identity), round_of(identity, payload),
                payload.get("minutes"), payload.get("close_at_zero"))


@on("timer:add_minute", who=("facilitator",))
def timer_add_minute(identity, payload):
    """Sent by the facilitator: one minute more. Everyone receives `round:changed`."""
    timer.add_minute(open_session_of(identity), round_of(identity, payload))


@on("timer:pause", who=("facilitator",))
def timer_pause(identity, payload):
    """Sent by the facilitator. Everyone receives `round:changed`."""
    timer.pause(session_of(identity), round_of(identity, payload))


@on("timer:resume", who=("facilitator",))
def timer_resume(identity, payload):
    """Sent by the facilitator. Everyone receives `round:changed`."""
    timer.resume(open_session_of(identity), round_of(identity, payload))


@on("timer:reset", who=("facilitator",))
def timer_reset(identity, payload):
    """Sent by the facilitator: the timer goes away. Everyone receives `round:changed`."""
    timer.reset(session_of(identity), round_of(identity, payload))


@on("round:done", who=("participant",), keeps_answer=False)
def round_done(identity, payload):
    """Sent by a phone: `done` true ("I'm done") or false (taken back). Saying it twice is
    saying it once, so no answer is kept (nothing of it is written anywhere). The console
    alone receives `round:done_counted`, coalesced."""
    return {"done": done.say_done(open_session_of(identity), identity.participant_id,
                                  round_of(identity, payload), payload.get("done"))}


@on("contribution:hide", who=("facilitator",))
def contribution_hide(identity, payload):
    """Sent by the facilitator: `contribution` (its id) and `hidden` (true to hide, false to
    show again). Everyone receives `round:changed` with the contributions: beamer and phones
    without the hidden text, the console with it, marked `hidden`."""
    hiding.set_hidden(session_of(identity), round_of(identity, payload),
                      text_field(payload, "contribution"), payload.get("hidden"))
