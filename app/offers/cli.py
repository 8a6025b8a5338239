from datetime import timedelta

import click
from flask import Blueprint, current_app

from app.extensions import db
from app.offers.services import purge_unconfirmed

bp = Blueprint("offers_cli", __name__, cli_group="offers")


@bp.cli.command("purge-unconfirmed")
def purge_unconfirmed_command() -> None:
    """Delete web submissions not confirmed within the opt-in period (daily job)."""
    days = current_app.config["OPT_IN_DAYS"]
    count = purge_unconfirmed(timedelta(days=days))
    db.session.commit()
    click.echo(f"purged {count} unconfirmed submission(s) older than {days} days")


from app.imports import cli as _import_commands  # noqa: E402, F401  (adds "flask offers import" to bp)
