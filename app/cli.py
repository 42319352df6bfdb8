"""`flask --app app facilitator create NAME` and the set-up `make run` does."""
from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from app.network import lan_base_url
from app.services.accounts import issue_signin_token
from app.extensions import db
from app.models import Facilitator

facilitator_cli = AppGroup("facilitator", help="Manage facilitator accounts.")


@facilitator_cli.command("create")
@click.argument("name")
@click.password_option(prompt="Password (leave empty for a sign-in link only)", default="",
                       required=False)
def create(name: str, password: str) -> None:
    """Create a facilitator account and print a one-time sign-in link."""
    if db.session.scalar(db.select(Facilitator).filter_by(name=name)):
        raise click.ClickException(f"A facilitator named {name!r} exists already.")
    facilitator = Facilitator(name=name)
    if password:
        facilitator.set_password(password)
    db.session.add(facilitator)
    db.session.commit()
    token = issue_signin_token(facilitator)
    click.echo(f"Created {name}. One-time sign-in: {base_url()}/signin/{token}")


@facilitator_cli.command("signin-link")
@click.argument("name", default="")
def signin_link(name: str) -> None:
    """Print a fresh one-time sign-in link (the first facilitator when no NAME is given),
    creating the first facilitator if there is none."""
    click.echo(first_signin_link(name))


def first_signin_link(name: str = "") -> str:
    query = db.select(Facilitator).order_by(Facilitator.id)
    if name:
        query = query.filter_by(name=name)
    facilitator = db.session.scalar(query)
    if facilitator is None:
        facilitator = Facilitator(name=name or "facilitator")
        db.session.add(facilitator)
        db.session.commit()
    return f"{base_url(local=True)}/signin/{issue_signin_token(facilitator)}"


def base_url(local: bool = False) -> str:
    if local:
        return f"http://127.0.0.1:{current_app.config['PORT']}"
    return lan_base_url(current_app.config)


def init_app(app) -> None:
    app.cli.add_command(facilitator_cli)
