"""Logs: one JSON object per line on stderr in production, readable text in development and tests.

Every line has ``time`` (UTC, ISO 8601), ``level``, ``logger``, ``message`` and ``pid``; inside a request also
``request_id``, ``method`` and ``path``; the one access line per request adds ``status`` and ``duration_ms``.

Logs hold no personal data (DSGVO: they are kept, shipped and read far more widely than the database). So no
query strings (search texts, filters), no form data, no addresses, names or IP addresses; path segments that
are signed tokens (opt-in, invitation, answer links) are masked, since a token is a key to someone's data.
Exceptions are logged as type and frames only: their messages can quote SQL parameters, and local values are
never formatted.
"""

from __future__ import annotations

import json
import logging
import os
import re
import sys
import time
import traceback
import uuid
from datetime import UTC, datetime

from flask import Flask, Response, g, has_request_context, request

#: Our loggers (``app.*``) and the migrations speak at LOG_LEVEL; libraries only from WARNING on, so that none
#: of them logs statements, parameters or addresses at INFO.
OWN_LOGGERS = ("app", "alembic")
ACCESS_LOGGER = logging.getLogger("app.access")
#: View arguments whose values are signed tokens: masked in every logged path.
SECRET_VIEW_ARGS = frozenset({"token"})
MASK = "<token>"
#: A request id set by a proxy is kept only if it looks like one (no room for data or log injection).
SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{8,128}")
MAX_PATH_LENGTH = 300


def register_logging(app: Flask) -> None:
    """Configure logging from LOG_FORMAT and LOG_LEVEL and log one access line per request."""
    configure(app.config["LOG_FORMAT"], app.config["LOG_LEVEL"])
    app.extensions["helfernetz.logs"] = True
    # Registered before every other hook: starts first, and its after_request runs last, on the final response.
    app.before_request(_start_request)
    app.after_request(_log_request)


def configure(log_format: str, level: str) -> None:
    """Install our stderr handler on the root logger, replacing one installed earlier (tests build many apps)."""
    formatter = make_formatter(log_format)
    root = logging.getLogger()
    for handler in [h for h in root.handlers if isinstance(h, StderrHandler)]:
        root.removeHandler(handler)
    handler = StderrHandler()
    handler.setFormatter(formatter)
    handler.addFilter(RequestFields())
    root.addHandler(handler)
    root.setLevel(logging.WARNING)
    for name in OWN_LOGGERS:
        logging.getLogger(name).setLevel(level.upper())


def make_formatter(kind: str) -> logging.Formatter:
    """``json`` or ``text``; also used by gunicorn.conf.py for gunicorn's own lines."""
    if kind == "json":
        return JsonFormatter()
    if kind == "text":
        return TextFormatter()
    raise ValueError(f"LOG_FORMAT={kind!r} is unknown; use json or text.")


class StderrHandler(logging.StreamHandler):
    """Writes to whatever ``sys.stderr`` is at the time (test runners swap it)."""

    def __init__(self) -> None:
        logging.Handler.__init__(self)

    @property
    def stream(self):
        return sys.stderr


class RequestFields(logging.Filter):
    """Adds the request's id, method and (masked) path to every record logged inside a request."""

    def filter(self, record: logging.LogRecord) -> bool:
        if has_request_context():
            record.request_id = request_id()
            record.method = request.method
            record.path = safe_path()
        return True


def request_id() -> str:
    if "request_id" not in g:
        offered = request.headers.get("X-Request-ID", "")
        g.request_id = offered if SANE_REQUEST_ID.fullmatch(offered) else uuid.uuid4().hex
    return g.request_id


def safe_path() -> str:
    """The path without query string, signed tokens masked, cut to a sane length."""
    path = request.path
    for name, value in (request.view_args or {}).items():
        if name in SECRET_VIEW_ARGS and value:
            path = path.replace(str(value), MASK)
    return path[:MAX_PATH_LENGTH]


def _start_request() -> None:
    g.request_started = time.perf_counter()
    request_id()


def _log_request(response: Response) -> Response:
    started = g.get("request_started")
    duration = round((time.perf_counter() - started) * 1000, 1) if started is not None else None
    response.headers["X-Request-ID"] = request_id()
    ACCESS_LOGGER.info(
        "%s %s %s",
        request.method,
        safe_path(),
        response.status_code,
        extra={"status": response.status_code, "duration_ms": duration},
    )
    return response


def _message(record: logging.LogRecord) -> str:
    message = record.getMessage()
    if has_request_context() and getattr(record, "path", None) is not None:
        # Flask's own "Exception on <path>" quotes the raw path: mask it the same way.
        message = message.replace(request.path, record.path)
    return message


def exception_facts(exc_info) -> dict:
    """Type and frames of an exception, never its message or local values."""
    exc_type, _value, tb = exc_info
    frames = [f"{frame.filename}:{frame.lineno} in {frame.name}" for frame in traceback.extract_tb(tb)]
    return {"type": f"{exc_type.__module__}.{exc_type.__qualname__}", "frames": frames}


REQUEST_FIELDS = ("request_id", "method", "path", "status", "duration_ms")


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": _message(record),
            "pid": record.process or os.getpid(),
        }
        for field in REQUEST_FIELDS:
            value = getattr(record, field, None)
            if value is not None:
                line[field] = value
        if record.exc_info and record.exc_info[0] is not None:
            line["exception"] = exception_facts(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    """The same facts for people reading a terminal."""

    def format(self, record: logging.LogRecord) -> str:
        text = f"{self.formatTime(record)} {record.levelname} [{record.name}] {_message(record)}"
        if getattr(record, "duration_ms", None) is not None:
            text += f" {record.duration_ms} ms"
        if getattr(record, "request_id", None):
            text += f" (request {record.request_id})"
        if record.exc_info and record.exc_info[0] is not None:
            facts = exception_facts(record.exc_info)
            text += "\n  " + facts["type"] + "".join(f"\n    {frame}" for frame in facts["frames"])
        return text
