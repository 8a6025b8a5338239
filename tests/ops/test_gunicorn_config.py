"""gunicorn.conf.py: gunicorn accepts it with production settings, and it says what docs/operations.md says."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).with_name("gunicorn")


def gunicorn(option: str, tmp_path: Path, **env: str) -> subprocess.CompletedProcess:
    environment = {
        **{key: value for key, value in os.environ.items() if not key.startswith(("GUNICORN_", "WEB_CONCURRENCY"))},
        "HELFERNETZ_CONFIG": "production",
        "SECRET_KEY": "s" * 64,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'unused.sqlite'}",
        **env,
    }
    return subprocess.run(
        [str(GUNICORN), option, "-c", "gunicorn.conf.py", "wsgi:app"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def settings(output: str) -> dict[str, str]:
    return dict(re.findall(r"^(\w+)\s+= (.*)$", output, re.MULTILINE))


def test_check_config_passes_with_production_settings(tmp_path):
    result = gunicorn("--check-config", tmp_path)
    assert result.returncode == 0, result.stderr


def test_settings_come_from_the_environment(tmp_path):
    result = gunicorn(
        "--print-config",
        tmp_path,
        GUNICORN_BIND="0.0.0.0:8080",
        WEB_CONCURRENCY="3",
        GUNICORN_TIMEOUT="45",
        GUNICORN_GRACEFUL_TIMEOUT="20",
        GUNICORN_THREADS="8",
        LOG_LEVEL="WARNING",
    )
    assert result.returncode == 0, result.stderr
    printed = settings(result.stdout)
    assert printed["bind"] == "['0.0.0.0:8080']"
    assert (printed["workers"], printed["timeout"], printed["graceful_timeout"]) == ("3", "45", "20")
    assert printed["threads"] == "8"
    assert printed["loglevel"] == "warning"


def test_no_access_log_and_no_forwarded_headers_in_gunicorn(tmp_path):
    printed = settings(gunicorn("--print-config", tmp_path).stdout)
    # The app logs requests itself (no query strings, no IPs) and reads X-Forwarded-* by PROXY_COUNT alone.
    assert printed["accesslog"] == "None"
    assert printed["forwarded_allow_ips"] == "[]"
    assert printed["secure_scheme_headers"] == "{}"
    cpus = len(os.sched_getaffinity(0))
    # What bench/load measured best: one threaded worker per CPU, four threads each.
    assert (printed["worker_class"], printed["workers"], printed["threads"]) == ("gthread", str(cpus), "4")


def test_production_without_a_secret_key_fails_the_check(tmp_path):
    result = gunicorn("--check-config", tmp_path, SECRET_KEY="")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
