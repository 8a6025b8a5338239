import json
import time

import click
import sqlalchemy as sa
from flask import Blueprint

from app.extensions import db
from app.outbox.services import deliver_due
from app.outbox.status import outbox_status

bp = Blueprint("outbox", __name__, cli_group="outbox")


@bp.cli.command("send")
@click.option("--forever", is_flag=True, help="Keep running and send new mail as it comes.")
@click.option("--interval", default=5.0, show_default=True, help="Seconds between rounds.")
def send(forever: bool, interval: float) -> None:
    """Deliver queued mail; failed attempts are retried with back-off."""
    while True:
        try:
            report = deliver_due()
        except sa.exc.OperationalError:
            if not forever:
                raise
            # The database is away; mail waits in it, so just try again later.
            db.session.rollback()
            click.echo("outbox: database unavailable, retrying", err=True)
        else:
            if report.sent or report.retried or report.failed or not forever:
                click.echo(f"outbox: {report}")
        if not forever:
            return
        db.session.remove()
        time.sleep(interval)


@bp.cli.command("status")
@click.option("--format", "output", type=click.Choice(["text", "json"]), default="text", show_default=True)
def status(output: str) -> None:
    """Count queued, due, retrying, sent and failed mail (for monitoring)."""
    report = outbox_status().as_dict()
    if output == "json":
        click.echo(json.dumps(report))
        return
    for name, value in report.items():
        click.echo(f"{name:24} {'-' if value is None else value}")
