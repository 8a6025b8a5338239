"""``flask demo load``: fill a development or test instance with fictional data."""

from __future__ import annotations

import time

import click
from flask import Blueprint, current_app

from app.accounts import second_factor
from app.demo import data
from app.extensions import db
from app.offers.models import OfferKind

bp = Blueprint("demo", __name__, cli_group="demo")

TABLE_LABELS = {
    "organisations": "Organisationen",
    "users": "Zugänge",
    "people": "Personen",
    "offers": "Angebote",
    "needs": "Bedarfe",
}


def refusal() -> str | None:
    """Why this instance must not get demo data, or ``None`` when it may."""
    # Only DevelopmentConfig and TestingConfig allow it; production (also the
    # default when HELFERNETZ_CONFIG is unset) never does.
    if not current_app.config.get("DEMO_DATA_ALLOWED"):
        return (
            "Demo-Daten gibt es nur für Entwicklungs- und Testinstanzen. "
            "Für eine lokale Instanz HELFERNETZ_CONFIG=development setzen."
        )
    return None


@bp.cli.command("load")
@click.option("--new-passwords", is_flag=True, help="Den Demo-Zugängen neue Passwörter geben und sie anzeigen.")
def load_command(new_passwords: bool) -> None:
    """Fill the database with fictional organisations, volunteers, offers and needs (once)."""
    reason = refusal()
    if reason:
        raise click.ClickException(reason)
    started = time.perf_counter()
    if data.is_loaded():
        logins = data.new_passwords() if new_passwords else data.known_logins()
        db.session.commit()
        click.echo("Demo-Daten sind schon vorhanden; es wurde nichts angelegt.")
    else:
        logins = data.load()
        db.session.commit()
        click.echo(f"Demo-Daten angelegt ({time.perf_counter() - started:.1f} s).")
    print_counts(data.counts())
    print_logins(logins)


def print_counts(counts: dict[str, int]) -> None:
    click.echo(", ".join(f"{label}: {counts[table]}" for table, label in TABLE_LABELS.items()))
    per_kind = (f"{kind.value} {counts.get(f'offers:{kind.value}', 0)}" for kind in OfferKind)
    click.echo("Angebote nach Art: " + ", ".join(per_kind))


def print_logins(logins: list[data.Login]) -> None:
    click.echo("\nDemo-Zugänge:")
    width = max(len(login.email) for login in logins)
    for login in logins:
        click.echo(f"  {login.role.value:<12} {login.email:<{width}}  {login.password or '–'}")
    if not all(login.password for login in logins):
        click.echo("Passwörter wurden beim ersten Laden angezeigt; neue gibt es mit `flask demo load --new-passwords`.")
    for login in logins:
        if login.totp_key:
            click.echo(
                f"\nZweiter Faktor für {login.email} (Schlüssel für eine Authenticator-App): {second_factor.grouped_key(login.totp_key)}"
            )
    click.echo("Die Administration meldet sich mit Passwort und Code an; den aktuellen Code zeigt `flask demo code`.")


@bp.cli.command("code")
def code_command() -> None:
    """Show the current second-factor code of each demo account that has one (instead of an authenticator app)."""
    reason = refusal()
    if reason:
        raise click.ClickException(reason)
    for email, code in data.current_codes(second_factor.current_time()):
        click.echo(f"{email}  {code}")
