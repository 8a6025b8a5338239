"""`make security`: bandit, pip-audit, and sqlmap and wapiti against a throwaway local instance.

Reports go to reports/security/; a summary table closes the run. The exit status is non-zero when any tool
found something of medium severity or above, or could not do its job (a scan without data is not clean).
"""

from __future__ import annotations

import importlib.metadata
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import security_targets  # noqa: E402 - beside this file

REPORTS = ROOT / "reports" / "security"
BIN = Path(sys.executable).parent
SEVERITIES = ("info", "low", "medium", "high", "critical")
FAILING = {"medium", "high", "critical", "error"}

#: sqlmap: level 1 and risk 1 (the defaults) on every parameter: level 2 took 7.6 s per parameter (the
#: offer form alone 460 s) and adds mostly cookie tests, and the app reads no cookie but its signed
#: session; risk 1 leaves out the OR-based and heavy time-based payloads that would rewrite or stall the
#: demo data. The instance runs SQLite, so payloads for other database systems could not fire anyway.
SQLMAP_OPTIONS = ["--level", "1", "--risk", "1", "--dbms", "SQLite", "--timeout", "15", "--retries", "1"]
#: Parameters per sqlmap run, and runs at once: sqlmap tests one parameter after the other.
SQLMAP_CHUNK = 6
SQLMAP_PARALLEL = 4
#: wapiti: the default modules less ssrf (it needs wapiti's own server on the internet), blindsql (sqlmap's
#: time-based tests cover it) and file (no request names a file; one pass over the offer form's 150 fields
#: took over 5 min), plus csrf, crlf and methods; nikto and wapp need database downloads.
WAPITI_MODULES = "cookieflags,csp,exec,http_headers,permanentxss,redirect,sql,xss,csrf,crlf,methods"
#: wapiti bounds: --max-scan-time limits only the crawl and --max-attack-time each module, checked between
#: two requests it attacks, so a hard limit stops a run that still overruns (and counts as an error).
WAPITI_CRAWL_SECONDS = 90
WAPITI_MODULE_SECONDS = 40
WAPITI_HARD_SECONDS = 720


@dataclass
class Result:
    tool: str
    report: str
    counts: Counter = field(default_factory=Counter)
    note: str = ""

    @property
    def failed(self) -> bool:
        return any(self.counts[s] for s in FAILING)


#: Tools running now, so that a TERM stops them too (sqlmap runs in threads the signal does not reach).
_running: set[subprocess.Popen] = set()
_stopping = False


def run(cmd: list[str], log: Path, timeout: float | None = None, **kwargs) -> int:
    if _stopping:
        raise SystemExit(143)
    with log.open("w") as out, subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, **kwargs) as proc:  # noqa: S603
        _running.add(proc)
        try:
            return proc.wait(timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            raise
        finally:
            _running.discard(proc)


def _stop(signum: int, _frame) -> None:
    global _stopping
    _stopping = True
    for proc in list(_running):
        proc.terminate()
    sys.exit(128 + signum)


def bandit() -> Result:
    report = REPORTS / "bandit.json"
    run(
        [
            str(BIN / "bandit"),
            "-c",
            "pyproject.toml",
            "-r",
            "app",
            "config.py",
            "wsgi.py",
            "-f",
            "json",
            "-o",
            str(report),
        ],
        REPORTS / "bandit.log",
        cwd=ROOT,
    )
    result = Result("bandit", str(report.relative_to(ROOT)))
    data = json.loads(report.read_text()) if report.exists() else {"errors": ["no report"]}
    result.counts.update(issue["issue_severity"].lower() for issue in data.get("results", []))
    result.counts["error"] += len(data.get("errors", []))
    return result


def pip_audit() -> Result:
    """pip-audit over every installed package; "clean" only when every package was looked up.

    Where no vulnerability service answers (this build machine reaches neither OSV nor PyPI's
    per-version JSON), PyPI's project data stands in: see :func:`pypi_project_audit`.
    """
    report = REPORTS / "pip-audit.json"
    report.unlink(missing_ok=True)
    run(
        [
            str(BIN / "pip-audit"),
            "--strict",
            "--progress-spinner",
            "off",
            "--timeout",
            "15",
            "-f",
            "json",
            "-o",
            str(report),
        ],
        REPORTS / "pip-audit.log",
        cwd=ROOT,
    )
    data = json.loads(report.read_text()) if report.exists() else {}
    dependencies = data.get("dependencies", [])
    # --strict stops at the first package the service cannot answer for: no report, or skip reasons.
    if not dependencies or any("skip_reason" in d for d in dependencies):
        return pypi_project_audit()
    result = Result("pip-audit", str(report.relative_to(ROOT)))
    # pip-audit gives no severity; a known vulnerability in an installed package counts as high.
    result.counts["high"] += sum(len(d.get("vulns", [])) for d in dependencies)
    return result


#: Installed versions that are not PyPI's newest release, so PyPI's project data says nothing about
#: them; each was checked by hand against the PyPA advisory database (github.com/pypa/advisory-database,
#: vulns/<name>/) on the date given. The newest releases need Python 3.12; the project runs on 3.11.
REVIEWED_PINS = {
    "numpy": ("2.4.6", "2026-11-24: advisories end in 2021 and affect < 1.22 only"),
    "deprecated": ("1.3.1", "2026-11-24: no advisory for the package"),
}


def _project_data(name: str) -> dict | None:
    try:
        with urllib.request.urlopen(f"https://pypi.org/pypi/{name}/json", timeout=15) as answer:
            return json.load(answer)
    except (OSError, ValueError):
        return None


def pypi_project_audit() -> Result:
    """Known vulnerabilities from PyPI's project JSON, which lists those of the newest release only.

    A package at its newest release is audited by it; an older one counts as an error unless it
    was reviewed by hand (:data:`REVIEWED_PINS`, same version).
    """
    installed = {dist.metadata["Name"].lower(): dist.version for dist in importlib.metadata.distributions()}
    with ThreadPoolExecutor(16) as pool:
        answers = dict(zip(installed, pool.map(_project_data, installed), strict=True))
    result = Result("pip-audit", "reports/security/pypi-advisories.json")
    rows, reviewed = [], 0
    for name, version in sorted(installed.items()):
        data = answers[name]
        latest = data["info"]["version"] if data else None
        vulns = [v["id"] for v in (data or {}).get("vulnerabilities", []) if not v.get("withdrawn")]
        if latest == version:
            result.counts["high"] += len(vulns)
            state = "vulnerable" if vulns else "audited"
        elif REVIEWED_PINS.get(name, ("",))[0] == version:
            reviewed += 1
            state = "reviewed: " + REVIEWED_PINS[name][1]
        else:
            result.counts["error"] += 1
            state = "not auditable: PyPI unreachable" if data is None else f"not auditable: newest is {latest}"
        rows.append({"name": name, "version": version, "state": state, "vulns": vulns if latest == version else []})
    (REPORTS / "pypi-advisories.json").write_text(json.dumps(rows, indent=2) + "\n")
    result.note = (
        f"no vulnerability service reachable; PyPI project data: {len(rows) - reviewed} packages at their "
        f"newest release audited, {reviewed} older pins reviewed by hand (pypi-advisories.json)"
    )
    return result


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def instance(workdir: Path) -> Iterator[tuple[str, dict]]:
    """gunicorn on a free loopback port with a fresh SQLite database and the demo data; stopped on exit."""
    env = {
        **os.environ,
        "HELFERNETZ_CONFIG": "development",
        "DATABASE_URL": f"sqlite:///{workdir / 'scan.sqlite'}",
        "RATELIMIT_ENABLED": "false",  # the scanners would be throttled after a few requests
        "MAIL_TRANSPORT": "console",
    }
    flask = [str(BIN / "flask"), "--app", "wsgi"]
    for step in (["db", "upgrade"], ["demo", "load", "--new-passwords"]):
        subprocess.run([*flask, *step], env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)  # noqa: S603
    base = f"http://127.0.0.1:{free_port()}"
    with (REPORTS / "gunicorn.log").open("w") as log:
        server = subprocess.Popen(  # noqa: S603
            [str(BIN / "gunicorn"), "-b", base.removeprefix("http://"), "-w", "2", "--threads", "4", "wsgi:app"],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=log,
        )
    try:
        _wait_until_up(base + "/healthz", server)
        yield base, env
    finally:
        server.terminate()
        server.wait(timeout=15)


def _wait_until_up(url: str, server: subprocess.Popen) -> None:
    for _ in range(100):
        if server.poll() is not None:
            raise RuntimeError("gunicorn stopped at start, see reports/security/gunicorn.log")
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 - our own loopback instance
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not answer within 20 s")


def discover(base: str, env: dict) -> tuple[list[security_targets.Target], list[str], list[str]]:
    """The public forms and query parameters, the seeded links, and public routes the crawl never reached."""
    os.environ.update({k: env[k] for k in ("HELFERNETZ_CONFIG", "DATABASE_URL", "MAIL_TRANSPORT")})
    from app import create_app

    app = create_app()
    urls = app.url_map.bind("127.0.0.1")
    start = security_targets.seed_links(app, base)
    crawl = security_targets.discover(base, urls, start, lambda: security_targets.mailed_links(app, base))
    found = security_targets.targets(crawl.forms, crawl.links, urls)
    (REPORTS / "targets.json").write_text(security_targets.dump(found))
    seeded = [*start, *sorted(security_targets.mailed_links(app, base))]
    return found, seeded, security_targets.missing_token_pages(urls, crawl.reached)


def sqlmap(target: security_targets.Target, out: Path) -> str:
    """One target; answers "injectable", "clean" or "error" (sqlmap could not test it)."""
    out.mkdir(parents=True)
    cmd = [
        "sqlmap",
        "-u",
        target.url,
        "-p",
        ",".join(target.parameters),
        "--batch",
        "--flush-session",
        "--disable-coloring",
        "--output-dir",
        str(out),
        *SQLMAP_OPTIONS,
    ]
    if target.data is not None:
        cmd += ["--data", target.data]  # POST; an explicit --method POST would fetch the CSRF page by POST too
    if target.csrf_url:
        cmd += ["--csrf-token", security_targets.CSRF_FIELD, "--csrf-url", target.csrf_url, "--csrf-method", "GET"]
    run(cmd, out / "sqlmap.log")
    text = (out / "sqlmap.log").read_text(errors="replace")
    if "identified the following injection point" in text:
        return "injectable"
    if "do not appear to be injectable" in text or "does not seem to be injectable" in text:
        return "clean"
    return "error"


def sqlmap_all(found: list[security_targets.Target], missing: list[str]) -> Result:
    result = Result("sqlmap", str((REPORTS / "sqlmap").relative_to(ROOT)))
    shutil.rmtree(REPORTS / "sqlmap", ignore_errors=True)
    runs = {
        f"{i:02d}-{target.name}": replace(target, parameters=target.parameters[start : start + SQLMAP_CHUNK])
        for i, (target, start) in enumerate(
            (t, start) for t in found for start in range(0, len(t.parameters), SQLMAP_CHUNK)
        )
    }
    with ThreadPoolExecutor(SQLMAP_PARALLEL) as pool:
        done = pool.map(lambda name: sqlmap(runs[name], REPORTS / "sqlmap" / name), runs)
        outcomes = dict(zip(runs, done, strict=True))
    result.counts.update({"injectable": "high", "error": "error"}[o] for o in outcomes.values() if o != "clean")
    result.counts["error"] += len(missing)
    parameters = sum(len(t.parameters) for t in found)
    bad = sorted(name for name, outcome in outcomes.items() if outcome != "clean")
    result.note = f"{len(found)} targets, {parameters} parameters in {len(runs)} runs"
    result.note += f"; not clean: {', '.join(bad)}" if bad else ""
    if missing:
        result.note += f"; no link reached {', '.join(missing)}"
    (REPORTS / "sqlmap" / "outcomes.json").write_text(json.dumps(outcomes, indent=2))
    return result


def wapiti(base: str, seeded: list[str], workdir: Path) -> Result:
    """wapiti's levels are 0 info, 1 low, 2 medium, 3 high, 4 critical (wapitiCore/language/vulnerability.py
    in 3.0.4) for vulnerabilities, anomalies (a 500 answer is one) and additionals alike.

    No -x exclusions: 3.0.4 builds an invalid regular expression from each on Python 3.11 and stops. Nothing
    public needs excluding (logging out is a POST and an anonymous scanner has no session to lose).
    """
    report = REPORTS / "wapiti.json"
    report.unlink(missing_ok=True)
    # wapiti 3.0.4 sets up every module, wanted or not, and wapp then downloads its database from GitHub
    # unless one is there: an empty one keeps the scan on this machine.
    (workdir / "wapiti").mkdir(exist_ok=True)
    (workdir / "wapiti" / "apps.json").write_text("{}")
    cmd = [
        "wapiti",
        "-u",
        base + "/",
        "--scope",
        "folder",
        "-m",
        WAPITI_MODULES,
        "-d",
        "3",
        "--max-links-per-page",
        "40",
        "--max-files-per-dir",
        "30",
        "--max-scan-time",
        str(WAPITI_CRAWL_SECONDS),
        "--max-attack-time",
        str(WAPITI_MODULE_SECONDS),
        "-t",
        "15",
        "--flush-session",
        "--no-bugreport",
        "--store-session",
        str(workdir / "wapiti"),
        "--store-config",
        str(workdir / "wapiti"),
        "-f",
        "json",
        "-o",
        str(report),
        "-v",
        "1",
    ]
    for url in seeded:
        cmd += ["-s", url]
    result = Result("wapiti", str(report.relative_to(ROOT)))
    try:
        run(cmd, REPORTS / "wapiti.log", timeout=WAPITI_HARD_SECONDS)
    except subprocess.TimeoutExpired:
        result.counts["error"] += 1
        result.note = f"stopped after {WAPITI_HARD_SECONDS} s without a report"
        return result
    if not report.exists():
        result.counts["error"] += 1
        result.note = "no report, see wapiti.log"
        return result
    data = json.loads(report.read_text())
    for section in ("vulnerabilities", "anomalies", "additionals"):
        for items in data.get(section, {}).values():
            result.counts.update(SEVERITIES[int(item["level"])] for item in items)
    return result


def summary(results: list[Result], seconds: float) -> str:
    columns = (*reversed(SEVERITIES), "error")
    lines = [f"{'tool':<10}" + "".join(f"{c:>9}" for c in columns) + "  report"]
    for r in results:
        lines.append(f"{r.tool:<10}" + "".join(f"{r.counts[c]:>9}" for c in columns) + f"  {r.report}")
        if r.note:
            lines.append(f"{'':<10}{r.note}")
    failed = [r.tool for r in results if r.failed]
    verdict = f"FAILED: {', '.join(failed)}" if failed else "clean: nothing of medium severity or above"
    lines.append(f"{verdict} ({seconds / 60:.1f} min)")
    return "\n".join(lines)


def main() -> int:
    # A TERM (make interrupted, CI timeout) stops the tools and still runs the finally that stops gunicorn.
    signal.signal(signal.SIGTERM, _stop)
    started = time.monotonic()
    REPORTS.mkdir(parents=True, exist_ok=True)
    results = [bandit(), pip_audit()]
    with tempfile.TemporaryDirectory(prefix="helfernetz-security-") as tmp, instance(Path(tmp)) as (base, env):
        found, seeded, missing = discover(base, env)
        results.append(sqlmap_all(found, missing))
        results.append(wapiti(base, seeded, Path(tmp)))
    text = summary(results, time.monotonic() - started)
    (REPORTS / "summary.txt").write_text(text + "\n")
    print(text)
    return 1 if any(r.failed for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
