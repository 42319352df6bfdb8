"""Socket.IO handlers: who may send it, call one service, return the acknowledgement.
Importing this package registers every handler (the app factory does it once)."""
from app.sockets import (agenda, checkin, connection, decision, feet, poll,  # noqa: F401
                         rounds, runsheet, sessions, stage, step5, weather)
