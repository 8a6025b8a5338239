"""What `make security` attacks: every public form and query parameter of a running instance, found, not listed.

The public pages are crawled anonymously from the start page and from the signed links the portal mails to
people (seeded through the features' own services, then read back from the outbox). Every form and every
link with a query string becomes a target; `missing_token_pages` names public routes no link reached, so a
new route cannot slip past the scan unseen.
"""

from __future__ import annotations

import http.cookiejar
import json
import urllib.request
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from urllib.error import HTTPError
from urllib.parse import parse_qsl, urlencode, urlsplit

from flask import url_for
from html_forms import HtmlForm, Page, parse_page
from werkzeug.exceptions import HTTPException
from werkzeug.routing import MapAdapter

CSRF_FIELD = "csrf_token"
MAX_PAGES = 200
PAGES_PER_ENDPOINT = 3
#: A parameter seen on this many endpoints is handled app-wide (like ?lang=): attack it on the first only.
GLOBAL_PARAMETER_ENDPOINTS = 3
#: Plausible values for empty fields, so that a submission gets past the first validation to the database.
SAMPLES = {
    "email": "scan@example.org",
    "tel": "+49 511 1234567",
    "number": "1",
    "date": "2030-01-01",
    "password": "Scan-Password-2030",
    "url": "https://example.org/",
}
#: ... and by the autocomplete hint where the type says too little.
AUTOCOMPLETE_SAMPLES = {"postal-code": "30159", "tel": SAMPLES["tel"], "email": SAMPLES["email"]}
SAMPLE_TEXT = "Hannover"


@dataclass
class Target:
    """One request for sqlmap: ``url`` (with its query for GET), ``data`` for POST, the fields to attack."""

    endpoint: str
    method: str
    url: str
    parameters: list[str]
    data: str | None = None
    #: The page that carries a fresh CSRF token for this form.
    csrf_url: str | None = None

    @property
    def name(self) -> str:
        return f"{self.endpoint}-{self.method}".replace(".", "-").lower()


def sample_fields(form: HtmlForm) -> dict[str, str]:
    """Each field with its default value, or a plausible sample where it is empty (first option, first box)."""
    fields = {}
    for name, control in form.controls.items():
        given = control.values[0] if control.values else control.attributes.get("value", "")
        if control.kind == "file":
            continue
        if control.kind == "select":
            fields[name] = next((value for value in control.values if value), "")
        elif control.kind == "textarea":
            fields[name] = form.shown[name].strip() or SAMPLE_TEXT
        elif control.kind in {"checkbox", "radio", "hidden"} or given:
            fields[name] = given
        elif control.attributes.get("tabindex") == "-1":  # the bots' honeypot stays empty
            fields[name] = ""
        else:
            autocomplete = control.attributes.get("autocomplete", "")
            fields[name] = AUTOCOMPLETE_SAMPLES.get(autocomplete, SAMPLES.get(control.kind, SAMPLE_TEXT))
    return fields


def seed_links(app, base_url: str) -> list[str]:
    """Have the features mail their signed links as they do in real life (from the demo data).

    Approved matches are asked "did it work?", public needs are announced and digested, an account is sent
    a password reset and a new one is invited. (The opt-in link comes from submitting the offer form.)
    Returns the one link no mail carries: "tell me about new needs", shown after a confirmation.
    """
    import sqlalchemy as sa

    from app.accounts import services as accounts
    from app.accounts.models import Role, User
    from app.alerts import services as alerts
    from app.extensions import db
    from app.feedback import services as feedback
    from app.matching.models import Match, MatchStatus
    from app.needs.models import Need
    from app.people.models import Person

    with app.test_request_context(base_url=base_url):
        for match in db.session.scalars(sa.select(Match).where(Match.status == MatchStatus.APPROVED)):
            feedback.ask(match)
        for need in db.session.scalars(sa.select(Need)):
            alerts.announce(need)
        alerts.send_digests()
        accounts.request_password_reset(db.session.scalars(sa.select(User).order_by(User.id)).first().email)
        accounts.invite_user("invited@scan.invalid", "de", accounts.AccountData("Scan", Role.HOTLINE), None)
        db.session.commit()
        person = db.session.scalars(sa.select(Person).where(Person.alerts_enabled.is_(False)).limit(1)).one()
        return [url_for("alerts.subscribe", token=alerts.subscribe_token(person), _external=True)]


def mailed_links(app, base_url: str) -> set[str]:
    """Every link to the instance in the outbox (mails are rendered on delivery from their context)."""
    import sqlalchemy as sa

    from app.extensions import db
    from app.outbox.models import OutboxMessage

    with app.app_context():
        contexts = db.session.scalars(sa.select(OutboxMessage.context)).all()
    return {url for context in contexts for url in _urls_in(context, base_url)}


def _urls_in(value, base_url: str):
    if isinstance(value, str):
        if value.startswith(base_url):
            yield value
    elif isinstance(value, dict | list):
        for item in value.values() if isinstance(value, dict) else value:
            yield from _urls_in(item, base_url)


class Crawl:
    """Public pages reachable anonymously: their forms (with the page each is on) and links with a query."""

    def __init__(self, base_url: str, urls: MapAdapter) -> None:
        self.base_url, self.urls = base_url, urls
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        self.forms: list[tuple[str, HtmlForm]] = []
        self.links: list[str] = []
        self.reached: set[str] = set()
        self._seen: set[str] = set()
        self._per_endpoint: Counter = Counter()

    def visit(self, start: list[str]) -> None:
        queue = list(start)
        while queue and len(self._seen) < MAX_PAGES:
            url = queue.pop(0).split("#")[0]
            endpoint = endpoint_of(self.urls, url)
            if url in self._seen or endpoint in (None, "static") or self._per_endpoint[endpoint] >= PAGES_PER_ENDPOINT:
                continue
            self._seen.add(url)
            self._per_endpoint[endpoint] += 1
            fetched = self._fetch(url, endpoint)
            if fetched is None:
                continue
            final, page = fetched
            self.forms.extend((final, form) for form in page.forms if form.action.startswith(self.base_url))
            for link in page.links:
                if link.startswith(self.base_url):
                    queue.append(link)
                    if urlsplit(link).query:
                        self.links.append(link)

    def _fetch(self, url: str, endpoint: str) -> tuple[str, Page] | None:
        try:
            with self.opener.open(url, timeout=30) as response:
                final, kind, body = response.geturl(), response.headers.get_content_type(), response.read()
        except HTTPError as exc:  # an expired or used link: nothing to attack behind it
            exc.close()
            return None
        if endpoint_of(self.urls, final) != endpoint or kind != "text/html":
            return None  # redirected to the login: not public
        self.reached.add(endpoint)
        return final, parse_page(body.decode("utf-8", "replace"), final)

    def submit_plain_forms(self) -> None:
        """Send each POST form outside a signed link once with plausible values, as a person would.

        That is how the portal mails the links only a submission brings (the offer form's opt-in). Forms
        behind signed links are left alone: submitting would use up the link before the scanners see it.
        """
        done: set[str] = set()
        for _page, form in self.forms:
            endpoint = endpoint_of(self.urls, form.action)
            path_arguments = endpoint and self.urls.match(urlsplit(form.action).path)[1]
            if form.method != "POST" or endpoint in done or path_arguments:
                continue
            done.add(endpoint)
            data = urlencode(sample_fields(form)).encode()
            request = urllib.request.Request(form.action, data=data, method="POST")  # noqa: S310 - our instance
            try:
                with self.opener.open(request, timeout=30):
                    pass
            except HTTPError as exc:  # a rejected sample (422) is fine: the scan goes on without its mail
                exc.close()


def discover(base_url: str, urls: MapAdapter, start: list[str], mailed: Callable[[], set[str]]) -> Crawl:
    """Crawl from the start page, ``start`` and the mailed links, submit the plain forms, then crawl the new
    links."""
    crawl = Crawl(base_url, urls)
    before = mailed()
    crawl.visit([base_url + "/", *start, *sorted(before)])
    crawl.submit_plain_forms()
    crawl.visit(sorted(mailed() - before))
    return crawl


def endpoint_of(urls: MapAdapter, url: str) -> str | None:
    parts = urlsplit(url)
    try:
        endpoint, _ = urls.match(parts.path, method="GET")
    except HTTPException:
        return None
    return endpoint


def targets(forms: list[tuple[str, HtmlForm]], links: list[str], urls: MapAdapter) -> list[Target]:
    """One target per form and per distinct set of query parameters on an endpoint; no duplicates."""
    found: dict[tuple, Target] = {}
    for page, form in forms:
        fields = sample_fields(form)
        parameters = [name for name in fields if name != CSRF_FIELD]
        if form.method == "GET":
            links.append(f"{form.action.split('?')[0]}?{urlencode(fields)}")
            continue
        endpoint = endpoint_of(urls, form.action) or form.action
        if urls.match(urlsplit(form.action).path)[1]:
            _keep_link_unused(fields, {name: control.kind for name, control in form.controls.items()})
        found.setdefault(
            (endpoint, "POST"),
            Target(
                endpoint, "POST", form.action, parameters, urlencode(fields), page if CSRF_FIELD in fields else None
            ),
        )
    for link in links:
        endpoint = endpoint_of(urls, link)
        parameters = sorted({name for name, _ in parse_qsl(urlsplit(link).query, keep_blank_values=True)})
        found.setdefault((endpoint, "GET", tuple(parameters)), Target(endpoint, "GET", link, parameters))
    return _drop_repeated_global_parameters(list(found.values()))


def _keep_link_unused(fields: dict[str, str], kinds: dict[str, str]) -> None:
    """Signed links behind forms are single-use: the first valid request (sqlmap's baseline) would use the
    link up and leave nothing to test. Blanking the first choice or password makes every request sqlmap
    sends fail validation unless its payload happened to be valid, and every field is still processed."""
    for name, kind in kinds.items():
        if kind in {"radio", "select", "password"}:
            fields[name] = ""
            return


def _drop_repeated_global_parameters(found: list[Target]) -> list[Target]:
    """Query parameters every page takes (?lang=) are attacked once; forms with only a CSRF token not at all."""
    queries = [t for t in found if t.method == "GET"]
    spread = Counter(name for _, name in {(t.endpoint, name) for t in queries for name in t.parameters})
    attacked: set[str] = set()
    for target in queries:
        target.parameters = [
            name for name in target.parameters if spread[name] < GLOBAL_PARAMETER_ENDPOINTS or name not in attacked
        ]
        attacked.update(target.parameters)
    return [t for t in found if t.parameters]


def missing_token_pages(urls: MapAdapter, reached: set[str]) -> list[str]:
    """Public routes with a path argument (signed links, public ids) that the crawl never reached."""
    return sorted(
        rule.endpoint
        for rule in urls.map.iter_rules()
        if rule.arguments
        and rule.endpoint != "static"
        and not rule.rule.startswith("/intern")
        and "GET" in (rule.methods or ())
        and rule.endpoint not in reached
    )


def dump(found: list[Target]) -> str:
    return json.dumps([t.__dict__ for t in found], indent=2, ensure_ascii=False)
