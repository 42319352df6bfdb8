"""The facilitator's two beamer settings: the QR large again (someone still has to join) and
a high-contrast palette for a washed-out projector. A phone may send neither."""
import pytest
from flask_socketio import SocketIOTestClient

from app.extensions import socketio
from tests.conftest import last


@pytest.fixture
def projector(app, facilitator, code):
    socket = SocketIOTestClient(app, socketio, flask_test_client=facilitator,
                                auth={"code": code, "role": "projector"})
    assert socket.is_connected()
    yield socket
    socket.disconnect()


def test_the_beamer_starts_with_a_normal_palette_and_the_qr_as_the_rounds_decide(projector):
    projector.emit("session:resync", {}, callback=True)

    session = last(projector, "session:state")["session"]

    assert session["qr_large"] is False and session["high_contrast"] is False


def test_the_facilitator_brings_the_qr_back_large_on_the_beamer_and_folds_it_again(
        console, projector):
    projector.get_received()

    ack = console.emit("session:qr", {"id": "qr-000001", "large": True}, callback=True)

    assert ack == {"ok": True}
    assert last(projector, "session:state")["session"]["qr_large"] is True
    console.emit("session:qr", {"id": "qr-000002", "large": False}, callback=True)
    assert last(projector, "session:state")["session"]["qr_large"] is False


def test_the_facilitator_switches_the_beamer_to_high_contrast(console, projector):
    projector.get_received()

    ack = console.emit("session:contrast", {"id": "contrast-01", "high": True}, callback=True)

    assert ack == {"ok": True}
    assert last(projector, "session:state")["session"]["high_contrast"] is True
    console.emit("session:resync", {}, callback=True)
    assert last(console, "session:state")["session"]["high_contrast"] is True


@pytest.mark.parametrize("event,field", [("session:qr", "large"), ("session:contrast", "high")])
def test_a_phone_cannot_change_the_beamer(event, field, console, projector, phone_factory):
    phone = phone_factory()
    projector.get_received()

    ack = phone.send(event, {"id": "phone-try-1", field: True})

    assert ack["ok"] is False and ack["error"] == "not_allowed"
    assert last(projector, "session:state") is None
    console.emit("session:resync", {}, callback=True)
    session = last(console, "session:state")["session"]
    assert session["qr_large"] is False and session["high_contrast"] is False


@pytest.mark.parametrize("value", ["yes", 1, None, "true"])
def test_a_setting_that_is_not_true_or_false_is_refused_and_nothing_changes(value, console):
    ack = console.emit("session:contrast", {"id": "contrast-bad", "high": value}, callback=True)

    assert ack["ok"] is False and ack["error"] == "malformed"
    console.emit("session:resync", {}, callback=True)
    assert last(console, "session:state")["session"]["high_contrast"] is False
