"""``flask offers import FILE.csv``, ``flask needs import FILE.csv`` and the matching ``export`` commands."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

import click
from flask import Blueprint

from app.extensions import db
from app.imports import needs, offers
from app.imports.csv_import import ImportFailed
from app.imports.export import (
    DEFAULT_NEED_STATUSES,
    DEFAULT_OFFER_STATUSES,
    Record,
    need_records,
    offer_records,
    open_output,
    write_csv,
    write_json,
)
from app.imports.needs import import_needs
from app.imports.offers import Imported, import_offers
from app.needs.models import NeedStatus
from app.offers.cli import bp as offers_cli
from app.offers.models import OfferStatus

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


def _export(records: Iterator[Record], columns: tuple[str, ...], format_: str, output: str | None, noun: str) -> None:
    with open_output(output) as out:
        count = write_json(records, out) if format_ == "json" else write_csv(records, columns, out)
    if output:
        click.echo(f"{count} {noun} nach {output} exportiert.")


def export_options(statuses: type[OfferStatus] | type[NeedStatus], default: tuple) -> Callable:
    """``--format``, ``--output`` and ``--status`` (repeatable; ``default`` when not given)."""

    def decorate(command: Callable) -> Callable:
        for option in reversed(
            (
                click.option(
                    "--format", "format_", type=click.Choice(["csv", "json"]), default="csv", show_default=True
                ),
                click.option(
                    "--output", type=click.Path(dir_okay=False), help="File to write (mode 0600); default stdout."
                ),
                click.option(
                    "--status",
                    "statuses",
                    multiple=True,
                    type=click.Choice([s.value for s in statuses]),
                    help=f"Only these states (repeatable); default: {', '.join(default)}.",
                ),
            )
        ):
            command = option(command)
        return command

    return decorate


@offers_cli.cli.command("export")
@export_options(OfferStatus, DEFAULT_OFFER_STATUSES)
def export_offers_command(format_: str, output: str | None, statuses: tuple[str, ...]) -> None:
    """Write offers as CSV in the columns `flask offers import` reads, or as JSON with the normalised values."""
    chosen = [OfferStatus(s) for s in statuses] or DEFAULT_OFFER_STATUSES
    _export(offer_records(chosen), offers.COLUMNS, format_, output, "Angebote")


@needs_cli.cli.command("export")
@export_options(NeedStatus, DEFAULT_NEED_STATUSES)
def export_needs_command(format_: str, output: str | None, statuses: tuple[str, ...]) -> None:
    """Write needs as CSV in the columns `flask needs import` reads, or as JSON with the normalised values."""
    chosen = [NeedStatus(s) for s in statuses] or DEFAULT_NEED_STATUSES
    _export(need_records(chosen), needs.COLUMNS, format_, output, "Bedarfe")
