"""Helpers of the restore drill (scripts/backup-restore-test.sh, ``make backup-restore-test``).

``fill``: give every table that ``flask demo load`` leaves empty some rows, through the app's own services
(a note, a forwarding, alerts and their mail, "Did it work?" questions, the outbox behind them), so that the
drill also proves those tables survive. Runs with the app's settings (HELFERNETZ_CONFIG, DATABASE_URL).

``compare SOURCE_URL RESTORED_URL``: row counts of every table, the alembic version, every sequence's position
and a checksum of the key tables, side by side; exit status 1 on any difference.
"""

from __future__ import annotations

import sys

import sqlalchemy as sa

#: Checksummed row by row (their full text, in id order): what the office could least afford to lose.
KEY_TABLES = ("people", "offers", "needs", "matches", "users", "audit_events", "outbox_messages")


def fill() -> None:
    from app import create_app
    from app.accounts.models import Role, User
    from app.alerts.services import announce, mail_alerts
    from app.extensions import db
    from app.feedback.services import ask
    from app.matching.models import Match
    from app.needs.models import Need
    from app.offers.models import Offer
    from app.people.models import Person
    from app.screening.services import add_note, departments_for, forward_offer

    app = create_app()
    # The services build links to the portal; any address does for a drill.
    with app.test_request_context(base_url="https://helfernetz.invalid"):
        coordinator = db.session.scalar(sa.select(User).where(User.role == Role.COORDINATOR))
        offers = db.session.scalars(sa.select(Offer).order_by(Offer.id)).all()
        add_note(offers[0], "Rückruf am Dienstag vereinbart.", coordinator)
        forwardable = next(offer for offer in offers if departments_for(offer))
        forward_offer(forwardable, departments_for(forwardable)[0].key, coordinator)
        alerts = [alert for need in db.session.scalars(sa.select(Need).order_by(Need.id)) for alert in announce(need)]
        unmailed = next(alert for alert in alerts if alert.mail is None)
        mail_alerts(db.session.get(Person, unmailed.person_id), [unmailed])
        for match in db.session.scalars(sa.select(Match).order_by(Match.id).limit(3)):
            ask(match)
        db.session.commit()


def snapshot(url: str) -> dict[str, str | int]:
    """Everything the drill compares, by label."""
    engine = sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    facts: dict[str, str | int] = {}
    with engine.connect() as connection:
        tables = sa.inspect(connection).get_table_names()
        for table in sorted(tables):
            facts[f"rows {table}"] = connection.scalar(sa.text(f'SELECT count(*) FROM "{table}"'))  # noqa: S608
        facts["alembic version"] = connection.scalar(
            sa.text("SELECT string_agg(version_num, ',') FROM alembic_version")
        )
        sequences = connection.execute(
            sa.text("SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public'")
        )
        for name, last_value in sequences:
            facts[f"sequence {name}"] = last_value if last_value is not None else 0
        for table in KEY_TABLES:
            facts[f"md5 {table}"] = connection.scalar(
                sa.text(f"SELECT md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t.id), '')) FROM \"{table}\" t")  # noqa: S608
            )
    engine.dispose()
    return facts


def compare(source_url: str, restored_url: str) -> int:
    return report(snapshot(source_url), snapshot(restored_url))


def report(source: dict[str, str | int], restored: dict[str, str | int]) -> int:
    """Print both side by side; 1 when anything differs or is missing on one side, else 0."""
    differences = 0
    print(f"{'':34} {'source':>34} {'restored':>34}")
    for label in sorted(source.keys() | restored.keys()):
        left, right = source.get(label, "missing"), restored.get(label, "missing")
        mark = "" if left == right else "  <-- DIFFERENT"
        differences += left != right
        print(f"{label:34} {left!s:>34} {right!s:>34}{mark}")
    empty = [label for label, value in source.items() if label.startswith("rows ") and value == 0]
    print(f"{len(source)} facts compared, {differences} different; empty tables: {', '.join(empty) or 'none'}")
    return 1 if differences else 0


if __name__ == "__main__":
    match sys.argv[1:]:
        case ["fill"]:
            fill()
        case ["compare", source_url, restored_url]:
            sys.exit(compare(source_url, restored_url))
        case _:
            sys.exit(__doc__)
