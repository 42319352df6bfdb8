"""Socket events of the weather report: a phone's tap and its optional word, through the one
write path (`app.store.writer`). Opening and closing it are `round:open` and `round:reveal`.
Documented in docs/asyncapi.yaml."""
from __future__ import annotations

from app.services import weather
from app.sockets.edge import on


@on("weather:tap", who=("participant",), keeps_answer=False, batched=True)
def weather_tap(identity, payload):
    """Sent by a phone: `choices`, one weather (sunny, partly_cloudy, cloudy, rain, storm),
    under a receipt it keeps; the same receipt changes the tap, and the same tap again (a
    retry) is answered as the first was, also after the close. Everyone receives
    `round:tallied` with how many answered, never what."""
    return weather.tap_request(identity, payload)


@on("weather:word", who=("participant",), keeps_answer=False, batched=True)
def weather_word(identity, payload):
    """Sent by a phone: its one word, under a receipt it keeps. Nobody is told."""
    return weather.word_request(identity, payload)
