"""Security headers on every response, and templates the strict Content-Security-Policy can serve."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from app.core.security import CONTENT_SECURITY_POLICY, HSTS
from tests.conftest import config_for

TEMPLATES = Path(__file__).parents[2] / "app" / "templates"
#: What a strict policy blocks in a page: inline scripts and styles, event-handler attributes, javascript: URLs.
INLINE = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|<style\b|\sstyle=\"|\son[a-z]+=\"|javascript:", re.IGNORECASE)


@pytest.mark.parametrize(
    "path", ["/", "/bedarfe", "/bedarfe.atom", "/helfen/angebot", "/gibt-es-nicht", "/static/app.css"]
)
def test_every_response_carries_the_headers(client, path):
    response = client.get(path)
    response.close()  # static files stream from an open file
    assert response.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response.headers["Permissions-Policy"]


def test_the_policy_allows_nothing_inline_and_nothing_from_elsewhere():
    assert "unsafe-inline" not in CONTENT_SECURITY_POLICY and "unsafe-eval" not in CONTENT_SECURITY_POLICY
    assert "frame-ancestors 'none'" in CONTENT_SECURITY_POLICY
    assert not re.search(r"https?:", CONTENT_SECURITY_POLICY)


def test_hsts_only_where_cookies_are_secure(client, database):
    from app import create_app

    assert "Strict-Transport-Security" not in client.get("/").headers
    secure = create_app(config_for(database, SESSION_COOKIE_SECURE=True))
    assert secure.test_client().get("/").headers["Strict-Transport-Security"] == HSTS


def test_no_page_template_holds_what_the_policy_would_block():
    # Mails are read in mail programs, not under our policy: their inline styles stay.
    pages = [path for path in TEMPLATES.rglob("*.html") if "email" not in path.parts]
    found = [
        f"{path.relative_to(TEMPLATES)}: {m.group(0)}" for path in pages for m in INLINE.finditer(path.read_text())
    ]
    assert found == []
