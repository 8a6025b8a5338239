"""Every shipped language translates what it must, with the same placeholders (scripts/i18n_check.py)."""

from __future__ import annotations

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
