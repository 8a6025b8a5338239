"""Benchmark: suggestions for 1 000 needs among 100 000 open offers on PostgreSQL, and ranking quality.

What it measures, in one process (the scorer runs in the web worker, so no HTTP is involved):
the offer index's full build; ``suggest_offers`` for each of the needs (median, p95, total; each call
also asks the database what changed, as in production); the naive baseline, per-pair
``rapidfuzz.fuzz.WRatio`` of the need's text against every open offer's, on a sample of needs
(it takes about a second per need, so not all 1 000), and the speed ratio of the medians; the
memory of the arrays and of the process; nDCG@10 of our ranking and of the baseline on the
hand-labelled set (bench/matching_data/labelled.py).

How: a database ``helfernetz_bench_matching`` on the server of DATABASE_URL (default
postgresql://postgres@127.0.0.1:5432/), dropped and re-created, schema by ``flask db upgrade``;
rows from bench/matching_data/generate.py (Core bulk inserts, about 20 s), then VACUUM ANALYZE.
Targets (2 cores): median < 50 ms, all needs < 30 s, ≥ 20× faster than the baseline; reported,
not enforced. ``--profile`` runs 100 needs under pyinstrument. Figures go to stdout and
bench/out/matching.json.

    .venv/bin/python -m bench.matching [--reuse] [--needs 1000] [--baseline-sample 20] [--profile]
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import time
from pathlib import Path

import psycopg
import sqlalchemy as sa
from flask_migrate import upgrade
from pyinstrument import Profiler
from rapidfuzz import fuzz, utils
from sqlalchemy.orm import selectinload

from app import create_app
from app.extensions import db
from app.matching.index import offer_index
from app.matching.services import need_query, suggest_offers
from app.needs.models import Need
from bench.backoffice import server_url
from bench.matching_data.generate import describe, generate_matching
from bench.matching_data.quality import evaluate
from bench.submit import BenchError, recreate_database
from config import DevelopmentConfig
from config import database_url as sqlalchemy_url

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
OUT_DIR = BENCH_DIR / "out"
DATABASE = "helfernetz_bench_matching"
TARGET_MEDIAN_MS, TARGET_ALL_S, TARGET_RATIO, TARGET_NDCG = 50.0, 30.0, 20.0, 0.85


def database_url() -> str:
    return f"{server_url()}/{DATABASE}"


def bench_app():
    settings = {"SQLALCHEMY_DATABASE_URI": sqlalchemy_url(database_url(), ""), "RATELIMIT_ENABLED": False}
    return create_app(type("BenchMatchingConfig", (DevelopmentConfig,), settings))


def load(app) -> float:
    """Empty database, schema, rows; seconds it took."""
    started = time.perf_counter()
    recreate_database(server_url(), DATABASE)
    with app.app_context():
        upgrade(directory=str(ROOT / "migrations"))
        generate_matching()
        db.session.commit()
    with psycopg.connect(database_url(), autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")
    return time.perf_counter() - started


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def time_suggestions(needs: list[Need]) -> list[float]:
    """Seconds of each ``suggest_offers`` call, one need after the other."""
    timings = []
    for need in needs:
        started = time.perf_counter()
        suggest_offers(need, limit=20)
        timings.append(time.perf_counter() - started)
    return timings


def time_baseline(needs: list[Need], texts: list[str]) -> list[float]:
    """Seconds per need of the naive ranking: WRatio for every pair, then the best 20."""
    timings = []
    for need in needs:
        text = need_query(need).text
        started = time.perf_counter()
        scores = [fuzz.WRatio(text, other, processor=utils.default_process) for other in texts]
        sorted(range(len(scores)), key=scores.__getitem__, reverse=True)[:20]
        timings.append(time.perf_counter() - started)
    return timings


def run(args: argparse.Namespace) -> dict:
    app = bench_app()
    loaded = None if args.reuse else load(app)
    with app.app_context():
        counts = describe()
        if not counts["open_offers"]:
            raise BenchError("no offers in the bench database; run without --reuse first")
        needs = db.session.scalars(
            sa.select(Need).options(selectinload(Need.organisation)).order_by(Need.id).limit(args.needs)
        ).all()
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        index = offer_index()
        with index.lock:
            index.refresh(db.session)
        columns = index.columns
        array_bytes = sum(getattr(columns, name).nbytes for name in vars(columns) if name != "texts")
        rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        if args.profile:
            profiler = Profiler()
            profiler.start()
            time_suggestions(needs[:100])
            profiler.stop()
            print(profiler.output_text(unicode=True, color=False, show_all=False))
        ours = time_suggestions(needs)
        sample = needs[:: max(1, len(needs) // args.baseline_sample)][: args.baseline_sample]
        naive = time_baseline(sample, columns.texts)
        db.session.rollback()
    quality = evaluate()
    median_ms = statistics.median(ours) * 1000
    naive_ms = statistics.median(naive) * 1000
    return {
        "load_seconds": loaded,
        **counts,
        "index_build_seconds": index.build_seconds,
        "index_array_mb": array_bytes / 2**20,
        "rss_growth_mb_for_index": (rss_after - rss_before) / 1024,
        "rss_max_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "needs_timed": len(ours),
        "median_ms": median_ms,
        "p95_ms": percentile(ours, 0.95) * 1000,
        "max_ms": max(ours) * 1000,
        "all_needs_seconds": sum(ours),
        "baseline_sample": len(naive),
        "baseline_median_ms": naive_ms,
        "baseline_all_needs_seconds_extrapolated": naive_ms / 1000 * len(ours),
        "speed_ratio": naive_ms / median_ms,
        "ndcg10_ours": quality.ours,
        "ndcg10_baseline": quality.baseline,
        "ndcg10_per_need": quality.per_need,
    }


def report(figures: dict) -> None:
    def target(met: bool) -> str:
        return "met" if met else "NOT met"

    rows = [
        ("open offers / needs", f"{figures['open_offers']} / {figures['needs']}", ""),
        ("index build", f"{figures['index_build_seconds']:.2f} s", ""),
        ("index arrays", f"{figures['index_array_mb']:.1f} MB (process max RSS {figures['rss_max_mb']:.0f} MB)", ""),
        (
            "one need, median / p95",
            f"{figures['median_ms']:.1f} / {figures['p95_ms']:.1f} ms",
            target(figures["median_ms"] < TARGET_MEDIAN_MS),
        ),
        (
            f"all {figures['needs_timed']} needs",
            f"{figures['all_needs_seconds']:.1f} s",
            target(figures["all_needs_seconds"] < TARGET_ALL_S),
        ),
        (
            f"naive WRatio baseline, median of {figures['baseline_sample']} needs",
            f"{figures['baseline_median_ms']:.0f} ms",
            "",
        ),
        (
            "speed ratio baseline / ours",
            f"{figures['speed_ratio']:.0f}×",
            target(figures["speed_ratio"] >= TARGET_RATIO),
        ),
        (
            "nDCG@10 ours / baseline (labelled set)",
            f"{figures['ndcg10_ours']:.3f} / {figures['ndcg10_baseline']:.3f}",
            target(figures["ndcg10_ours"] >= TARGET_NDCG),
        ),
    ]
    width = max(len(name) for name, _, _ in rows)
    for name, value, verdict in rows:
        print(f"{name:<{width}}  {value:<40} {verdict}")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reuse", action="store_true", help="keep the database of the last run")
    parser.add_argument("--needs", type=int, default=1000, help="needs to time (default 1000)")
    parser.add_argument("--baseline-sample", type=int, default=20, help="needs for the baseline (default 20)")
    parser.add_argument("--profile", action="store_true", help="pyinstrument over 100 needs")
    return parser.parse_args(argv)


def run_and_report(name: str, run, report, args: argparse.Namespace) -> int:
    """Run a benchmark, print its table and keep its figures in bench/out/<name>.json; 1 if it could not run."""
    try:
        figures = run(args)
    except BenchError as exc:
        print(f"bench/{name}: FAILED: {exc}", file=sys.stderr)
        return 1
    report(figures)
    OUT_DIR.mkdir(exist_ok=True)
    (OUT_DIR / f"{name}.json").write_text(json.dumps(figures, indent=2, default=str))
    return 0


def main() -> int:
    return run_and_report("matching", run, report, parse_args())


if __name__ == "__main__":
    sys.exit(main())
