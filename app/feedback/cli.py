"""``flask feedback ask``: the daily job that asks both sides of matches approved two weeks ago."""

from __future__ import annotations

from contextlib import nullcontext

import click
from flask import Blueprint, current_app

from app.extensions import db
from app.feedback.services import ask_due

bp = Blueprint("feedback_cli", __name__, cli_group="feedback")


@bp.cli.command("ask")
@click.option(
    "--base-url",
    envvar="HELFERNETZ_BASE_URL",
    help="The portal's public address for the links in the mails, e.g. https://helfernetz.example.de "
    "(or HELFERNETZ_BASE_URL).",
)
def ask(base_url: str | None) -> None:
    """Ask both sides of each match approved FEEDBACK_AFTER_DAYS ago whether it worked (daily job)."""
    if not base_url and not current_app.config.get("SERVER_NAME"):
        # Outside a request the links cannot know the portal's address.
        raise click.UsageError("give the portal's address with --base-url or HELFERNETZ_BASE_URL")
    with current_app.test_request_context(base_url=base_url) if base_url else nullcontext():
        asked = ask_due()
        db.session.commit()
    click.echo(f"feedback: {asked} question mail(s) queued")
