"""The one place that emits. It owns the room names and what each audience may see:
the facilitator gets counts and the attendance list, the projector counts but no names,
the phones only what is theirs to see."""
from __future__ import annotations

from typing import Any

from flask import current_app, g

from app import presence
from app.extensions import socketio
from app.models import Session
from app.network import lan_base_url

AUDIENCES = ("participant", "facilitator", "projector")


def room_for(session_code: str, audience: str) -> str:
    assert audience in AUDIENCES
    return f"{session_code}:{audience}"


def join_url(session: Session) -> str:
    return f"{lan_base_url(current_app.config)}/j/{session.code}"


def session_view(session: Session) -> dict[str, Any]:
    return {
        "code": session.code,
        "title": session.title,
        "question": session.question,
        "language": session.language,
        "status": session.status,
        "k": session.k,
    }


def presence_view(session: Session, audience: str) -> dict[str, Any]:
    connected = presence.connected_participants(session.id)
    view: dict[str, Any] = {"connected": len(connected), "joined": len(session.participants)}
    if audience == "facilitator":
        # The attendance list: names only, sorted, never next to anything said.
        view["attendance"] = sorted(
            (
                {"name": p.display_name or "", "connected": p.id in connected}
                for p in session.participants
            ),
            key=lambda entry: (entry["name"] == "", entry["name"].casefold()),
        )
    return view


def round_view(round_) -> dict[str, Any]:
    from app import rounds

    return rounds.view(round_)


def state_for(session: Session, audience: str) -> dict[str, Any]:
    """The full snapshot one audience may see; sent on every connect and every change."""
    state: dict[str, Any] = {"session": session_view(session), "audience": audience}
    current = session.rounds[-1] if session.rounds else None
    state["round"] = round_view(current) if current else None
    if audience in ("facilitator", "projector"):
        state["presence"] = presence_view(session, audience)
        state["join_url"] = join_url(session)
    if audience == "facilitator":
        state["rounds"] = [{"id": r.id, "kind": r.kind, "prompt": r.prompt, "status": r.status,
                            "position": r.position} for r in session.rounds]
    return state


def send_state(session: Session, audience: str, to: str) -> None:
    socketio.emit("session:state", state_for(session, audience), to=to)


def session_changed(session: Session) -> None:
    """Sent after a commit that changed what some audience sees."""
    for audience in AUDIENCES:
        send_state(session, audience, room_for(session.code, audience))


def presence_changed(session: Session) -> None:
    for audience in ("facilitator", "projector"):
        socketio.emit(
            "presence:changed",
            presence_view(session, audience),
            to=room_for(session.code, audience),
        )


def round_changed(session: Session, round_) -> None:
    """A round opened, was revealed, or the facilitator shaped it: every screen redraws it.
    Only what may be seen is in the view: counts while open, contributions once revealed."""
    view = round_view(round_)
    for audience in AUDIENCES:
        socketio.emit("round:changed", view, to=room_for(session.code, audience))


def round_counted(session: Session, round_, stage: str) -> None:
    """New counts after a contribution came in or was withdrawn: to console and projector
    only, never the text (its timing would name its author)."""
    from app import rounds

    count = rounds.counts(round_, stage)
    payload = {"round": round_.id, "stage": stage, "answered": count.answered,
               "joined": count.joined, "contributions": count.contributions}
    for audience in ("facilitator", "projector"):
        socketio.emit("round:counted", payload, to=room_for(session.code, audience))


def round_tallied(session: Session, round_) -> None:
    """New counts after a ballot, a no, a condition or a resonance came in: the round's
    public view (counts only from k answers; no text that is not revealed yet), to console
    and projector only, so a burst of votes is not sent to every phone."""
    view = round_view(round_)
    for audience in ("facilitator", "projector"):
        socketio.emit("round:tallied", view, to=room_for(session.code, audience))


def refused(sid: str, ack: dict[str, Any]) -> None:
    socketio.emit("action:refused", ack, to=sid)


def after_commit(announce) -> None:
    """Queues a broadcast for when the current action's transaction has committed."""
    g.setdefault("announcements", []).append(announce)


def flush() -> None:
    for announce in g.pop("announcements", []):
        announce()


def discard() -> None:
    g.pop("announcements", None)
