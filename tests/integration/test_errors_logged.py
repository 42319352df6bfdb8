"""A defect is logged, and its log line holds nothing a participant sent: not the text, not
the name, not a value the database refused. (The server applies its migrations in its own
process at start, as the `app` fixture does; Alembic's logging set-up once switched off
every logger the app had made by then, and nothing was logged at all.)"""
import logging

import pytest
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.models import Contribution
from app.services import rounds
from tests.integration.test_checkin import add, open_checkin


def test_a_defect_in_an_event_is_logged_by_its_name_without_what_the_phone_sent(
        app, console, phone_factory, caplog, monkeypatch):
    caplog.set_level(logging.INFO)
    phone = phone_factory("Anna de Vries")
    round_id = open_checkin(console)

    def broken(batch, request):
        raise RuntimeError(f"a defect while storing {request.value!r}")

    monkeypatch.setattr(rounds, "apply_contribution", broken)
    ack = add(phone, round_id, "Ik ben eigenlijk boos")

    assert ack["ok"] is False and ack["error"] == "server_error"
    assert "contribution:add failed with RuntimeError" in caplog.text
    assert "Ik ben eigenlijk boos" not in caplog.text
    assert "Anna de Vries" not in caplog.text


def test_a_text_the_database_refuses_to_store_is_not_in_the_error_or_its_log_line(app, caplog):
    caplog.set_level(logging.ERROR)
    said = "Ik durf het hier niet te zeggen, maar ik ben tegen"
    with app.app_context():
        db.session.add(Contribution(round_id="no-such-round", stage="gather", text=said,
                                    receipt_hash="f" * 64))
        with pytest.raises(IntegrityError) as refused:
            db.session.commit()  # foreign keys are on: the round does not exist
        db.session.rollback()
        logging.getLogger("app.store.writer").error("a write failed", exc_info=refused.value)
    assert "FOREIGN KEY" in str(refused.value)
    assert said not in str(refused.value) and "f" * 64 not in str(refused.value)
    assert "a write failed" in caplog.text and "IntegrityError" in caplog.text
    assert said not in caplog.text and "f" * 64 not in caplog.text
