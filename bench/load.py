"""Benchmark: load without loss. 10 000 offer submissions from 50 concurrent citizens while coordinators browse.

What it measures: throughput (accepted submissions/s, requests/s) and latency (p50/p95/p99) of the citizen
flow (GET the form, POST it, GET the thank-you page) and of the coordinators' back-office pages, under
load on gunicorn and PostgreSQL; then it counts, in the database, that every accepted submission is
stored exactly once with the offers it submitted and has exactly one opt-in mail in the outbox, and
that no person was stored who was not accepted (unless the client saw that very request fail).
Beside it: the most PostgreSQL connections the app held, and the CPU time the gunicorn workers,
the PostgreSQL backends and locust used per submission, for sizing.

How: the database ``helfernetz_load`` on the server of DATABASE_URL (default
postgresql://postgres@127.0.0.1:5432/) is dropped and re-created, schema by the migrations, the demo
data set (organisations, needs, 200 volunteers) and ``--coordinators`` coordinator accounts; gunicorn
serves bench/server.py (development config, rate limits off because all load comes from one client
address, mail into the outbox only: no sender runs); locust (bench/locustfile.py) runs headless as a
subprocess until exactly ``--submissions`` are accepted. Figures go to stdout and bench/out/load.json;
the exit status is non-zero when the run failed or anything was lost or duplicated.

    .venv/bin/python -m bench.load [--submissions 10000] [--users 50] [--worker-class gthread]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import secrets
import shutil
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import psycopg
from flask_migrate import upgrade

from app import create_app
from app.accounts.models import Role, User
from app.demo import data as demo
from app.extensions import db
from bench.backoffice import server_url
from bench.matching import percentile
from bench.submit import BenchError, app_env, free_port, recreate_database, start_server, stop_server, wait_ready
from config import DevelopmentConfig
from config import database_url as sqlalchemy_url

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
OUT_DIR = BENCH_DIR / "out"
RECORD_DIR = OUT_DIR / "load-records"
VENV_BIN = ROOT / ".venv" / "bin"
DATABASE = "helfernetz_load"
OPT_IN_TEMPLATE = "offer_opt_in"
CITIZEN_REQUESTS = ("form", "submit", "thanks")
LOGIN_REQUESTS = ("login form", "login")


def database_url() -> str:
    return f"{server_url()}/{DATABASE}"


def bench_app():
    settings = {"SQLALCHEMY_DATABASE_URI": sqlalchemy_url(database_url(), ""), "RATELIMIT_ENABLED": False}
    return create_app(type("BenchLoadConfig", (DevelopmentConfig,), settings))


@dataclass
class Baseline:
    """The highest ids before the load: everything above was written by it."""

    person_id: int
    offer_id: int
    outbox_id: int


def prepare(coordinators: int, password: str) -> tuple[list[str], Baseline]:
    """Empty database, schema, demo data and the coordinator accounts; their addresses and the baseline."""
    recreate_database(server_url(), DATABASE)
    app = bench_app()
    emails = [f"koordination-{index}@bench.invalid" for index in range(1, coordinators + 1)]
    with app.app_context():
        upgrade(directory=str(ROOT / "migrations"))
        demo.load()
        for email in emails:
            user = User(email=email, display_name=f"Last {email.split('@')[0]}", role=Role.COORDINATOR)
            user.set_password(password)
            db.session.add(user)
        db.session.commit()
        db.engine.dispose()
    with psycopg.connect(database_url(), autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")
        ids = conn.execute(
            "SELECT (SELECT coalesce(max(id), 0) FROM people), (SELECT coalesce(max(id), 0) FROM offers),"
            " (SELECT coalesce(max(id), 0) FROM outbox_messages)"
        ).fetchone()
    return emails, Baseline(*ids)


class ConnectionSampler(threading.Thread):
    """Polls pg_stat_activity while the load runs: the most connections the app held, and of them busy."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.stopping = threading.Event()
        self.most = self.most_active = 0
        self.backends: set[int] = set()

    def run(self) -> None:
        with psycopg.connect(database_url(), autocommit=True) as conn:
            while not self.stopping.wait(0.2):
                rows = conn.execute(
                    "SELECT pid, state FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
                    (DATABASE,),
                ).fetchall()
                self.backends.update(pid for pid, _ in rows)
                self.most = max(self.most, len(rows))
                self.most_active = max(self.most_active, sum(state == "active" for _, state in rows))

    def stop(self) -> None:
        self.stopping.set()
        self.join()


def cpu_seconds(pids: set[int]) -> float:
    """User + system CPU of the processes still alive (from /proc; Linux)."""
    ticks = 0
    for pid in pids:
        try:
            stat = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ticks += int(stat[11]) + int(stat[12])  # utime, stime (fields 14 and 15)
    return ticks / os.sysconf("SC_CLK_TCK")


def rss_mb(pid: int) -> float:
    """Resident memory of one process (from /proc; Linux)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def worker_pids(server: subprocess.Popen) -> set[int]:
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
    return {int(pid) for pid in children}


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_locust(args: argparse.Namespace, base: str, coordinators: list[str], password: str) -> Path:
    """Run locust headless until the submissions are in; the path of its JSON statistics."""
    shutil.rmtree(RECORD_DIR, ignore_errors=True)
    stats, log = OUT_DIR / "load-locust", OUT_DIR / "locust-load.log"
    log.unlink(missing_ok=True)  # locust appends
    users = args.users + len(coordinators)
    command = [
        str(VENV_BIN / "locust"),
        *("-f", str(BENCH_DIR / "locustfile.py"), "--headless", "--host", base),
        *("--users", str(users), "--spawn-rate", str(users), "--run-time", f"{args.time_limit}s"),
        *("--stop-timeout", "10", "--exit-code-on-error", "0", "--loglevel", "WARNING"),
        *("--json-file", str(stats), "--logfile", str(log)),
        *("--submissions", str(args.submissions), "--max-failed", str(args.max_failed)),
        *("--record-dir", str(RECORD_DIR), "--coordinators", ",".join(coordinators)),
    ]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "BENCH_LOAD_PASSWORD": password}
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    if done.returncode:
        raise BenchError(f"locust failed (status {done.returncode}); see {log}\n{done.stderr[-2000:]}")
    return stats.with_suffix(".json")


@dataclass
class Row:
    """One line of the latency table (milliseconds; locust rounds above 100 ms to two digits)."""

    name: str
    requests: int
    failures: int
    per_second: float
    p50: float
    p95: float
    p99: float
    max: float


def run_span(stats: list[dict]) -> float:
    """Seconds from the first request to the last one answered."""
    started = min(entry["start_time"] for entry in stats)
    return max(entry["last_request_timestamp"] or started for entry in stats) - started


def merged_row(name: str, entries: list[dict], span: float) -> Row:
    times: Counter[float] = Counter()
    for entry in entries:
        times.update({float(ms): count for ms, count in entry["response_times"].items()})
    ordered = [ms for ms, count in sorted(times.items()) for _ in range(count)] or [0.0]
    requests = sum(entry["num_requests"] for entry in entries)
    return Row(
        name,
        requests,
        sum(entry["num_failures"] for entry in entries),
        requests / span,
        percentile(ordered, 0.50),
        percentile(ordered, 0.95),
        percentile(ordered, 0.99),
        max(entry["max_response_time"] for entry in entries),
    )


def latency_rows(stats: list[dict]) -> list[Row]:
    """Each request type, then the coordinator pages together, then everything."""
    by_name, span = {entry["name"]: entry for entry in stats}, run_span(stats)
    citizen = [name for name in CITIZEN_REQUESTS if name in by_name]
    pages = sorted(name for name in by_name if name not in CITIZEN_REQUESTS + LOGIN_REQUESTS)
    rows = [merged_row(name, [by_name[name]], span) for name in citizen + pages]
    if pages:
        rows.append(merged_row("coordinator pages", [by_name[name] for name in pages], span))
    rows.append(merged_row("all requests", stats, span))
    return rows


@dataclass
class Records:
    """What the citizens saw: address -> kinds submitted, accepted or failed."""

    accepted: dict[str, list[str]] = field(default_factory=dict)
    failed: dict[str, list[str]] = field(default_factory=dict)
    repeated: int = 0


def read_records() -> Records:
    records = Records()
    for path in sorted(RECORD_DIR.glob("*.tsv")):
        for line in path.read_text(encoding="utf-8").splitlines():
            outcome, email, kinds, _status = line.split("\t")
            target = records.accepted if outcome == "accepted" else records.failed
            records.repeated += email in records.accepted or email in records.failed
            target[email] = sorted(kinds.split(","))
    return records


def count_outcomes(records: Records, baseline: Baseline) -> dict:
    """Compare what the citizens were told with what the database holds."""
    with psycopg.connect(database_url()) as conn:
        people = conn.execute("SELECT id, lower(email) FROM people WHERE id > %s", (baseline.person_id,)).fetchall()
        offers = conn.execute("SELECT person_id, kind FROM offers WHERE id > %s", (baseline.offer_id,)).fetchall()
        mails = conn.execute(
            "SELECT lower(recipient), person_id FROM outbox_messages WHERE id > %s AND template = %s",
            (baseline.outbox_id, OPT_IN_TEMPLATE),
        ).fetchall()
        other_mails = conn.execute(
            "SELECT count(*) FROM outbox_messages WHERE id > %s AND template <> %s",
            (baseline.outbox_id, OPT_IN_TEMPLATE),
        ).fetchone()[0]
    persons_by_email: dict[str, list[int]] = defaultdict(list)
    for person_id, email in people:
        persons_by_email[email].append(person_id)
    kinds_by_person: dict[int, list[str]] = defaultdict(list)
    for person_id, kind in offers:
        kinds_by_person[person_id].append(kind)
    mails_by_email: dict[str, list[int]] = defaultdict(list)
    for email, person_id in mails:
        mails_by_email[email].append(person_id)

    lost = duplicated = wrong_offers = mails_lost = mails_duplicated = 0
    for email, kinds in records.accepted.items():
        persons = persons_by_email.get(email, [])
        lost += not persons
        duplicated += len(persons) > 1
        wrong_offers += len(persons) == 1 and sorted(kinds_by_person[persons[0]]) != kinds
        sent = mails_by_email.get(email, [])
        mails_lost += not sent
        # A second mail, or one that belongs to another person row, is a duplicate the citizen would notice.
        mails_duplicated += len(sent) > 1 or (len(sent) == 1 and sent[0] not in persons)
    unaccepted = [email for email in persons_by_email if email not in records.accepted]
    explained = [email for email in unaccepted if email in records.failed]
    return {
        "accepted": len(records.accepted),
        "failed_seen_by_clients": len(records.failed),
        "persons_stored": len(people),
        "offers_stored": len(offers),
        "opt_in_mails_in_outbox": len(mails),
        "other_mails_in_outbox": other_mails,
        "lost": lost,
        "duplicated": duplicated,
        "offers_not_as_submitted": wrong_offers,
        "mails_lost": mails_lost,
        "mails_duplicated": mails_duplicated,
        "stored_but_not_accepted_explained": len(explained),
        "stored_but_not_accepted_unexplained": len(unaccepted) - len(explained),
        "addresses_used_twice": records.repeated,
    }


def problems(counts: dict, target: int) -> list[str]:
    found = [
        f"{key.replace('_', ' ')}: {counts[key]}"
        for key in (
            "lost",
            "duplicated",
            "offers_not_as_submitted",
            "mails_lost",
            "mails_duplicated",
            "stored_but_not_accepted_unexplained",
            "addresses_used_twice",
        )
        if counts[key]
    ]
    if counts["accepted"] != target:
        found.append(f"accepted {counts['accepted']} submissions, not {target} (see bench/out/locust-load.log)")
    return found


def report(figures: dict) -> None:
    settings, counts, sizing = figures["settings"], figures["counts"], figures["sizing"]
    print(
        f"\n{settings['submissions']} submissions, {settings['users']} citizens + {settings['coordinators']} "
        f"coordinators; gunicorn {settings['workers']} x {settings['worker_class']}"
        + (f" ({settings['threads']} threads)" if settings["worker_class"] == "gthread" else "")
        + f"; {figures['cpus']} CPUs, load {figures['load_before']:.2f} before, {figures['load_after']:.2f} after"
    )
    print("rate limits OFF (RATELIMIT_ENABLED=false): they count per client address, and all load comes from one.")
    print(f"\n{'request':<20}{'count':>8}{'fails':>7}{'per s':>8}{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}{'max ms':>8}")
    for row in figures["latency"]:
        print(
            f"{row['name']:<20}{row['requests']:>8}{row['failures']:>7}{row['per_second']:>8.1f}"
            f"{row['p50']:>8.0f}{row['p95']:>8.0f}{row['p99']:>8.0f}{row['max']:>8.0f}"
        )
    print(
        f"\nsubmissions/s {figures['submissions_per_second']:.1f}, requests/s {figures['requests_per_second']:.1f}, "
        f"wall time {figures['wall_seconds']:.0f} s (load only; setup {figures['setup_seconds']:.0f} s)"
    )
    print(
        f"CPU per submission: gunicorn workers {sizing['worker_cpu_ms_per_submission']:.1f} ms, PostgreSQL "
        f"{sizing['postgres_cpu_ms_per_submission']:.1f} ms, locust {sizing['locust_cpu_ms_per_submission']:.1f} ms"
        f" (coordinator pages included)\nPostgreSQL connections: at most {sizing['max_connections']}"
        f" ({sizing['max_active_connections']} busy at once); worker memory at most {sizing['worker_rss_mb']} MB RSS"
    )
    print(
        f"\naccepted {counts['accepted']}, stored {counts['persons_stored']} persons with {counts['offers_stored']}"
        f" offers, {counts['opt_in_mails_in_outbox']} opt-in mails in the outbox"
    )
    print(
        f"lost: {counts['lost']}, duplicated: {counts['duplicated']}, offers not as submitted: "
        f"{counts['offers_not_as_submitted']}; mails lost: {counts['mails_lost']}, mails duplicated: "
        f"{counts['mails_duplicated']}"
    )
    print(
        f"stored though not accepted: {counts['stored_but_not_accepted_explained']} the client saw fail "
        f"(in flight when it gave up), {counts['stored_but_not_accepted_unexplained']} unexplained; "
        f"{counts['failed_seen_by_clients']} submissions failed as the clients saw them"
    )


def run(args: argparse.Namespace) -> dict:
    if args.coordinators < 1:
        raise BenchError("--coordinators must be at least 1")
    if not (VENV_BIN / "locust").exists():
        raise BenchError("locust is not installed: make bench-load installs requirements-bench.txt")
    OUT_DIR.mkdir(exist_ok=True)
    password = secrets.token_urlsafe(12)
    started = time.perf_counter()
    coordinators, baseline = prepare(args.coordinators, password)
    setup_seconds = time.perf_counter() - started
    port, log = free_port(), OUT_DIR / "gunicorn-load.log"
    # gunicorn turns sync into gthread when --threads > 1, so threads go only with gthread.
    threads = ("--threads", str(args.threads)) if args.worker_class == "gthread" else ()
    worker_args = ("--worker-class", args.worker_class, *threads)
    server = start_server(app_env(database_url()), port, args.workers, log, worker_args)
    try:
        wait_ready(server, port, log)
        sampler = ConnectionSampler()
        sampler.start()
        workers, load_before = worker_pids(server), os.getloadavg()[0]
        cpu_before = (cpu_seconds(workers), children_cpu())
        began = time.perf_counter()
        stats_path = run_locust(args, f"http://127.0.0.1:{port}", coordinators, password)
        wall = time.perf_counter() - began
        load_after = os.getloadavg()[0]
        sampler.stop()
        worker_cpu, postgres_cpu = cpu_seconds(workers) - cpu_before[0], cpu_seconds(sampler.backends)
        worker_rss = max(rss_mb(pid) for pid in workers)
        locust_cpu = children_cpu() - cpu_before[1]
    finally:
        stop_server(server)
    stats = json.loads(stats_path.read_text())
    counts = count_outcomes(read_records(), baseline)
    accepted = max(counts["accepted"], 1)
    figures = {
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "cpus": os.cpu_count(),
        "load_before": load_before,
        "load_after": load_after,
        "settings": {key: value for key, value in vars(args).items()},
        "rate_limits": "off: they count per client address, and all load comes from one",
        "setup_seconds": round(setup_seconds, 1),
        "wall_seconds": round(wall, 1),
        "submissions_per_second": counts["accepted"] / run_span(stats),
        "requests_per_second": sum(entry["num_requests"] for entry in stats) / run_span(stats),
        "latency": [asdict(row) for row in latency_rows(stats)],
        "sizing": {
            "worker_cpu_ms_per_submission": 1000 * worker_cpu / accepted,
            "postgres_cpu_ms_per_submission": 1000 * postgres_cpu / accepted,
            "locust_cpu_ms_per_submission": 1000 * locust_cpu / accepted,
            "worker_rss_mb": round(worker_rss),
            "max_connections": sampler.most,
            "max_active_connections": sampler.most_active,
        },
        "counts": counts,
    }
    figures["problems"] = problems(counts, args.submissions)
    return figures


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--submissions", type=int, default=10_000, help="accepted submissions (default 10000)")
    parser.add_argument("--users", type=int, default=50, help="concurrent citizens (default 50)")
    parser.add_argument("--coordinators", type=int, default=5, help="coordinators browsing (default 5)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument("--worker-class", choices=["sync", "gthread"], default="gthread", help="(default gthread)")
    parser.add_argument("--threads", type=int, default=4, help="threads per gthread worker (default 4)")
    parser.add_argument("--max-failed", type=int, default=100, help="give up after this many failed submissions")
    parser.add_argument("--time-limit", type=int, default=1800, help="seconds locust may run at most (default 1800)")
    return parser.parse_args(argv)


def main() -> int:
    try:
        figures = run(parse_args())
    except BenchError as exc:
        print(f"bench/load: FAILED: {exc}", file=sys.stderr)
        return 1
    report(figures)
    (OUT_DIR / "load.json").write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    print(f"figures written to {(OUT_DIR / 'load.json').relative_to(ROOT)}")
    if figures["problems"]:
        print("bench/load: FAILED: " + "; ".join(figures["problems"]), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
