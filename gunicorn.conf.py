"""gunicorn settings for production: ``gunicorn -c gunicorn.conf.py wsgi:app`` (see docs/operations.md).

Every worker is stateless (sessions are signed cookies, rate limits live in Redis, data in PostgreSQL), so any
number of machines can run this behind any load balancer.
"""

from __future__ import annotations

import os

from config import config_from_env


def _cpus() -> int:
    # The CPUs this process may use (a container's limit), not the host's.
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


settings = config_from_env()

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000").split(",")
# Threaded workers: bench/load measured the same CPU per submission as sync workers but twice the
# submissions per second and a sixth of the back-office latency, since requests waiting on PostgreSQL
# no longer hold a whole process. One worker per CPU (WEB_CONCURRENCY is gunicorn's own name for it).
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
workers = int(os.environ.get("WEB_CONCURRENCY", _cpus()))
# A worker silent this long is killed and replaced (the longest request, an XLSX report, takes a few seconds).
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
# On SIGTERM or a reload, requests under way get this long to finish.
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))

# Forwarded headers are read in one place only: the app's ProxyFix, trusting the last PROXY_COUNT proxies
# (config.py). gunicorn reads none of them (it would otherwise trust X-Forwarded-Proto from 127.0.0.1 and from
# every UNIX-socket peer, whatever PROXY_COUNT says).
forwarded_allow_ips = ""
secure_scheme_headers: dict[str, str] = {}

# The app logs one line per request itself, without query strings, IP addresses or user agents (app.core.logs);
# gunicorn's access log would hold all three.
accesslog = None
errorlog = "-"
loglevel = settings.LOG_LEVEL.lower()
# gunicorn's own lines (worker started, timed out, ...) in the app's format.
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "root": {"level": "WARNING", "handlers": []},
    "formatters": {"app": {"()": "app.core.logs.make_formatter", "kind": settings.LOG_FORMAT}},
    "handlers": {"stderr": {"class": "app.core.logs.StderrHandler", "formatter": "app"}},
    "loggers": {
        "gunicorn.error": {"level": settings.LOG_LEVEL.upper(), "handlers": ["stderr"], "propagate": False},
        "gunicorn.access": {"handlers": [], "propagate": False},
    },
}
