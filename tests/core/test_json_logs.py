"""Structured logs: every line is JSON, one access line per request, a request id, and no personal data."""

from __future__ import annotations

import json

import pytest
from flask import abort

from app.accounts.models import Role
from app.extensions import db
from tests.factories import log_in, make_user
from tests.offers.payloads import PERSON, offer_form


@pytest.fixture
def config_overrides():
    return {"LOG_FORMAT": "json", "LOG_LEVEL": "INFO", "RATELIMIT_ENABLED": False}


@pytest.fixture
def log_lines(capsys):
    """The JSON lines written to stderr so far, each parsed (a line that is not JSON fails the test)."""

    def read() -> list[dict]:
        return [json.loads(line) for line in capsys.readouterr().err.splitlines() if line.strip()]

    return read


def access_lines(lines: list[dict]) -> list[dict]:
    return [line for line in lines if line["logger"] == "app.access"]


def test_one_access_line_per_request_with_its_fields(client, log_lines):
    log_lines()
    response = client.get("/healthz?email=someone@example.org")
    [line] = access_lines(log_lines())
    assert set(line) == {
        "time",
        "level",
        "logger",
        "message",
        "pid",
        "request_id",
        "method",
        "path",
        "status",
        "duration_ms",
    }
    assert line["time"].endswith("+00:00") and line["level"] == "INFO"
    assert (line["method"], line["path"], line["status"]) == ("GET", "/healthz", 200)
    assert line["duration_ms"] >= 0 and line["pid"] > 0
    assert line["request_id"] == response.headers["X-Request-ID"]
    assert "email" not in json.dumps(line)


def test_a_sane_request_id_from_the_proxy_is_kept_and_echoed(client, log_lines):
    log_lines()
    response = client.get("/healthz", headers={"X-Request-ID": "lb-4711-abcdef"})
    assert response.headers["X-Request-ID"] == "lb-4711-abcdef"
    assert access_lines(log_lines())[0]["request_id"] == "lb-4711-abcdef"


@pytest.mark.parametrize("offered", ["short", "x" * 129, "name@example.org", "a b c d e f g h", '{"json": 1}'])
def test_an_odd_request_id_is_replaced(client, offered):
    echoed = client.get("/healthz", headers={"X-Request-ID": offered}).headers["X-Request-ID"]
    assert echoed != offered and len(echoed) == 32


def test_signed_tokens_in_the_path_are_masked(client, log_lines):
    log_lines()
    client.get("/helfen/bestaetigen/eyJvZmZlciI6MX0.Zx9a.c2lnbmF0dXJl")
    [line] = access_lines(log_lines())
    assert line["path"] == "/helfen/bestaetigen/<token>"
    assert "eyJvZmZlciI6MX0" not in line["message"]


def test_an_exception_is_logged_as_type_and_frames_without_its_message(app, client, log_lines):
    @app.get("/kaputt/<token>")
    def broken(token):
        secret = "amira.haddad@example.org"  # a local value: must not appear
        raise RuntimeError(f"could not store {secret}")

    app.config["PROPAGATE_EXCEPTIONS"] = False
    log_lines()
    assert client.get("/kaputt/abc.def.ghi?q=Haddad").status_code == 500
    lines = log_lines()
    [error] = [line for line in lines if line["level"] == "ERROR"]
    assert error["exception"]["type"] == "builtins.RuntimeError"
    assert any("in broken" in frame for frame in error["exception"]["frames"])
    assert error["path"] == "/kaputt/<token>" and "abc.def.ghi" not in error["message"]
    assert access_lines(lines)[0]["status"] == 500
    text = json.dumps(lines)
    assert "haddad" not in text.lower() and "could not store" not in text


def test_http_errors_get_an_access_line_too(app, client, log_lines):
    @app.get("/verboten")
    def forbidden():
        abort(403)

    log_lines()
    client.get("/verboten")
    assert [line["status"] for line in access_lines(log_lines())] == [403]


def test_a_submission_a_login_and_a_search_leave_no_personal_data_in_the_log(client, submit, log_lines):
    log_lines()
    assert submit(offer_form("interpreting")).status_code in (302, 303)
    coordinator = make_user(Role.COORDINATOR, email="koordination@example.org")
    db.session.commit()
    log_in(client, coordinator)
    assert client.get("/intern/angebote?search=Haddad&status=new").status_code in (200, 302, 303)

    lines = log_lines()
    assert lines, "nothing was logged"
    assert {line["method"] for line in access_lines(lines)} == {"GET", "POST"}
    text = json.dumps(lines, ensure_ascii=False).lower()
    needles = [PERSON["first_name"], PERSON["last_name"], PERSON["email"], "1234567", "koordination@", "127.0.0.1"]
    assert [needle for needle in needles if needle.lower() in text] == []
    assert "?" not in "".join(line.get("path", "") + line["message"] for line in lines)


def test_text_format_for_a_terminal(make_app, capsys):
    app = make_app(LOG_FORMAT="text")
    capsys.readouterr()
    response = app.test_client().get("/healthz?q=x")
    err = capsys.readouterr().err
    assert "INFO [app.access] GET /healthz 200" in err
    assert response.headers["X-Request-ID"] in err and "q=x" not in err


def test_an_unknown_log_format_is_refused(make_app):
    with pytest.raises(ValueError, match="LOG_FORMAT"):
        make_app(LOG_FORMAT="xml")
