"""``flask offers import FILE.csv`` and ``flask needs import FILE.csv``."""

from __future__ import annotations

import time
from collections.abc import Callable

import click
from flask import Blueprint

from app.extensions import db
from app.imports.csv_import import ImportFailed
from app.imports.needs import import_needs
from app.imports.offers import Imported, import_offers
from app.offers.cli import bp as offers_cli

needs_cli = Blueprint("needs_cli", __name__, cli_group="needs")


def _run(file: click.File, importer: Callable[[bytes], Imported], noun: str) -> None:
    started = time.perf_counter()
    try:
        imported = importer(file.read())
    except ImportFailed as failed:
        db.session.rollback()
        for error in failed.errors:
            click.echo(str(error), err=True)
        click.echo(f"Nichts importiert: {len(failed.errors)} Fehler in {file.name}.", err=True)
        raise SystemExit(1) from None
    db.session.commit()
    seconds = time.perf_counter() - started
    total = imported.created + imported.updated
    click.echo(
        f"{total} {noun} importiert ({imported.created} neu, {imported.updated} aktualisiert) in {seconds:.1f} s."
    )


@offers_cli.cli.command("import")
@click.argument("file", type=click.File("rb"))
def import_offers_command(file: click.File) -> None:
    """Import offers from a UTF-8 CSV file; all rows or, on any error, none."""
    _run(file, import_offers, "Angebote")


@needs_cli.cli.command("import")
@click.argument("file", type=click.File("rb"))
def import_needs_command(file: click.File) -> None:
    """Import needs from a UTF-8 CSV file; all rows or, on any error, none."""
    _run(file, import_needs, "Bedarfe")
