"""Socket events every round kind shares: open, reveal and close it; add, edit and withdraw
a contribution. Documented in docs/asyncapi.yaml."""
from __future__ import annotations

from app.errors import Malformed
from app.services import rounds
from app.services.sessions import open_session_of, session_of
from app.sockets.edge import on, text_field
from facilitation.kinds import KINDS


def round_of(identity, payload, kind: str | None = None):
    """The round the payload names, in the sender's own session (and of `kind`, if given)."""
    return rounds.get_round(session_of(identity), payload.get("round"), kind)


@on("round:open", who=("facilitator",))
def round_open(identity, payload):
    """Sent by the facilitator. Everyone receives `round:changed`; phones show the prompt.
    Step 5 is opened from its decision (`step5:open`), never here."""
    kind = text_field(payload, "kind")
    if kind in KINDS and KINDS[kind].from_decision:
        raise Malformed("this round kind opens from a decision (step5:open)")
    round_ = rounds.open_round(open_session_of(identity), kind,
                               text_field(payload, "prompt", required=False))
    return {"round": round_.id}


@on("round:reveal", who=("facilitator",))
def round_reveal(identity, payload):
    """Sent by the facilitator (with `confirm` when fewer than k answered). Everyone receives
    `round:changed` with the contributions, shuffled."""
    rounds.reveal(session_of(identity), round_of(identity, payload),
                  payload.get("confirm") is True)


@on("round:close", who=("facilitator",))
def round_close(identity, payload):
    """Sent by the facilitator. Everyone receives `round:changed`."""
    rounds.close(session_of(identity), round_of(identity, payload))


@on("contribution:add", who=("participant",), keeps_answer=False, batched=True)
def contribution_add(identity, payload):
    """Sent by a phone, with a receipt it keeps. Console and projector receive
    `round:counted`; nobody receives the text until the round is revealed."""
    return rounds.contribution_request(identity, payload)


@on("contribution:edit", who=("participant",), keeps_answer=False)
def contribution_edit(identity, payload):
    """Sent by a phone with the receipt of its own contribution, while the round is open.
    Sending the same text again changes nothing, so no answer (and no text) is kept."""
    open_session_of(identity)
    return {"text": rounds.edit_contribution(round_of(identity, payload),
                                             payload.get("receipt"), payload.get("text"))}


@on("contribution:withdraw", who=("participant",))
def contribution_withdraw(identity, payload):
    """Sent by a phone with the receipt of its own contribution, while the round is open.
    Console and projector receive `round:counted`."""
    rounds.withdraw_contribution(open_session_of(identity), identity.participant_id,
                                 round_of(identity, payload), payload.get("receipt"))
