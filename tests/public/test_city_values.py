"""The city's own names (city.toml) stay German on pages in other languages and say so (WCAG 3.1.2)."""

from __future__ import annotations

import dataclasses
from html.parser import HTMLParser

import pytest

VOID_ELEMENTS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class LanguageParts(HTMLParser):
    """The text of every element below <html> that sets its own lang, as (lang, text)."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.open: list[tuple[str, list[str], int]] = []
        self.parts: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        if tag in VOID_ELEMENTS:
            return
        self.depth += 1
        lang = dict(attrs).get("lang")
        if lang and tag != "html":
            self.open.append((lang, [], self.depth))

    def handle_endtag(self, tag):
        if tag in VOID_ELEMENTS:
            return
        if self.open and self.open[-1][2] == self.depth:
            lang, texts, _ = self.open.pop()
            self.parts.append((lang, "".join(texts)))
            if self.open:
                self.open[-1][1].extend(texts)
        self.depth -= 1

    def handle_data(self, data):
        if self.open:
            self.open[-1][1].append(data)


def german_parts(html: str) -> list[str]:
    parser = LanguageParts()
    parser.feed(html)
    return [text for lang, text in parser.parts if lang == "de"]


@pytest.fixture
def city(app):
    return app.extensions["helfernetz.city"]


def test_the_enforcement_body_is_marked_as_german_on_the_arabic_statement(client, city):
    html = client.get("/barrierefreiheit?lang=ar").get_data(as_text=True)
    assert city.accessibility["enforcement_body"] in german_parts(html)


def city_values(city) -> dict[str, list[str]]:
    """Per public page, the names from city.toml it writes inside its text."""
    return {
        "/": [city.office.name, city.office.parent],
        "/barrierefreiheit": [city.office.name, city.accessibility["law"], city.accessibility["enforcement_body"]],
        "/datenschutz": [
            city.privacy["controller"],
            city.privacy["supervisory_authority"],
            *(department.name for department in city.departments),
        ],
        "/fragen": [city.state, *(department.name for department in city.departments)],
        "/impressum": [city.imprint["publisher"]],
        "/geld-spenden": [text for contact in city.donation_contacts for text in contact.values()],
    }


@pytest.mark.parametrize("lang", ["ar", "en", "uk"])
@pytest.mark.parametrize("path", ["/", "/barrierefreiheit", "/datenschutz", "/fragen", "/impressum", "/geld-spenden"])
def test_city_names_are_marked_as_german_on_other_languages_pages(client, city, path, lang):
    html = client.get(f"{path}?lang={lang}").get_data(as_text=True)
    marked = german_parts(html)
    for value in city_values(city)[path]:
        assert value in marked, value
    assert f'<span lang="de" dir="ltr">{city.name}</span>' in html


@pytest.mark.parametrize("lang", ["de", "de-einfach"])
@pytest.mark.parametrize("path", ["/", "/barrierefreiheit", "/datenschutz", "/fragen"])
def test_german_pages_write_the_names_as_they_are(client, city, path, lang):
    html = client.get(f"{path}?lang={lang}").get_data(as_text=True)
    assert '<html lang="de"' in html
    assert '<span lang="de" dir="ltr">' not in html
    assert city.office.name in html


def test_german_statement_names_office_and_body_after_a_colon(client, city):
    """Whatever their gender and number, the city's names need no article in the sentence."""
    html = client.get("/barrierefreiheit").get_data(as_text=True)
    assert f"Verantwortlich dafür ist: {city.office.name}." in html
    assert f"Zuständig ist: {city.accessibility['enforcement_body']}." in html


def test_a_marked_name_is_still_escaped(app, client, city):
    body = "Schlichtungsstelle <Nord> & Süd"
    app.extensions["helfernetz.city"] = dataclasses.replace(
        city, accessibility={**city.accessibility, "enforcement_body": body}
    )
    html = client.get("/barrierefreiheit?lang=ar").get_data(as_text=True)
    assert '<span lang="de" dir="ltr">Schlichtungsstelle &lt;Nord&gt; &amp; Süd</span>' in html
    assert body in german_parts(html)
