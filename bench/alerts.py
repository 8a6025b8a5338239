"""Benchmark: choosing whom to alert for one new need among 100 000 volunteers, on PostgreSQL.

What it measures, in one process (selection runs in the web worker that saves the need):
``app.alerts.selection.recipients`` for each of the needs, one after the other (median, p95),
with the matcher's offer index warm as in production (each call still asks the database what
changed, and the weekly cap and reachability of the chosen ones); how many volunteers each need
chose; and ``announce`` as a whole (selection plus writing the alerts, rolled back) for a sample.
The naive baseline ranks every open offer with the matcher's ``rank`` (reasons built per offer)
and applies the alert rules to the reasons in Python, on a sample of needs; the ratio of the
medians is printed.

How: a database ``helfernetz_bench_alerts`` on the server of DATABASE_URL (default
postgresql://postgres@127.0.0.1:5432/), re-created, schema by ``flask db upgrade``; 100 000
persons and 100 000 open offers from bench/matching_data/generate.py, every person confirmed and
asking for alerts. Target (2 cores): median < 50 ms; reported, not enforced. Figures go to stdout
and bench/out/alerts.json.

    .venv/bin/python -m bench.alerts [--reuse] [--needs 200] [--profile]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time

import psycopg
import sqlalchemy as sa
from flask_migrate import upgrade
from pyinstrument import Profiler
from sqlalchemy.orm import selectinload

from app import create_app
from app.alerts.selection import recipients
from app.alerts.services import announce
from app.extensions import db
from app.matching.index import offer_index
from app.matching.scoring import rank
from app.matching.services import need_query
from app.needs.models import Need
from app.people.models import Person
from bench.backoffice import server_url
from bench.matching import ROOT, percentile, run_and_report
from bench.matching_data.generate import describe, generate_matching
from bench.submit import BenchError, recreate_database
from config import DevelopmentConfig
from config import database_url as sqlalchemy_url

DATABASE = "helfernetz_bench_alerts"
VOLUNTEERS = 100_000
TARGET_MEDIAN_MS = 50.0


def database_url() -> str:
    return f"{server_url()}/{DATABASE}"


def bench_app():
    settings = {
        "SQLALCHEMY_DATABASE_URI": sqlalchemy_url(database_url(), ""),
        "RATELIMIT_ENABLED": False,
        "SERVER_NAME": "bench.invalid",
    }
    return create_app(type("BenchAlertsConfig", (DevelopmentConfig,), settings))


def load(app, needs: int) -> float:
    """Empty database, schema, 100 000 volunteers who all asked for alerts; seconds it took."""
    started = time.perf_counter()
    recreate_database(server_url(), DATABASE)
    with app.app_context():
        upgrade(directory=str(ROOT / "migrations"))
        generate_matching(offers=VOLUNTEERS, persons=VOLUNTEERS, needs=needs)
        people = Person.__table__
        db.session.execute(
            sa.update(people)
            .where(people.c.email.is_not(None))
            .values(alerts_enabled=True, confirmed_at=sa.func.coalesce(people.c.confirmed_at, people.c.created_at))
        )
        db.session.commit()
    with psycopg.connect(database_url(), autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")
    return time.perf_counter() - started


def time_selection(needs: list[Need]) -> tuple[list[float], list[int]]:
    timings, chosen = [], []
    for need in needs:
        started = time.perf_counter()
        found = recipients(need)
        timings.append(time.perf_counter() - started)
        chosen.append(len(found))
    return timings, chosen


def time_baseline(needs: list[Need], min_score: int) -> list[float]:
    """Seconds per need of the naive selection: every offer ranked with reasons, rules applied after."""
    index = offer_index()
    timings = []
    for need in needs:
        query = need_query(need)
        started = time.perf_counter()
        with index.lock:
            columns = index.refresh(db.session)
            allowed = columns.alerts.copy()
            ranked = rank(query, columns, index.context, limit=len(columns), allowed=allowed)
        fits = {}
        for offer_id, score, reasons in ranked:
            person = int(columns.people[index.positions[offer_id]])
            if (
                score >= min_score
                and reasons["within_radius"] is not False
                and (reasons["concepts"] or not query.concepts)
            ):
                fits.setdefault(person, offer_id)
        timings.append(time.perf_counter() - started)
    return timings


def time_announce(needs: list[Need]) -> list[float]:
    """Selection and writing the alerts (and the urgent mails), each rolled back."""
    timings = []
    for need in needs:
        need.is_public = True
        started = time.perf_counter()
        announce(need)
        db.session.flush()
        timings.append(time.perf_counter() - started)
        db.session.rollback()
    return timings


def run(args: argparse.Namespace) -> dict:
    app = bench_app()
    loaded = None if args.reuse else load(app, args.needs)
    with app.app_context(), app.test_request_context():
        counts = describe()
        volunteers = db.session.scalar(sa.select(sa.func.count()).where(Person.alerts_enabled.is_(True)))
        if not volunteers:
            raise BenchError("no volunteers in the bench database; run without --reuse first")
        needs = db.session.scalars(
            sa.select(Need).options(selectinload(Need.organisation)).order_by(Need.id).limit(args.needs)
        ).all()
        index = offer_index()
        with index.lock:
            index.refresh(db.session)
        if args.profile:
            profiler = Profiler()
            profiler.start()
            time_selection(needs[:50])
            profiler.stop()
            print(profiler.output_text(unicode=True, color=False, show_all=False))
        timings, chosen = time_selection(needs)
        sample = needs[:: max(1, len(needs) // args.baseline_sample)][: args.baseline_sample]
        naive = time_baseline(sample, app.config["ALERTS_MIN_SCORE"])
        announced = time_announce(needs[:: max(1, len(needs) // 20)][:20])
        db.session.rollback()
    median_ms = statistics.median(timings) * 1000
    return {
        "load_seconds": loaded,
        **counts,
        "volunteers_with_alerts": volunteers,
        "index_build_seconds": index.build_seconds,
        "needs_timed": len(timings),
        "median_ms": median_ms,
        "p95_ms": percentile(timings, 0.95) * 1000,
        "max_ms": max(timings) * 1000,
        "chosen_median": statistics.median(chosen),
        "chosen_max": max(chosen),
        "needs_with_nobody": sum(1 for n in chosen if n == 0),
        "baseline_sample": len(naive),
        "baseline_median_ms": statistics.median(naive) * 1000,
        "speed_ratio": statistics.median(naive) * 1000 / median_ms,
        "announce_sample": len(announced),
        "announce_median_ms": statistics.median(announced) * 1000,
        "target_median_ms": TARGET_MEDIAN_MS,
        "target_ratio": TARGET_MEDIAN_MS / median_ms,
    }


def report(figures: dict) -> None:
    met = "met" if figures["median_ms"] < TARGET_MEDIAN_MS else "NOT met"
    rows = [
        (
            "volunteers asking for alerts / open offers",
            f"{figures['volunteers_with_alerts']} / {figures['open_offers']}",
        ),
        ("offer index build (once per process)", f"{figures['index_build_seconds']:.2f} s"),
        (
            f"choose for one need, median / p95 of {figures['needs_timed']}",
            f"{figures['median_ms']:.1f} / {figures['p95_ms']:.1f} ms   target < {TARGET_MEDIAN_MS:.0f} ms {met}"
            f" ({figures['target_ratio']:.1f}× under)",
        ),
        (
            f"naive: rank all with reasons, rules after, median of {figures['baseline_sample']}",
            f"{figures['baseline_median_ms']:.0f} ms   ratio naive / ours {figures['speed_ratio']:.0f}×",
        ),
        ("volunteers chosen per need, median / max", f"{figures['chosen_median']:.0f} / {figures['chosen_max']}"),
        ("needs that fit nobody", str(figures["needs_with_nobody"])),
        (
            f"announce (choose + write alerts and urgent mails), median of {figures['announce_sample']}",
            f"{figures['announce_median_ms']:.1f} ms",
        ),
    ]
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"{name:<{width}}  {value}")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reuse", action="store_true", help="keep the database of the last run")
    parser.add_argument("--needs", type=int, default=200, help="needs to time (default 200)")
    parser.add_argument("--baseline-sample", type=int, default=5, help="needs for the baseline (default 5)")
    parser.add_argument("--profile", action="store_true", help="pyinstrument over 50 needs")
    return parser.parse_args(argv)


def main() -> int:
    return run_and_report("alerts", run, report, parse_args())


if __name__ == "__main__":
    sys.exit(main())
