"""Benchmark: the public offer form (POST /helfen/angebot) under load.

What it measures: submissions per second and latency (p50/p95/p99) of valid
offer-form POSTs, each of which validates the form, stores a person with one
offer, an audit entry and a queued opt-in mail in PostgreSQL and answers with
302 → /helfen/danke. Beside it, in the same run and on the same server, the
trivial endpoint ``/_bench/ping`` (bench/server.py: plain "pong", no database,
no template) gives the ceiling of server + Flask + the app's request hooks;
the report prints submit/ping as a ratio.

How: a fresh database ``helfernetz_bench`` on 127.0.0.1:5432 (dropped and
re-created, schema by ``flask db upgrade``), gunicorn with 2 sync workers
serving ``bench.server:app`` (development config, rate limits off), one GET of
the form for a CSRF token and its session cookie, one checked POST, then wrk
(bench/load.lua) against ping and submit: a short warm-up each, then the
measured run. Rows in ``people`` are counted before and after the measured
submit run and compared with the requests wrk saw accepted.

Targets (reported, not enforced): >= 200 submissions/s and submit/ping >= 0.25
on a 2-core machine. Exit status 0 even when a target is missed; non-zero
only when the run itself failed (server did not start, error responses,
submissions not stored). Figures go to stdout and bench/out/submit.json.

    .venv/bin/python bench/submit.py [--duration 10] [--connections 16]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode

import psycopg

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
OUT_DIR = BENCH_DIR / "out"
VENV_BIN = ROOT / ".venv" / "bin"
PG_SERVER = "postgresql://postgres@127.0.0.1:5432"
DATABASE = "helfernetz_bench"
FORM_PATH = "/helfen/angebot"
THANKS_PATH = "/helfen/danke"
PING_PATH = "/_bench/ping"
TARGET_RATE = 200.0
TARGET_RATIO = 0.25
#: The minimal valid submission; wrk adds a different e-mail address per request.
FORM_FIELDS = [
    ("kinds", "other"),
    ("other-description", "Fahrradreparatur"),
    ("first_name", "Anna"),
    ("last_name", "Muster"),
    ("district", "Linden-Nord"),
    ("postcode", "30451"),
    ("consent", "y"),
]
CSRF_INPUT = re.compile(r'<input[^>]*\bname="csrf_token"[^>]*\bvalue="([^"]+)"')
SESSION_COOKIE = re.compile(r"(?:^|,\s*)session=([^;]+)")


class BenchError(RuntimeError):
    """The run failed (as opposed to: it ran and missed a target)."""


@dataclass
class WrkResult:
    """What wrk's done() reported for one endpoint; latencies in microseconds."""

    requests: int
    duration_us: int
    bytes: int
    p50_us: float
    p75_us: float
    p90_us: float
    p95_us: float
    p99_us: float
    mean_us: float
    max_us: float
    non_2xx_3xx: int
    connect_errors: int
    read_errors: int
    write_errors: int
    timeouts: int

    @property
    def rate(self) -> float:
        return self.requests / (self.duration_us / 1_000_000)

    @property
    def socket_errors(self) -> int:
        return self.connect_errors + self.read_errors + self.write_errors + self.timeouts

    @property
    def accepted(self) -> int:
        return self.requests - self.non_2xx_3xx


@dataclass
class LoadSettings:
    threads: int
    connections: int
    duration: int
    warmup: int


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds per measured run (default 10)")
    parser.add_argument("--warmup", type=int, default=3, help="seconds of warm-up per endpoint (default 3)")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (default 2)")
    parser.add_argument("--connections", type=int, default=16, help="wrk connections (default 16)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    return parser.parse_args()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def app_env(database_url: str = f"{PG_SERVER}/{DATABASE}") -> dict[str, str]:
    """The environment for flask and gunicorn: development config on a bench database."""
    return {
        **os.environ,
        "HELFERNETZ_CONFIG": "development",
        "DATABASE_URL": database_url,
        "SECRET_KEY": secrets.token_hex(16),
        "RATELIMIT_ENABLED": "false",
        "MAIL_TRANSPORT": "console",
    }


def recreate_database(server: str, name: str) -> None:
    """Drop the database ``name`` on ``server`` (a postgresql:// URL without database) and create it empty."""
    try:
        with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.Error as exc:
        raise BenchError(f"PostgreSQL at {server} is not usable: {exc}") from exc


def reset_database(env: dict[str, str]) -> None:
    """Drop and re-create the bench database, then build the schema by migration."""
    recreate_database(PG_SERVER, DATABASE)
    done = subprocess.run(
        [str(VENV_BIN / "flask"), "--app", "wsgi", "db", "upgrade"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        raise BenchError(f"flask db upgrade failed:\n{done.stderr[-2000:]}")


def count_people() -> int:
    with psycopg.connect(f"{PG_SERVER}/{DATABASE}") as conn:
        row = conn.execute("SELECT count(*) FROM people").fetchone()
    return int(row[0]) if row else 0


def start_server(
    env: dict[str, str], port: int, workers: int, log: Path, extra_args: tuple[str, ...] = ()
) -> subprocess.Popen:
    """gunicorn serving bench.server:app; ``extra_args`` for more options (worker class, threads)."""
    command = [
        str(VENV_BIN / "gunicorn"),
        "--pythonpath",
        str(ROOT),
        "--workers",
        str(workers),
        "--bind",
        f"127.0.0.1:{port}",
        "--error-logfile",
        str(log),
        *extra_args,
        "bench.server:app",
    ]
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)


def wait_ready(server: subprocess.Popen, port: int, log: Path, timeout: float = 30.0) -> None:
    """Wait until ping answers, so that every worker has the app loaded."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise BenchError(f"gunicorn exited with status {server.returncode}; see {log}")
        try:
            status, _, _ = http_request(port, "GET", PING_PATH)
        except OSError:
            status = 0
        if status == 200:
            return
        time.sleep(0.2)
    raise BenchError(f"gunicorn did not answer {PING_PATH} within {timeout:.0f} s; see {log}")


def stop_server(server: subprocess.Popen) -> None:
    if server.poll() is None:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def http_request(
    port: int, method: str, path: str, body: str | None = None, headers: dict[str, str] | None = None
) -> tuple[int, http.client.HTTPMessage, str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.headers, response.read().decode("utf-8", "replace")
    finally:
        conn.close()


def fetch_form(port: int) -> tuple[str, str]:
    """GET the form once: its CSRF token and the session cookie that token belongs to."""
    status, headers, html = http_request(port, "GET", FORM_PATH)
    token = CSRF_INPUT.search(html)
    cookie = SESSION_COOKIE.search(", ".join(headers.get_all("Set-Cookie") or []))
    if status != 200 or not token or not cookie:
        raise BenchError(f"GET {FORM_PATH}: status {status}, token found: {bool(token)}, cookie: {bool(cookie)}")
    return token.group(1), cookie.group(1)


def form_body(token: str) -> str:
    return urlencode([*FORM_FIELDS, ("csrf_token", token)])


def check_submission(port: int, body: str, cookie: str) -> None:
    """One POST by hand: it must redirect to the thank-you page, or the run measures errors."""
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": f"session={cookie}"}
    status, response_headers, _ = http_request(port, "POST", FORM_PATH, body + "&email=check%40example.org", headers)
    location = response_headers.get("Location", "")
    if status != 302 or not location.endswith(THANKS_PATH):
        raise BenchError(f"POST {FORM_PATH}: expected 302 to {THANKS_PATH}, got {status} {location!r}")


def run_wrk(url: str, settings: LoadSettings, seconds: int, extra_env: dict[str, str]) -> WrkResult:
    command = [
        "wrk",
        f"-t{settings.threads}",
        f"-c{settings.connections}",
        f"-d{seconds}s",
        "--latency",
        "-s",
        str(BENCH_DIR / "load.lua"),
        url,
    ]
    env = {key: value for key, value in os.environ.items() if not key.startswith("BENCH_")} | extra_env
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    line = next((x for x in done.stdout.splitlines() if x.startswith("BENCH_RESULT ")), None)
    if done.returncode or line is None:
        raise BenchError(f"wrk failed (status {done.returncode}):\n{done.stdout}\n{done.stderr}")
    return WrkResult(**json.loads(line.removeprefix("BENCH_RESULT ")))


def check_wrk(name: str, result: WrkResult) -> None:
    if result.non_2xx_3xx or result.socket_errors:
        raise BenchError(
            f"{name}: {result.non_2xx_3xx} non-2xx/3xx responses and {result.socket_errors} socket errors "
            f"in {result.requests} requests (see bench/out/gunicorn.log)"
        )


def measure(name: str, url: str, settings: LoadSettings, extra_env: dict[str, str]) -> WrkResult:
    """A warm-up run (discarded), then the measured run."""
    if settings.warmup:
        check_wrk(f"{name} warm-up", run_wrk(url, settings, settings.warmup, extra_env))
    result = run_wrk(url, settings, settings.duration, extra_env)
    check_wrk(name, result)
    return result


def measure_submit(base: str, port: int, settings: LoadSettings) -> tuple[WrkResult, int]:
    """Submissions under load; returns wrk's figures and how many people rows they added."""
    token, cookie = fetch_form(port)
    body = form_body(token)
    check_submission(port, body, cookie)
    extra_env = {"BENCH_FORM_BODY": body, "BENCH_SESSION_COOKIE": cookie}
    if settings.warmup:
        check_wrk("submit warm-up", run_wrk(base + FORM_PATH, settings, settings.warmup, extra_env))
    time.sleep(0.5)  # let requests still in flight when wrk stopped finish
    before = count_people()
    result = run_wrk(base + FORM_PATH, settings, settings.duration, extra_env)
    time.sleep(0.5)
    stored = count_people() - before
    check_wrk("submit", result)
    return result, stored


def endpoint_row(name: str, result: WrkResult) -> str:
    ms = [result.p50_us / 1000, result.p95_us / 1000, result.p99_us / 1000]
    return f"{name:<10}{result.rate:>9.1f}{ms[0]:>9.1f}{ms[1]:>9.1f}{ms[2]:>9.1f}{result.requests:>10}"


def met(ok: bool) -> str:
    return "met" if ok else "NOT met"


def report(ping: WrkResult, submit: WrkResult, stored: int, settings: LoadSettings) -> dict:
    """Print the table and return the same figures for the JSON file."""
    ratio = submit.rate / ping.rate
    rate_ok, ratio_ok = submit.rate >= TARGET_RATE, ratio >= TARGET_RATIO
    print(f"\nwrk -t{settings.threads} -c{settings.connections} -d{settings.duration}s, {os.cpu_count()} CPUs")
    print(f"{'endpoint':<10}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'requests':>10}")
    print(endpoint_row("ping", ping))
    print(endpoint_row("submit", submit))
    print(f"ratio submit/ping = {ratio:.2f} (target >= {TARGET_RATIO}: {met(ratio_ok)})")
    print(f"submissions/s = {submit.rate:.1f} (target >= {TARGET_RATE:.0f}: {met(rate_ok)})")
    late = f" (+{stored - submit.accepted} answered after wrk stopped counting)" if stored > submit.accepted else ""
    print(f"rows stored: {stored} of {submit.accepted} accepted requests{late}")
    return {
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "cpus": os.cpu_count(),
        "settings": asdict(settings),
        "endpoints": {
            name: {**asdict(result), "requests_per_second": round(result.rate, 1)}
            for name, result in (("ping", ping), ("submit", submit))
        },
        "ratio_submit_ping": round(ratio, 3),
        "targets": {
            "submissions_per_second": {"target": TARGET_RATE, "met": rate_ok},
            "ratio_submit_ping": {"target": TARGET_RATIO, "met": ratio_ok},
        },
        "rows_stored": stored,
        "accepted_requests": submit.accepted,
    }


def check_stored(stored: int, submit: WrkResult) -> None:
    # wrk does not count answers still in flight when it stops, so a few more rows are fine.
    if stored < submit.accepted:
        raise BenchError(f"only {stored} people rows for {submit.accepted} accepted submissions")


def run(args: argparse.Namespace) -> None:
    if not shutil.which("wrk"):
        raise BenchError("wrk is not installed (Debian/Ubuntu: apt-get install wrk)")
    settings = LoadSettings(args.threads, args.connections, args.duration, args.warmup)
    env, port, log = app_env(), free_port(), OUT_DIR / "gunicorn.log"
    OUT_DIR.mkdir(exist_ok=True)
    reset_database(env)
    server = start_server(env, port, args.workers, log)
    try:
        wait_ready(server, port, log)
        base = f"http://127.0.0.1:{port}"
        ping = measure("ping", base + PING_PATH, settings, {})
        submit, stored = measure_submit(base, port, settings)
    finally:
        stop_server(server)
    figures = report(ping, submit, stored, settings)
    (OUT_DIR / "submit.json").write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    print(f"figures written to {(OUT_DIR / 'submit.json').relative_to(ROOT)}")
    check_stored(stored, submit)


def main() -> int:
    try:
        run(parse_args())
    except BenchError as exc:
        print(f"bench/submit: FAILED: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
