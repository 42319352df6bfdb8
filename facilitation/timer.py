"""A timer per round: the facilitator starts a countdown, adds a minute, pauses, resumes or
resets it; at zero every screen says so gently and, if the facilitator chose it, the round
moves on as the facilitator's own next step would (`at_zero`).

The timer lives in the round's state as plain data. While it runs it holds a deadline (seconds
since the epoch), so that every screen computes the same remaining time from it, whatever it
missed; while paused it holds the seconds that were left. Time is passed in (`now=`)."""
from __future__ import annotations

from typing import Any

from facilitation import agenda, checkin, poll, weather
from facilitation.errors import N_, MethodError, WrongStep
from facilitation.rounds import CLOSED, OPEN, REVEALED

Timer = dict[str, Any]
MAX_MINUTES = 120


class BadTimer(MethodError):
    code = "bad_timer"
    message = "A timer runs for 1 to 120 minutes."


def minutes(value: Any) -> int:
    """Whole minutes from 1 to MAX_MINUTES, or a clear refusal."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != int(value) \
            or not 1 <= value <= MAX_MINUTES:
        raise BadTimer(N_("A timer runs for 1 to %(max)s whole minutes."), max=MAX_MINUTES)
    return int(value)


def start(length: Any, *, close_at_zero: bool, now: float, minute: float = 60) -> Timer:
    """A new countdown of `length` minutes from now (`minute`: its seconds; tests shorten it)."""
    seconds = minutes(length) * minute
    return {"running": True, "deadline": now + seconds, "left": None, "length": seconds,
            "close_at_zero": bool(close_at_zero), "expired": False}


def _check(timer: Timer | None) -> Timer:
    if not timer:
        raise WrongStep(N_("There is no timer on this round. Start one first."))
    return timer


def left(timer: Timer | None, now: float) -> float:
    """Seconds left, never below zero (0 without a timer)."""
    if not timer:
        return 0.0
    if timer["running"]:
        return max(0.0, timer["deadline"] - now)
    return max(0.0, float(timer["left"] or 0))


def add_minute(timer: Timer | None, *, now: float, minute: float = 60) -> Timer:
    """One minute more. A timer that ran out runs again, for that minute."""
    timer = _check(timer)
    if timer["expired"]:
        return {**timer, "running": True, "deadline": now + minute, "left": None,
                "expired": False}
    if timer["running"]:
        return {**timer, "deadline": max(timer["deadline"], now) + minute}
    return {**timer, "left": left(timer, now) + minute}


def pause(timer: Timer | None, *, now: float) -> Timer:
    timer = _check(timer)
    if not timer["running"]:
        raise WrongStep(N_("The timer is not running."))
    return {**timer, "running": False, "deadline": None, "left": left(timer, now)}


def resume(timer: Timer | None, *, now: float) -> Timer:
    timer = _check(timer)
    if timer["running"] or timer["expired"]:
        raise WrongStep(N_("The timer is not paused."))
    return {**timer, "running": True, "deadline": now + left(timer, now), "left": None}


def due(timer: Timer | None, now: float) -> bool:
    """Whether a running timer has reached zero and not yet been marked so."""
    return bool(timer) and timer["running"] and not timer["expired"] and now >= timer["deadline"]


def expire(timer: Timer) -> Timer:
    """Zero: the timer stops and says so."""
    return {**timer, "running": False, "deadline": None, "left": 0, "expired": True}


def at_zero(kind: str, status: str, timer: Timer) -> str | None:
    """What the facilitator chose to happen at zero, as their own next step would do it:
    a check-in, check-out or agenda still gathering, or a weather report, is revealed; a poll's vote (or the agenda's, once gathered) is closed. None: only "time is up"."""
    if not timer.get("close_at_zero") or status == CLOSED:
        return None
    if status == OPEN and kind in (*checkin.KINDS, agenda.KIND, weather.KIND):
        return "reveal"  # a weather report's "close" is its reveal
    if kind == poll.KIND or (kind == agenda.KIND and status == REVEALED):
        return "close_vote"  # the service refuses it unless a vote is open: then nothing
    return None


def view(timer: Timer | None, now: float) -> dict[str, Any] | None:
    """What every screen is told: whether it runs, its deadline and the server's clock (so a
    screen whose clock is off still counts down the same), the seconds left."""
    if not timer:
        return None
    return {"running": timer["running"], "deadline": timer["deadline"],
            "left": round(left(timer, now), 1), "server_now": now,
            "length": timer["length"], "close_at_zero": timer["close_at_zero"],
            "expired": timer["expired"]}
