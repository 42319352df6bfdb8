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


def test_a_cookie_copied_before_signing_out_signs_nobody_in_after_it(app):
    from tests.conftest import make_facilitator, sign_in

    make_facilitator(app, "Anna")
    laptop = app.test_client()
    sign_in(laptop, "Anna")
    copied = {c.key: c.value for c in laptop._cookies.values()}
    assert {"session", "remember_token"} <= set(copied)

    laptop.post("/logout")
    thief = app.test_client()
    for key, value in copied.items():
        thief.set_cookie(key, value)
    only_remember = app.test_client()
    only_remember.set_cookie("remember_token", copied["remember_token"])

    assert thief.get("/console").status_code == 302
    assert only_remember.get("/console").status_code == 302


def test_a_printed_sign_in_link_expires_after_fifteen_minutes(app):
    from datetime import timedelta

    from app.cli import first_signin_link
    from app.models import utcnow

    with app.app_context():
        link = first_signin_link()
        facilitator = db.session.scalar(db.select(Facilitator))
        assert facilitator.signin_token_expires <= utcnow() + timedelta(minutes=15)
        facilitator.signin_token_expires = utcnow() - timedelta(seconds=1)
        db.session.commit()
    browser = app.test_client()

    response = browser.get(link.split("5000", 1)[1])

    assert response.headers["Location"].endswith("/login")
    assert browser.get("/console").status_code == 302
