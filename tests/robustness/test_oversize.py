"""Oversize bodies are refused before they are read: the friendly 413 page, promptly."""

from __future__ import annotations

import socket
import threading

import pytest
from werkzeug.serving import make_server

from scripts.html_forms import parse_forms
from tests.conftest import free_port

FORM = "/helfen/angebot"


@pytest.fixture
def server(app):
    """The app on a real socket, in a thread."""
    port = free_port()
    httpd = make_server("127.0.0.1", port, app, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield port
    httpd.shutdown()
    thread.join()


def _announce(port: int, length: int, content_type: str = "application/x-www-form-urlencoded") -> bytes:
    """Send only the headers of a POST announcing ``length`` bytes; return what comes back."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(
            f"POST {FORM} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: {content_type}\r\n"
            f"Content-Length: {length}\r\nConnection: close\r\n\r\n".encode()
        )
        # No body is ever sent: an answer at all proves the server did not wait to read it.
        received = b""
        while chunk := sock.recv(65536):
            received += chunk
    return received


def test_a_huge_announced_body_gets_the_friendly_413_without_being_read(app, server):
    answer = _announce(server, 2 * 1024**3)
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 413")
    assert "Ihre Eingabe ist zu groß" in body.decode()


def test_a_body_one_byte_over_the_limit_is_refused(app, server):
    limit = app.config["MAX_CONTENT_LENGTH"]
    assert _announce(server, limit + 1).startswith(b"HTTP/1.1 413")


def test_thousands_of_tiny_fields_are_refused(app, client, csrf_token):
    token = csrf_token(FORM)
    parts = app.config["MAX_FORM_PARTS"] + 1
    data = {"csrf_token": token, **{f"f{i}": "x" for i in range(parts)}}
    response = client.post(FORM, data=data, content_type="multipart/form-data")
    assert response.status_code == 413
    assert "Ihre Eingabe ist zu groß" in response.get_data(as_text=True)


def test_one_huge_field_is_refused(app, client, csrf_token):
    token = csrf_token(FORM)
    data = {"csrf_token": token, "description": "x" * (app.config["MAX_FORM_MEMORY_SIZE"] + 1)}
    response = client.post(FORM, data=data, content_type="multipart/form-data")
    assert response.status_code == 413


def test_the_largest_real_form_fits_the_part_limit(app, client):
    page = client.get(FORM).get_data(as_text=True)
    (form,) = [f for f in parse_forms(page, FORM) if f.method == "POST"]
    every_box = sum(len(c.values) if c.kind == "checkbox" else 1 for c in form.controls.values())
    assert every_box < app.config["MAX_FORM_PARTS"]
