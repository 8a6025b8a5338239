"""Benchmark: ``flask offers import`` on SQLite, rows per second (issue 4: at least 5 000).

What it measures: the import of one generated UTF-8 CSV of offers into a fresh
SQLite file, in-process with the development config: validating every row,
reading languages, places and help concepts from the free texts, and
inserting people, offers, languages and audit events in bulk. Two files, so
that neither flatters: "spreadsheet" repeats its skills cells as old office
spreadsheets do and leaves half the descriptions empty; "unique" gives every
row its own skills and description sentence, so no reading is served from a
cache. Each is imported ``--runs`` times into a new database; the best run
counts (the machine is shared, the best is the least disturbed).

    .venv/bin/python -m bench.imports [--rows 20000] [--runs 3]

Figures go to stdout and bench/out/imports.json. Exit status 0 even when the
target is missed.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import tempfile
import time
from pathlib import Path
from random import Random

TARGET_ROWS_PER_SECOND = 5000
OUT = Path(__file__).resolve().parent / "out" / "imports.json"
HEADER = ["ref", "kind", "first_name", "last_name", "email", "phone", "languages", "skills", "location",
          "availability", "description"]  # fmt: skip
KINDS = ["language_support", "interpreting", "mentoring", "minors_support", "donation", "other"]
SKILLS = ["Deutschunterricht", "Hausaufgabenhilfe", "Begleitung zum Amt", "Fahrrad reparieren", "Kochen",
          "Mathe-Nachhilfe", "Behördengänge", "Lehrerin", "Fußball", "Gartenarbeit", "Computerkurs",
          "Bewerbungen schreiben", "Kinderbetreuung", "Möbel tragen", "Umzugshilfe", "Malen", "Musik"]  # fmt: skip
LANGUAGES = ["Arabisch", "Farsi", "Englisch", "Türkisch", "Ukrainisch", "Russisch", "Kurmanci", "Dari",
             "arabic (native)", "Französisch, etwas Spanisch"]  # fmt: skip
PLACES = ["Linden-Nord", "30451", "List", "Südstadt", "30159", "Vahrenwald", "Hannover-Mitte", "Döhren"]
WORDS = ["gern", "abends", "Kindern", "Familien", "helfen", "begleiten", "erklären", "Formulare", "Wochenende",
         "Erfahrung", "Schule", "Ausbildung", "Rente", "Zeit", "Nachbarschaft", "Sprache", "Alltag", "Termine"]  # fmt: skip


def generate(rows: int, unique: bool, seed: int = 7) -> bytes:
    rng = Random(seed)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    for i in range(rows):
        if unique:
            skills = f"{', '.join(rng.sample(SKILLS, 2))}, {' '.join(rng.sample(WORDS, 3))} {i}"
            description = f"Ich {rng.choice(WORDS)} {' '.join(rng.sample(WORDS, 5))} Nr. {i}"
        else:
            skills = ", ".join(rng.sample(SKILLS[:8], 2))
            description = rng.choice(["", "", "Vormittags", "Gern mit Kindern", "Nur am Wochenende"])
        writer.writerow([f"R{i}", rng.choice(KINDS), f"Vorname{i}", f"Nachname{i}", f"p{i}@example.org", "",
                         ", ".join(rng.sample(LANGUAGES, 2)), skills, rng.choice(PLACES), "Mo vormittags, Sa",
                         description])  # fmt: skip
    return out.getvalue().encode()


def import_once(data: bytes) -> float:
    """Seconds for one import into a new SQLite database (schema by the migrations, not timed)."""
    from flask_migrate import upgrade

    from app import create_app
    from app.extensions import db
    from app.imports.offers import import_offers
    from config import DevelopmentConfig

    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/bench.sqlite"
        app = create_app(type("BenchConfig", (DevelopmentConfig,), {"SQLALCHEMY_DATABASE_URI": url}))
        with app.app_context():
            upgrade(directory=str(Path(__file__).resolve().parents[1] / "migrations"))
            started = time.perf_counter()
            import_offers(data)
            db.session.commit()
            seconds = time.perf_counter() - started
            db.engine.dispose()
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    results = {}
    for name, unique in (("spreadsheet", False), ("unique", True)):
        data = generate(args.rows, unique)
        best = min(import_once(data) for _ in range(args.runs))
        rate = args.rows / best
        results[name] = {"rows": args.rows, "seconds": round(best, 2), "rows_per_second": round(rate)}
        print(f"import {name:<12} {args.rows} rows in {best:.2f} s = {rate:,.0f} rows/s "
              f"(target {TARGET_ROWS_PER_SECOND:,}: ratio {rate / TARGET_ROWS_PER_SECOND:.2f})")  # fmt: skip
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
