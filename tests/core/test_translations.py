"""Every shipped language translates what it must, with the same placeholders (scripts/i18n_check.py)."""

from __future__ import annotations

import re

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po

from config import Config
from scripts import i18n_check


@pytest.fixture(scope="module")
def required() -> dict[str, set[str]]:
    return {"all": i18n_check.extract("babel.cfg"), "public": i18n_check.extract("babel-public.cfg")}


@pytest.mark.parametrize("language", [lang for lang in Config.LANGUAGES if lang != i18n_check.SOURCE_LANGUAGE])
def test_each_shipped_language_translates_what_it_must(required, language):
    scope = required["all"] if language in Config.BACKOFFICE_LANGUAGES else required["public"]
    assert i18n_check.problems(language, scope) == []


def test_plain_german_covers_the_start_page_the_offer_form_and_the_thank_you_page():
    assert i18n_check.problems("de", i18n_check.extract("babel-plain.cfg"), "plain") == []


def test_public_strings_are_among_all_strings(required):
    assert required["public"] and required["public"] <= required["all"]


#: Placeholders that stand for noun phrases from the city's city.toml: office, authorities, law, departments.
#: Their gender and number change with the city ("die Koordinierungsstelle", "der Fachbereich", "das NBGG"),
#: so no article or case-bearing preposition may stand before them. City and state names take no article
#: ("in Hannover", "des Landes Niedersachsen") and are not among them.
CITY_PHRASES = ("office", "parent", "authority", "body", "law", "department", "controller", "publisher")
_ARTICLES = "der|die|das|den|dem|des|ein|eine|einer|einem|einen|eines"
_PREPOSITIONS = (
    "an|am|ans|auf|aus|bei|beim|durch|für|gegen|hinter|im|in|ins|mit|nach|neben|ohne|seit|über|um|unter"
    "|vom|von|vor|während|wegen|zu|zum|zur|zwischen"
)
#: An article or preposition, perhaps an adjective ("der zuständigen"), then one of CITY_PHRASES.
ARTICLE_BEFORE_CITY_PHRASE = re.compile(
    rf"\b(?:{_ARTICLES}|{_PREPOSITIONS})(?:\s+[a-zäöüß]+)?\s+%\((?:{'|'.join(CITY_PHRASES)})\w*\)s",
    re.IGNORECASE,
)


@pytest.mark.parametrize(
    ("msgid", "grammar_depends_on_the_value"),
    [
        ("Die %(office)s ist bemüht, …", True),
        ("können Sie sich an die %(body)s wenden.", True),
        ("Beschwerde bei der zuständigen %(authority)s", True),
        ("Weitergeleitet an %(department_name)s", True),
        ("Zuständig ist: %(body)s.", False),
        ("Unser Team (%(office)s)", False),
        ("Sie möchten Geflüchtete in %(city)s unterstützen?", False),
    ],
)
def test_the_article_check_tells_a_value_standing_alone(msgid, grammar_depends_on_the_value):
    assert bool(ARTICLE_BEFORE_CITY_PHRASE.search(msgid)) is grammar_depends_on_the_value


def test_no_article_or_preposition_before_a_name_from_city_toml(required):
    """Another city's office or authority has another gender: "an die %(body)s" must not be written."""
    found = sorted(msgid for msgid in required["all"] if ARTICLE_BEFORE_CITY_PHRASE.search(msgid))
    assert found == []


def test_the_check_finds_missing_fuzzy_and_broken_entries(tmp_path, monkeypatch):
    catalog = Catalog(locale="ru")  # three plural forms
    catalog.add("Hallo %(name)s", "Привет, %(imya)s")
    catalog.add("Danke", "Спасибо", flags=["fuzzy"])
    catalog.add(("ein Angebot", "%(num)d Angebote"), ("%(num)d предложение", "%(num)d предложения", ""))
    folder = tmp_path / "ru" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with (folder / "messages.po").open("wb") as f:
        write_po(f, catalog)
    monkeypatch.setattr(i18n_check, "CATALOGUES", tmp_path)

    found = i18n_check.problems("ru", {"Hallo %(name)s", "Danke", "ein Angebot", "Bitte"})

    assert found == [
        "ru: untranslated: 'Bitte'",
        "ru: untranslated: 'ein Angebot'",
        "ru: fuzzy: 'Danke'",
        "ru: placeholders differ: 'Hallo %(name)s'",
    ]
    assert i18n_check.problems("xx", set()) == ["xx: no catalogue at app/translations/xx/LC_MESSAGES/messages.po"]


def test_arabic_plurals_follow_the_catalogs_own_form_order(app):
    # Babel numbers the Arabic forms 0, 1, 2, 3–10, then 100–102 as form 4 and 11–99 as form 5;
    # the first translations assumed the usual order (4 = 11–99) and wrote "11 يوم", "100 يومًا".
    from flask_babel import force_locale, ngettext

    with app.test_request_context(), force_locale("ar"):
        assert ngettext("Der Link gilt %(num)d Tag.", "Der Link gilt %(num)d Tage.", 11) == "الرابط صالح لمدة 11 يومًا."
        assert ngettext("Der Link gilt %(num)d Tag.", "Der Link gilt %(num)d Tage.", 100) == "الرابط صالح لمدة 100 يوم."
