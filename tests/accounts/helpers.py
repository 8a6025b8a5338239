"""Small helpers for the accounts tests: forms posted with their CSRF token, links read from mails."""

from __future__ import annotations

import re

from tests.conftest import csrf_token_from

PASSWORD = "richtig-langes-passwort"
NEW_PASSWORD = "Wolkenkratzer über Linden"


def post_form(client, url: str, data: dict, page: str | None = None, **kwargs):
    """GET ``page`` (default ``url``) for a CSRF token, then POST ``data`` to ``url``."""
    token = csrf_token_from(client.get(page or url, **kwargs).get_data(as_text=True))
    return client.post(url, data={**data, "csrf_token": token}, **kwargs)


def attempt_login(client, email: str, password: str, ip: str = "192.0.2.1"):
    return post_form(client, "/anmelden", {"email": email, "password": password}, environ_base={"REMOTE_ADDR": ip})


def link_path(text: str, prefix: str) -> str:
    """The path of the first link in ``text`` that starts with ``prefix`` (host dropped)."""
    return re.search(rf"https?://[^/\s]+({re.escape(prefix)}\S+)", text).group(1)
