"""Helpers of the fault tests: a live server, a visitor with cookies, the real outbox sender."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

from werkzeug.serving import make_server

from tests.conftest import csrf_token_from

ROOT = Path(__file__).resolve().parents[2]
#: The fault tests' own database and Redis (never the suite's ``test`` database: they cut its connections).
FAULTS_DATABASE_URL = os.environ.get("FAULTS_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test_faults")
FAULTS_REDIS_URL = os.environ.get("FAULTS_REDIS_URL", "redis://127.0.0.1:6379/15")


class LiveServer:
    """The app served by Werkzeug in a thread: real sockets, real pool, one thread per request."""

    def __init__(self, app) -> None:
        self._server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self._server.server_port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True, name="live-server")

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()


class Browser:
    """A visitor with cookies and a language; redirects are not followed, so tests see them."""

    class _NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    def __init__(self, base_url: str, language: str = "de") -> None:
        self.base_url = base_url
        self.language = language
        self._opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()), self._NoRedirect)

    def request(self, path: str, data: dict | None = None) -> Response:
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        # The base is our own http://127.0.0.1 server.
        request = urllib.request.Request(self.base_url + path, data=body, headers={"Accept-Language": self.language})  # noqa: S310
        try:
            with self._opener.open(request, timeout=30) as answer:
                return Response(answer.status, answer.headers, answer.read().decode())
        except urllib.error.HTTPError as answer:
            with answer:
                return Response(answer.code, answer.headers, answer.read().decode())

    def get(self, path: str) -> Response:
        return self.request(path)

    def post_form(self, path: str, data: dict) -> Response:
        """POST ``data`` with the CSRF token of the page at ``path`` (fetched now)."""
        token = csrf_token_from(self.get(path).text)
        return self.request(path, {**data, "csrf_token": token})


class Response:
    def __init__(self, status: int, headers, text: str) -> None:
        self.status, self.headers, self.text = status, headers, text


def sender_env(database_url: str, smtp_port: int, **extra: str) -> dict:
    """The environment of ``flask outbox send`` as an operator runs it, on our database and SMTP server."""
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HELFERNETZ_CONFIG": "development",
        "SECRET_KEY": "faults-not-secret",
        "DATABASE_URL": database_url,
        "MAIL_TRANSPORT": "smtp",
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": str(smtp_port),
        **extra,
    }


SENDER = [sys.executable, "-m", "flask", "--app", "wsgi", "outbox", "send"]


def run_sender(env: dict, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([*SENDER, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)


def start_sender(env: dict, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [*SENDER, *args], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def stop_process(process: subprocess.Popen) -> tuple[str, str]:
    """End a ``--forever`` sender as systemd does (SIGTERM) and return what it wrote."""
    process.terminate()
    return process.communicate(timeout=30)


def wait_until(condition, timeout: float = 60, step: float = 0.1) -> bool:
    """Poll ``condition`` until it holds; the timeout only bounds a failing test, it asserts no speed."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step)
    return bool(condition())
