"""Facilitator accounts: created on the command line, passwords hashed, one-time links."""
from app.extensions import db
from app.models import Facilitator
from tests.conftest import sign_in


def test_a_facilitator_is_created_on_the_command_line_and_can_sign_in(app, client):
    result = app.test_cli_runner().invoke(args=["facilitator", "create", "Eva"],
                                          input="s3cret pass\ns3cret pass\n")

    assert result.exit_code == 0, result.output
    assert "/signin/" in result.output
    sign_in(client, "Eva", "s3cret pass")
    assert client.get("/console").status_code == 200


def test_passwords_are_stored_hashed(app):
    app.test_cli_runner().invoke(args=["facilitator", "create", "Eva"],
                                 input="s3cret pass\ns3cret pass\n")

    with app.app_context():
        stored = db.session.scalar(db.select(Facilitator).filter_by(name="Eva")).password_hash

    assert "s3cret" not in stored and stored.startswith(("scrypt:", "pbkdf2:"))


def test_a_second_account_with_the_same_name_is_refused(app):
    runner = app.test_cli_runner()
    runner.invoke(args=["facilitator", "create", "Eva"], input="a\na\n")

    again = runner.invoke(args=["facilitator", "create", "Eva"], input="b\nb\n")

    assert again.exit_code != 0 and "exists already" in again.output
