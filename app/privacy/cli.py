"""``flask privacy ...``: retention (daily, cron)."""

from __future__ import annotations

import click
from flask import Blueprint, current_app

from app.extensions import db
from app.privacy.services import run_retention

bp = Blueprint("privacy_cli", __name__, cli_group="privacy")


@bp.cli.command("retention")
def retention() -> None:
    """Anonymise inactive persons and delete forwarded places' details (daily job; counts only)."""
    report = run_retention()
    db.session.commit()
    # Counts only: never a name, an address or an id of a person.
    current_app.logger.info("privacy retention: %s", report)
    click.echo(f"privacy retention: {report}")
