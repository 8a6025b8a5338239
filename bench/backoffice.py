"""Benchmark: the back office at 100 000 offers and 20 000 persons on PostgreSQL.

What it measures: the latency of the screening queue (/intern/angebote) with
its filters, a search, the second page, and of the person page
(/intern/personen/<public_id>) and the offer page, as a logged-in coordinator
sees them: N sequential requests per page against gunicorn, p50 and p95 per
page, and p95 against the target of 100 ms.

How: a database ``helfernetz_bench_backoffice`` on the server of DATABASE_URL
(default postgresql://postgres@127.0.0.1:5432/), dropped and re-created, schema
by ``flask db upgrade``; 20 000 persons and 100 000 offers from
bench/backoffice_data.py (the trigram index built after the load, then
VACUUM ANALYZE, as after any bulk load); gunicorn with 2 sync workers serving
bench/server.py; a coordinator logs in over HTTP; each page gets a warm-up and
then N timed requests, one at a time (latency, not throughput).

``--explain`` prints EXPLAIN ANALYZE of each queue variant's SQL; ``--profile
PATH`` runs one page in-process under pyinstrument; ``--only TEXT`` measures
the pages whose name contains TEXT; ``--reuse`` keeps a loaded database from
an earlier run. Targets are reported, not enforced; the exit
status is non-zero only when the run failed. Figures go to stdout and
bench/out/backoffice.json.

    .venv/bin/python -m bench.backoffice [--requests 200] [--reuse] [--only TEXT] [--explain] [--profile PATH]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import secrets
import statistics
import sys
import time
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import psycopg
import sqlalchemy as sa
from flask_migrate import upgrade
from pyinstrument import Profiler
from werkzeug.datastructures import MultiDict

from app import create_app
from app.accounts.models import Role, User
from app.extensions import db
from app.offers.models import Offer
from app.screening.forms import QueueForm
from app.screening.queue import queue_page
from bench.backoffice_data import create_indexes, drop_gin_indexes, generate
from bench.submit import BenchError, app_env, free_port, recreate_database, start_server, stop_server, wait_ready
from config import DevelopmentConfig
from config import database_url as sqlalchemy_url

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
OUT_DIR = BENCH_DIR / "out"
DATABASE = "helfernetz_bench_backoffice"
TARGET_P95_MS = 100.0
COORDINATOR = "koordination@bench.invalid"
CSRF_INPUT = re.compile(r'<input[^>]*\bname="csrf_token"[^>]*\bvalue="([^"]+)"')
SESSION_COOKIE = re.compile(r"(?:^|,\s*)session=([^;]+)")
NEXT_LINK = re.compile(r'rel="next" href="([^"]+)"')
QUEUE = "/intern/angebote"

#: Searches: name -> (text, filters). They are POSTed, as the page does, and then timed as GETs.
SEARCHES = {
    "search common name": ("mueller", {"status": "all"}),
    "search full name": ("Olena Kovalenko", {"status": "all"}),
    "search no hit": ("xylophon", {"status": "all"}),
}


def queue_variants() -> dict[str, dict[str, str]]:
    """Filter combinations of the queue: name -> GET parameters."""
    month_ago = (datetime.now(UTC) - timedelta(days=30)).date().isoformat()
    return {
        "queue (new)": {},
        "queue all statuses": {"status": "all"},
        "queue kind housing": {"kind": "housing"},
        "queue language ar": {"status": "all", "language": "ar"},
        "queue borough": {"borough": "Linden-Limmer"},
        "queue source+status": {"status": "verified", "source": "phone"},
        "queue last 30 days": {"status": "all", "received_from": month_ago},
        "queue combined": {
            "status": "all",
            "kind": "interpreting",
            "language": "uk",
            "borough": "Mitte",
            "order": "newest",
        },
    }


def server_url() -> str:
    raw = os.environ.get("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/")
    parts = urlsplit(raw.replace("postgresql+psycopg://", "postgresql://"))
    return f"{parts.scheme}://{parts.netloc}"


def database_url() -> str:
    return f"{server_url()}/{DATABASE}"


def offer_count() -> int:
    try:
        with psycopg.connect(database_url()) as conn:
            return int(conn.execute("SELECT count(*) FROM offers").fetchone()[0])
    except psycopg.Error:
        return 0


def reset_database() -> None:
    """An empty database with the schema the migrations build (``flask db upgrade``, in-process)."""
    recreate_database(server_url(), DATABASE)
    app = bench_app()
    with app.app_context():
        upgrade(directory=str(ROOT / "migrations"))
        db.engine.dispose()


def bench_app():
    """The app in this process, on the bench database (loading, EXPLAIN, profiling)."""
    settings = {"SQLALCHEMY_DATABASE_URI": sqlalchemy_url(database_url(), ""), "RATELIMIT_ENABLED": False}
    return create_app(type("BenchConfig", (DevelopmentConfig,), settings))


def load(app, password: str) -> float:
    """Generate the rows and the coordinator; seconds it took."""
    started = time.perf_counter()
    with app.app_context():
        indexes = drop_gin_indexes(Offer.__tablename__)
        generate()
        create_indexes(indexes)
        user = User(email=COORDINATOR, display_name="Bench Koordination", role=Role.COORDINATOR)
        user.set_password(password)
        db.session.add(user)
        db.session.commit()
    with psycopg.connect(database_url(), autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")
    return time.perf_counter() - started


def set_password(app, password: str) -> None:
    with app.app_context():
        user = db.session.scalars(sa.select(User).where(User.email == COORDINATOR)).one()
        user.set_password(password)
        db.session.commit()


def sample_people(count: int) -> list[str]:
    """Public ids of persons for the person page: random ones and the one with most offers."""
    with psycopg.connect(database_url()) as conn:
        busiest = conn.execute(
            "SELECT p.public_id FROM people p JOIN offers o ON o.person_id = p.id "
            "GROUP BY p.public_id ORDER BY count(*) DESC LIMIT 1"
        ).fetchone()[0]
        rows = conn.execute("SELECT public_id FROM people ORDER BY random() LIMIT %s", (count,)).fetchall()
    return [busiest, *(row[0] for row in rows)]


def sample_offers(count: int) -> list[str]:
    with psycopg.connect(database_url()) as conn:
        rows = conn.execute("SELECT public_id FROM offers ORDER BY random() LIMIT %s", (count,)).fetchall()
    return [row[0] for row in rows]


class Session:
    """One coordinator's browser: a keep-alive connection and the session cookie."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookie = ""
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def request(self, method: str, path: str, body: str | None = None) -> tuple[int, dict, str]:
        headers = {"Cookie": f"session={self.cookie}"} if self.cookie else {}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        self.conn.request(method, path, body=body, headers=headers)
        response = self.conn.getresponse()
        text = response.read().decode("utf-8", "replace")
        cookie = SESSION_COOKIE.search(", ".join(response.headers.get_all("Set-Cookie") or []))
        if cookie:
            self.cookie = cookie.group(1)
        return response.status, response.headers, text

    def form_token(self, path: str) -> str:
        status, _, html = self.request("GET", path)
        token = CSRF_INPUT.search(html)
        if status != 200 or not token:
            raise BenchError(f"GET {path}: status {status}, CSRF token found: {bool(token)}")
        return token.group(1)

    def log_in(self, password: str) -> None:
        token = self.form_token("/anmelden")
        body = urlencode({"email": COORDINATOR, "password": password, "csrf_token": token})
        status, headers, _ = self.request("POST", "/anmelden", body)
        if status != 302 or "/anmelden" in headers.get("Location", ""):
            raise BenchError(f"login failed: status {status}")

    def search(self, text: str, filters: dict[str, str]) -> str:
        """POST a search as the page does; the URL it redirects to (a key, not the text)."""
        body = urlencode({"csrf_token": self.form_token(QUEUE), "q": text, **filters})
        status, headers, _ = self.request("POST", QUEUE, body)
        if status != 303:
            raise BenchError(f"search {text!r}: status {status}")
        return urlsplit(headers["Location"]).path + "?" + urlsplit(headers["Location"]).query

    def timed_get(self, path: str) -> float:
        started = time.perf_counter()
        status, _, _ = self.request("GET", path)
        elapsed = (time.perf_counter() - started) * 1000
        if status != 200:
            raise BenchError(f"GET {path}: status {status}")
        return elapsed


@dataclass
class PageResult:
    name: str
    requests: int
    p50_ms: float
    p95_ms: float
    max_ms: float

    @property
    def ratio(self) -> float:
        return self.p95_ms / TARGET_P95_MS


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def measure(session: Session, name: str, paths: list[str], requests: int, warmup: int) -> PageResult:
    for index in range(warmup):
        session.timed_get(paths[index % len(paths)])
    times = [session.timed_get(paths[index % len(paths)]) for index in range(requests)]
    return PageResult(name, requests, statistics.median(times), percentile(times, 0.95), max(times))


def page_paths(session: Session, people: list[str], offers: list[str]) -> dict[str, list[str]]:
    """Every measured page: name -> the paths its requests cycle through."""
    paths = {name: [QUEUE + ("?" + urlencode(args) if args else "")] for name, args in queue_variants().items()}
    for name, (text, filters) in SEARCHES.items():
        paths[name] = [session.search(text, filters)]
    _, _, first = session.request("GET", QUEUE + "?status=all")
    paths["queue page 2"] = [NEXT_LINK.search(first).group(1).replace("&amp;", "&")]
    paths["person page"] = [f"/intern/personen/{public_id}" for public_id in people]
    paths["offer page"] = [f"/intern/angebote/{public_id}" for public_id in offers]
    return paths


def captured_sql(action) -> list[tuple[str, object]]:
    """The statements and parameters ``action`` sends to the database."""
    captured: list[tuple[str, object]] = []

    def keep(_conn, _cursor, statement, parameters, _context, _many) -> None:
        captured.append((statement, parameters))

    sa.event.listen(db.engine, "before_cursor_execute", keep)
    try:
        action()
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", keep)
    return captured


def explain(app) -> None:
    """EXPLAIN (ANALYZE, BUFFERS) of the SQL each queue variant runs, captured as the app runs it."""
    variants = {name: (args, None) for name, args in queue_variants().items()}
    variants.update({name: (filters, text) for name, (text, filters) in SEARCHES.items()})
    with app.test_request_context():
        for name, (args, text) in variants.items():
            form = QueueForm(formdata=MultiDict(args), meta={"csrf": False})
            if not form.validate():
                raise BenchError(f"{name}: {form.errors}")
            filters = replace(form.to_filters(), query=text)
            print(f"\n=== {name}")
            for statement, parameters in captured_sql(lambda filters=filters: queue_page(filters)):
                cursor = db.session.connection().connection.cursor()
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + statement, parameters)
                print("\n".join(row[0] for row in cursor.fetchall()), "\n---")
            db.session.remove()


def profile(app, password: str, path: str) -> None:
    client = app.test_client()
    token = CSRF_INPUT.search(client.get("/anmelden").get_data(as_text=True)).group(1)
    client.post("/anmelden", data={"email": COORDINATOR, "password": password, "csrf_token": token})
    client.get(path)  # warm caches first
    profiler = Profiler(interval=0.0005)
    with profiler:
        for _ in range(20):
            client.get(path)
    print(profiler.output_text(unicode=True, color=False, show_all=False))


def report(results: list[PageResult], settings: dict) -> dict:
    print(f"\n{settings['requests']} sequential requests per page, {os.cpu_count()} CPUs, target p95 < 100 ms")
    print(f"{'page':<24}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}{'p95/100 ms':>12}  target")
    for r in results:
        verdict = "met" if r.p95_ms < TARGET_P95_MS else "NOT met"
        print(f"{r.name:<24}{r.p50_ms:>9.1f}{r.p95_ms:>9.1f}{r.max_ms:>9.1f}{r.ratio:>12.2f}  {verdict}")
    return {
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "cpus": os.cpu_count(),
        "settings": settings,
        "target_p95_ms": TARGET_P95_MS,
        "pages": [{**r.__dict__, "ratio_to_target": round(r.ratio, 3)} for r in results],
    }


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=200, help="timed requests per page (default 200)")
    parser.add_argument("--warmup", type=int, default=20, help="untimed requests per page first (default 20)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument("--reuse", action="store_true", help="keep the database of an earlier run if it is loaded")
    parser.add_argument("--explain", action="store_true", help="print EXPLAIN ANALYZE of the queue's SQL")
    parser.add_argument("--profile", metavar="PATH", help="profile GET PATH in-process with pyinstrument")
    parser.add_argument("--only", metavar="TEXT", help="measure only the pages whose name contains TEXT")
    return parser.parse_args()


def run(args: argparse.Namespace) -> None:
    env, password = app_env(database_url()), secrets.token_urlsafe(12)
    OUT_DIR.mkdir(exist_ok=True)
    if args.reuse and offer_count() >= 100_000:
        app = bench_app()
        set_password(app, password)
        print("reusing the loaded database")
    else:
        reset_database()
        app = bench_app()
        print(f"loaded 20 000 persons and 100 000 offers in {load(app, password):.1f} s")
    if args.explain:
        explain(app)
    if args.profile:
        profile(app, password, args.profile)
    port, log = free_port(), OUT_DIR / "gunicorn-backoffice.log"
    server = start_server(env, port, args.workers, log)
    try:
        wait_ready(server, port, log)
        session = Session(port)
        session.log_in(password)
        paths = page_paths(session, sample_people(50), sample_offers(50))
        paths = {name: pages for name, pages in paths.items() if not args.only or args.only in name}
        results = [measure(session, name, pages, args.requests, args.warmup) for name, pages in paths.items()]
    finally:
        stop_server(server)
    settings = {"requests": args.requests, "warmup": args.warmup, "workers": args.workers}
    figures = report(results, settings)
    (OUT_DIR / "backoffice.json").write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    print(f"figures written to {(OUT_DIR / 'backoffice.json').relative_to(ROOT)}")


def main() -> int:
    try:
        run(parse_args())
    except BenchError as exc:
        print(f"bench/backoffice: FAILED: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
