"""``flask normalisation refresh``: read every stored person, offer and need again (after a taxonomy change)."""

from __future__ import annotations

import click
import sqlalchemy as sa
from flask import Blueprint
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.needs.models import Need
from app.normalisation.stored import normalise
from app.normalisation.taxonomy_store import current_taxonomy
from app.offers.models import Offer
from app.people.models import Person

bp = Blueprint("normalisation_cli", __name__, cli_group="normalisation")

#: Rows per transaction: a crash loses at most one batch, and memory stays flat at 100 000 offers.
BATCH = 500
MODELS = ((Person, "Personen", (selectinload(Person.languages),)), (Offer, "Angebote", ()), (Need, "Bedarfe", ()))


def refresh(model: type, options: tuple = (), batch: int = BATCH) -> tuple[int, int]:
    """Re-read every row of ``model`` in batches of ``batch``, committing each; corrections are kept.

    Returns how many rows were read and how many changed.
    """
    taxonomy = current_taxonomy()
    seen = changed = 0
    last_id = 0
    while True:
        rows = db.session.scalars(
            sa.select(model).where(model.id > last_id).order_by(model.id).limit(batch).options(*options)
        ).all()
        if not rows:
            return seen, changed
        for row in rows:
            before = (list(row.concepts), row.normalisation)
            normalise(row, taxonomy)
            changed += (list(row.concepts), row.normalisation) != before
        seen, last_id = seen + len(rows), rows[-1].id
        db.session.commit()
        db.session.expunge_all()


@bp.cli.command("refresh")
@click.option("--batch", default=BATCH, show_default=True, help="Rows per transaction.")
def refresh_command(batch: int) -> None:
    """Read the free texts of all people, offers and needs again with the current taxonomy."""
    for model, noun, options in MODELS:
        seen, changed = refresh(model, options, batch)
        click.echo(f"{noun}: {seen} gelesen, {changed} geändert.")
