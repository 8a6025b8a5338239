"""Every form, found on the pages, filled with anything: a page with a message or a stored record, never a 500.

Endpoints come from the permission table (which holds every route), forms
from the HTML each role is shown; a route that no form reaches must be listed
in ``NOT_FUZZED`` with the reason, so a new form cannot slip through.
"""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa
from flask import Flask
from hypothesis import given
from werkzeug.datastructures import MultiDict

from app.core.text import clean_input
from app.extensions import db
from scripts.html_forms import TYPED, Control, HtmlForm, parse_forms
from tests.conftest import csrf_token_from
from tests.robustness.conftest import FUZZ
from tests.robustness.form_discovery import (
    Source,
    blind_source,
    client_for,
    form_data,
    form_on_page,
    page_url,
)
from tests.test_route_permissions import ROWS, World, build_world

NO_INPUT = "a page or file without a form: nothing to type"
#: Routes nobody fuzzes, on purpose.
NOT_FUZZED = {
    "static": NO_INPUT,
    "health.healthz": NO_INPUT,
    "public.index": NO_INPUT,
    "public.contact": NO_INPUT,
    "public.donations": NO_INPUT,
    "public.faq": NO_INPUT,
    "public.imprint": NO_INPUT,
    "public.accessibility": NO_INPUT,
    "public.privacy": NO_INPUT,
    "offers.thanks": NO_INPUT,
    "board.feed": NO_INPUT,
    "board.detail": NO_INPUT,
    "accounts.home": NO_INPUT,
    "accounts.users": NO_INPUT,
    "accounts.user_detail": NO_INPUT,
    "organisations.detail": NO_INPUT,
    "screening.offer": NO_INPUT,
    "people.detail": NO_INPUT,
    "needs.detail": NO_INPUT,
    "matching.detail": NO_INPUT,
    "matching.need_suggestions": NO_INPUT,
    "matching.offer_suggestions": NO_INPUT,
    "privacy.person_export": NO_INPUT,
    "privacy.processing_record": NO_INPUT,
    "reports.dashboard": NO_INPUT,
    "exports.download": NO_INPUT,
    "reports.download": NO_INPUT,
}
FUZZED = sorted(ROWS.keys() - NOT_FUZZED.keys())
REDIRECTS = (301, 302, 303)
#: Markup of a message: the error summary, a field's error, a flash, or any alert.
MESSAGE_MARKERS = ('id="error-summary"', 'class="kern-error"', 'role="alert"', 'role="status"')
#: Forms that come back with what was found or shown, not with what was typed, on purpose.
SHOWN_AS_RESULT = {
    "people.search": "a search: the form stays above its results, no message needed",
    "reports.index": "an unreadable period gives the last full quarter, with a message saying so",
}
#: Routes whose redirect stores nothing typed, on purpose.
REDIRECT_WITHOUT_RECORD = {
    "accounts.forgot_password": "the address only picks the account to mail; nothing is stored",
    "accounts.login": "a login stores no text",
}
#: Typed controls whose value is not stored as typed, on purpose.
NOT_STORED_AS_TYPED = {"password", "search"}


def test_not_fuzzed_names_only_existing_routes():
    assert sorted(NOT_FUZZED.keys() - ROWS.keys()) == []


@pytest.mark.parametrize("endpoint", FUZZED)
def test_any_input_gives_a_message_or_a_stored_record(app, form_sources, endpoint):
    sources = [
        (method, source) for (target, method), found in form_sources.items() if target == endpoint for source in found
    ]
    if not sources:
        rule = next(rule for rule in app.url_map.iter_rules() if rule.endpoint == endpoint)
        assert "POST" in rule.methods, f"no form reaches {endpoint}: list it in NOT_FUZZED with the reason"
        # Its form shows only in a state the shared world lacks: posted to directly, fields unknown.
        sources = [("POST", blind_source(app, endpoint))]
    world = build_world()
    for method, source in sources:
        _fuzz(app, world, endpoint, method, source)


def _fuzz(app: Flask, world: World, endpoint: str, method: str, source: Source) -> None:
    url = page_url(app, source.page, world)
    if source.page == endpoint and method == "POST" and source.fields == {"csrf_token"}:
        form = HtmlForm(url, method, {"csrf_token": Control("csrf_token", "hidden")})
    else:
        page = client_for(app, world, source.role).get(url).get_data(as_text=True)
        form = form_on_page(page, url, app, endpoint, method, source.fields)

    clients: list = []

    @FUZZ
    @given(pairs=form_data(form))
    def example(pairs: list[tuple[str, str]]) -> None:
        client, token = _logged_in(clients, app, world, source.role)
        sent = MultiDict(pairs)
        if "csrf_token" in form.controls:
            sent.setlist("csrf_token", [token])
        if method == "GET":
            response = client.get(form.action, query_string=sent)
        else:
            response = client.post(form.action, data=sent)
        body = response.get_data(as_text=True)
        where = f"{method} {endpoint} as {source.role} (form on {source.page})"
        assert response.status_code < 500, where
        if response.status_code in REDIRECTS:
            assert client.get(response.location).status_code < 500, where
            if method == "POST" and endpoint not in REDIRECT_WITHOUT_RECORD:
                _assert_stored(form, sent, where)
        else:
            _assert_shown_again(endpoint, form, sent, body, where)

    example()


def _logged_in(clients: list, app: Flask, world: World, role: str):
    """The test's client and its CSRF token; logged in again when an example ended the session
    (logout, a changed password), so every example starts as ``role``."""
    page = "/anmelden" if role == "anonymous" else "/intern"
    if clients:
        response = clients[0].get(page)
        if response.status_code == 200:
            return clients[0], csrf_token_from(response.get_data(as_text=True))
    clients[:] = [client_for(app, world, role)]
    return clients[0], csrf_token_from(clients[0].get(page).get_data(as_text=True))


def _typed_once(form: HtmlForm, sent: MultiDict, exclude: set[str]) -> dict[str, str]:
    """Text typed into a single control (a duplicated name has no one value to expect back)."""
    return {
        name: values[0]
        for name, values in sent.lists()
        if len(values) == 1
        and name in form.controls
        and form.controls[name].kind in TYPED - exclude
        and not form.controls[name].readonly
    }


def _expected(value: str) -> str:
    return clean_input(value).strip()


def _assert_shown_again(endpoint: str, form: HtmlForm, sent: MultiDict, body: str, where: str) -> None:
    """Where the form comes back, a message says why and what was typed is in it (cleaned).

    A page without the form is a result (a search, a thank-you page, an error page). Passwords
    are never shown again.
    """
    again = [
        f
        for f in parse_forms(body, form.action)
        if f.action == form.action and f.controls.keys() == form.controls.keys()
    ]
    if not again or endpoint in SHOWN_AS_RESULT:
        return
    if form.method == "POST":
        assert any(marker in body for marker in MESSAGE_MARKERS), f"{where}: the form came back without a message"
    shown = again[0].shown
    for name, value in _typed_once(form, sent, {"password"}).items():
        assert _expected(shown.get(name, "")) == _expected(value), f"{where}: {name} lost what was typed"


def _assert_stored(form: HtmlForm, sent: MultiDict, where: str) -> None:
    """A redirect means a record: every text typed is somewhere in the database."""
    stored = _database_text()
    for name, value in _typed_once(form, sent, NOT_STORED_AS_TYPED).items():
        expected = _expected(value).casefold()
        assert expected in stored, f"{where}: {name} was not stored"


def _database_text() -> str:
    db.session.expire_all()
    texts = []
    with db.engine.connect() as connection:
        for table in db.metadata.sorted_tables:
            for row in connection.execute(sa.select(table)):
                for value in row:
                    if isinstance(value, str):
                        texts.append(value)
                    elif isinstance(value, dict | list):
                        texts.append(json.dumps(value, ensure_ascii=False))
    return "\n".join(texts).casefold()
