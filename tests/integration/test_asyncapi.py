"""Every socket handler is described in docs/asyncapi.yaml, and the document describes no
event that does not exist."""
from pathlib import Path

import yaml

from app.sockets.edge import HANDLERS

DOC = Path(__file__).resolve().parents[2] / "docs" / "asyncapi.yaml"
CONNECTION_EVENTS = {"connect", "disconnect"}


def documented_events() -> dict[str, dict]:
    doc = yaml.safe_load(DOC.read_text())
    return {message["name"]: message for message in doc["components"]["messages"].values()}


def test_the_document_is_asyncapi_3():
    assert yaml.safe_load(DOC.read_text())["asyncapi"].startswith("3.")


def test_every_registered_handler_is_documented(app):
    from app.extensions import socketio

    registered = set(socketio.server.handlers["/"]) - CONNECTION_EVENTS

    assert registered - set(documented_events()) == set()
    assert registered == set(HANDLERS)


def test_every_state_changing_event_requires_a_client_id_in_the_document(app):
    messages = documented_events()

    for event, spec in HANDLERS.items():
        if spec["changes_state"]:
            assert "id" in messages[event]["payload"].get("required", []), event
