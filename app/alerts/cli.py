"""``flask alerts digest``: the daily digest of alerts (cron)."""

from contextlib import nullcontext

import click
from flask import Blueprint, current_app

from app.alerts.services import send_digests
from app.extensions import db

bp = Blueprint("alerts_cli", __name__, cli_group="alerts")


@bp.cli.command("digest")
@click.option(
    "--base-url",
    envvar="HELFERNETZ_BASE_URL",
    help="The portal's public address for the links in the mails, e.g. https://helfernetz.example.de "
    "(or HELFERNETZ_BASE_URL).",
)
def digest(base_url: str | None) -> None:
    """Queue one mail per volunteer with the fitting needs they have not heard of yet (daily job)."""
    if not base_url and not current_app.config.get("SERVER_NAME"):
        # Outside a request the links cannot know the portal's address.
        raise click.UsageError("give the portal's address with --base-url or HELFERNETZ_BASE_URL")
    with current_app.test_request_context(base_url=base_url) if base_url else nullcontext():
        sent = send_digests()
        db.session.commit()
    click.echo(f"alerts: {sent} digest mail(s) queued")
