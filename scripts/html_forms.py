"""Forms and links of a page as a browser sees them, for tools that drive the portal from outside.

Used by the security scan (scripts/security_targets.py), which fills each form with plausible values,
and by the form fuzzing (tests/robustness), which fills it with anything and checks what comes back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin

#: Input types whose value the user types (and so must come back when the form is shown again).
TYPED = frozenset({"text", "email", "tel", "search", "url", "textarea", "number", "date", "password"})
#: Inputs that send no value of their own.
BUTTONS = frozenset({"submit", "button", "reset", "image"})


@dataclass
class Control:
    name: str
    kind: str  # an input type, "textarea" or "select"
    #: Shown, not typed (the account's address, hidden beside a new password for password managers).
    readonly: bool = False
    values: list[str] = field(default_factory=list)  # options, or a checkbox's/radio's/hidden's value
    #: The first element's attributes (autocomplete, tabindex, value ...).
    attributes: dict[str, str] = field(default_factory=dict)


@dataclass
class HtmlForm:
    action: str
    method: str
    controls: dict[str, Control] = field(default_factory=dict)
    #: Values the page shows in its typed controls (the last one for a name that repeats).
    shown: dict[str, str] = field(default_factory=dict)


@dataclass
class Page:
    links: list[str]
    forms: list[HtmlForm]


class _PageParser(HTMLParser):
    def __init__(self, page_url: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page_url = page_url
        self.page = Page([], [])
        self._form: HtmlForm | None = None
        self._select: Control | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {key: value or "" for key, value in attrs}
        if tag == "a" and a.get("href"):
            self.page.links.append(urljoin(self.page_url, a["href"]))
        elif tag == "form":
            action = urljoin(self.page_url, a.get("action") or self.page_url)
            self._form = HtmlForm(action, (a.get("method") or "get").upper())
            self.page.forms.append(self._form)
        elif tag == "option" and self._select is not None:
            self._select.values.append(a.get("value", ""))
        elif self._form is None or not a.get("name"):
            return
        elif tag == "input" and a.get("type", "text").lower() not in BUTTONS:
            self._input(a)
        elif tag == "select":
            self._select = self._control(a, "select")
        elif tag == "textarea":
            self._control(a, "textarea")
            self._textarea = a["name"]
            self._form.shown[a["name"]] = ""

    def _input(self, a: dict[str, str]) -> None:
        kind = a.get("type", "text").lower()
        control = self._control(a, kind)
        control.readonly = any(flag in a for flag in ("readonly", "disabled", "hidden"))
        if kind in {"checkbox", "radio", "hidden"}:
            control.values.append(a.get("value", "on"))
        if kind in TYPED:
            self._form.shown[a["name"]] = a.get("value", "")

    def handle_data(self, data: str) -> None:
        if self._textarea and self._form:
            self._form.shown[self._textarea] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def _control(self, attributes: dict[str, str], kind: str) -> Control:
        assert self._form is not None
        name = attributes["name"]
        return self._form.controls.setdefault(name, Control(name, kind, attributes=attributes))


def parse_page(html: str, page_url: str) -> Page:
    """The page's links and forms, with actions and links made absolute against ``page_url``."""
    parser = _PageParser(page_url)
    parser.feed(html)
    # The textarea's first newline belongs to the markup, not the value (HTML spec).
    for form in parser.page.forms:
        for name, control in form.controls.items():
            if control.kind == "textarea" and form.shown[name].startswith("\n"):
                form.shown[name] = form.shown[name][1:]
    return parser.page


def parse_forms(html: str, page_url: str) -> list[HtmlForm]:
    return parse_page(html, page_url).forms
