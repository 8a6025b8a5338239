"""Finding every form of the portal the way a browser sees it, and filling it with anything.

Pages are fetched as each role (the permission table's rows say which URL each
endpoint has), every ``<form>`` is read from the HTML and its ``action`` is
matched back to an endpoint, so a new form is fuzzed without being listed.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from flask import Flask, url_for
from hypothesis import strategies as st
from werkzeug.exceptions import HTTPException

from scripts.html_forms import Control, HtmlForm, parse_forms
from tests.factories import log_in
from tests.test_route_permissions import ROLES, ROWS, Row, World


def endpoint_of(app: Flask, action: str, method: str) -> str | None:
    """The endpoint a form's action and method reach, or None for another site or no route."""
    parts = urlsplit(action)
    if parts.netloc:
        return None
    try:
        endpoint, _args = app.url_map.bind("localhost").match(parts.path, method)
    except HTTPException:
        return None
    return endpoint


def page_url(app: Flask, endpoint: str, world: World) -> str:
    with app.test_request_context():
        return url_for(endpoint, **ROWS[endpoint].args(world))


def client_for(app: Flask, world: World, role: str):
    client = app.test_client()
    if role != "anonymous":
        log_in(client, world.users[role])
    return client


@dataclass(frozen=True)
class Source:
    """Where a form that reaches an endpoint is found: as whom, on which page."""

    role: str
    page: str
    fields: frozenset[str]


def discover(app: Flask, world: World) -> dict[tuple[str, str], list[Source]]:
    """Every form on every page each role can open, by (target endpoint, method).

    One source per distinct set of fields: the same form on many pages (the
    logout button, the language switcher) is fuzzed once.
    """
    found: dict[tuple[str, str], list[Source]] = {}
    for role in ROLES:
        client = client_for(app, world, role)
        for endpoint, row in ROWS.items():
            if not _is_page(app, endpoint, row, role):
                continue
            url = page_url(app, endpoint, world)
            response = client.get(url)
            if response.status_code != 200 or response.mimetype != "text/html":
                response.close()
                continue
            for form in parse_forms(response.get_data(as_text=True), url):
                target = endpoint_of(app, form.action, form.method)
                if target is None:
                    continue
                sources = found.setdefault((target, form.method), [])
                fields = frozenset(form.controls)
                if all(source.fields != fields for source in sources):
                    sources.append(Source(role, endpoint, fields))
    return found


def blind_source(app: Flask, endpoint: str) -> Source:
    """For a route no page shows a form for in the test world: posted to directly, as a role allowed to."""
    staff_first = (*ROLES[1:], ROLES[0])
    role = next(role for role in staff_first if ROWS[endpoint].expected[role] not in (403, 404))
    return Source(role, endpoint, frozenset({"csrf_token"}))


def _is_page(app: Flask, endpoint: str, row: Row, role: str) -> bool:
    rule = next(rule for rule in app.url_map.iter_rules() if rule.endpoint == endpoint)
    return "GET" in rule.methods and row.expected[role] == 200 and endpoint != "static"


def form_on_page(html: str, url: str, app: Flask, endpoint: str, method: str, fields: frozenset[str]) -> HtmlForm:
    forms = [
        form
        for form in parse_forms(html, url)
        if endpoint_of(app, form.action, form.method) == endpoint and form.method == method
    ]
    assert forms, f"the form for {endpoint} is gone from {url}"
    return next((form for form in forms if frozenset(form.controls) == fields), forms[0])


# What people type, and what breaks software: controls, NUL, bidi overrides, emoji sequences,
# combining marks, Persian with ZWNJ, SQL and markup, numbers at the edges, very long text.
TRICKY = (
    "",
    " ",
    "\x00",
    "a\x00b",
    "\u202eevil\u202c.exe",
    "\u2067مرحبا\u2069 Anna",
    "👩‍👩‍👧‍👦 🇩🇪🇺🇦 👍🏽",
    "Zoë e\u0301 a\u0308",
    "می\u200cخواهم",
    "\u200b\u200c\u200d\u200e\u200f",
    "Robert'); DROP TABLE people;--",
    "<script>alert(1)</script>",
    '=HYPERLINK("x")',
    "-1",
    "0",
    "99999999999999999999999",
    "1e308",
    "NaN",
    "2026-02-30",
    "x" * 5000,
)


def typed_text() -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(TRICKY), st.text(max_size=40))


def value_for(control: Control) -> st.SearchStrategy[list[str]]:
    """The values sent for one control: none (missing), one, or the same name twice."""
    if control.kind in {"select", "radio", "checkbox"} and control.values:
        one = st.one_of(st.sampled_from(control.values), typed_text())
    elif control.kind == "hidden":
        one = st.one_of(st.just(control.values[-1] if control.values else ""), typed_text())
    else:
        one = typed_text()
    return st.one_of(st.just([]), st.lists(one, min_size=1, max_size=1), st.lists(one, min_size=2, max_size=2))


def form_data(form: HtmlForm) -> st.SearchStrategy[list[tuple[str, str]]]:
    """Pairs to send: every control filled, left out or duplicated, plus sometimes a name the form lacks."""
    per_control = st.fixed_dictionaries(
        {name: value_for(control) for name, control in form.controls.items() if name != "csrf_token"}
    )
    stray = st.lists(st.tuples(st.text(min_size=1, max_size=10), typed_text()), max_size=1)
    return st.builds(
        lambda chosen, extra: [(name, value) for name, values in chosen.items() for value in values] + extra,
        per_control,
        stray,
    )
