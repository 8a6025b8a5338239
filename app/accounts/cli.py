"""``flask accounts create-admin``: the first admin of a new instance."""

from __future__ import annotations

import sys

import click

from app.accounts.blueprint import bp
from app.accounts.passwords import PasswordRejected
from app.accounts.services import AccountError, create_admin
from app.extensions import db


@bp.cli.command("create-admin")
@click.argument("email")
@click.argument("display_name")
@click.option(
    "--password-stdin",
    is_flag=True,
    help="Read the password from the first line of standard input (for scripts) instead of prompting.",
)
def create_admin_command(email: str, display_name: str, password_stdin: bool) -> None:
    """Create an admin account with EMAIL and DISPLAY_NAME; the password policy applies."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        user = create_admin(email, display_name, password)
    except (AccountError, PasswordRejected) as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from None
    db.session.commit()
    click.echo(f"Admin account {user.id} created.")
