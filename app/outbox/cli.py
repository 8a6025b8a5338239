import time

import click
import sqlalchemy as sa
from flask import Blueprint

from app.extensions import db
from app.outbox.services import deliver_due

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
