"""Locale choice (URL → session → account → browser) and text direction."""

from __future__ import annotations

from functools import cache

from babel import Locale
from flask import current_app, has_request_context, request, session
from flask_babel import get_locale
from flask_login import current_user

from app.core.plain_language import PLAIN_GERMAN, wants_plain

#: Babel locale for dates and numbers where the language alone would pick another country's
#: conventions: English pages write 23/11/2026, not 11/23/26. Translations are looked up by language.
FORMAT_LOCALES = {"en": "en_GB"}
#: Pages below this path are the back office, which speaks only BACKOFFICE_LANGUAGES.
BACKOFFICE_PATH = "/intern"


def supported() -> tuple[str, ...]:
    """The languages of the public pages and of mails to volunteers; the first is the default."""
    return current_app.config["LANGUAGES"]


def back_office_languages() -> tuple[str, ...]:
    return current_app.config["BACKOFFICE_LANGUAGES"]


def is_back_office() -> bool:
    return has_request_context() and (request.path + "/").startswith(BACKOFFICE_PATH + "/")


def offered() -> tuple[str, ...]:
    """The languages this request may be answered in: the back office has fewer."""
    return back_office_languages() if is_back_office() else supported()


def remember_requested_locale() -> None:
    """``?lang=xx`` on any page switches the language and remembers it."""
    requested = request.args.get("lang")
    if requested in supported():
        session["locale"] = requested


def select_locale() -> str:
    return format_locale(_chosen_language())


def _chosen_language() -> str:
    if not has_request_context():
        return supported()[0]  # command line: mails set their own with force_locale
    languages = offered()
    chosen = session.get("locale")
    if chosen in languages:
        return chosen
    if getattr(current_user, "is_authenticated", False) and current_user.locale in languages:
        return current_user.locale
    return request.accept_languages.best_match(languages) or languages[0]


def format_locale(language: str) -> str:
    """The Babel locale to render ``language`` in (see FORMAT_LOCALES)."""
    return FORMAT_LOCALES.get(language, language)


def current_locale_code() -> str:
    """The language of this request: ``de``, ``en``, ``ar`` ... (without the country)."""
    locale = get_locale()
    return locale.language if locale else supported()[0]


@cache
def text_direction(locale_code: str) -> str:
    return Locale.parse(locale_code).text_direction


#: ISO 639-3 codes we store whose CLDR name lives under another key.
CLDR_KEYS = {"prs": "fa_AF", "kmr": "ku"}
#: CLDR calls Kurmanji just "Kurdish" and Sorani "Central Kurdish"; speakers
#: know them by their own names, which read the same in every locale.
OWN_NAME_QUALIFIERS = {"kmr": "Kurmancî", "ckb": "Soranî"}


def language_name(code: str, in_locale: str | None = None) -> str:
    """A language's name as the given locale writes it (CLDR via Babel)."""
    locale = Locale.parse(in_locale or current_locale_code())
    key = CLDR_KEYS.get(code, code)
    name = locale.languages.get(key) or Locale.parse("en").languages.get(key) or code
    qualifier = OWN_NAME_QUALIFIERS.get(code)
    name = f"{name} ({qualifier})" if qualifier else name
    return name[:1].upper() + name[1:]


@cache
def endonym(code: str) -> str:
    """The locale's name in its own language, for the language switcher."""
    return language_name(code, code)


def template_context() -> dict:
    code = current_locale_code()
    return {
        "html_lang": code,
        "html_dir": text_direction(code),
        "languages": switcher_languages(),
        "current_language": PLAIN_GERMAN if wants_plain() else code,
        "language_name": language_name,
    }


def switcher_languages() -> list[tuple[str, str, str]]:
    """(code, name, lang attribute) per choice; plain German follows German on public pages."""
    choices = [(code, endonym(code), code) for code in offered()]
    if not is_back_office() and "de" in offered():
        at = [code for code, _, _ in choices].index("de") + 1
        choices.insert(at, (PLAIN_GERMAN, "Einfache Sprache", "de"))
    return choices
