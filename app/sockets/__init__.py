"""Socket.IO handlers: who may send it, call one service, return the acknowledgement.
Importing this package registers every handler (the app factory does it once)."""
from app.sockets import (agenda, checkin, connection, decision, poll,  # noqa: F401
                         rounds, sessions, step5, weather)
