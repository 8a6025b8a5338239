"""German in Einfache Sprache (plain language) on the pages the city promised it for.

Plain German is not a locale of its own: dates, numbers and every text without a plain version stay
standard German. The plain texts are a second catalogue of the German locale (gettext domain
``plain``: standard German msgid → plain German msgstr, ``app/translations/de/LC_MESSAGES/plain.po``),
laid over the normal one while a visitor has chosen it with ``?lang=de-einfach``. Which strings must
have a plain version: ``babel-plain.cfg`` (start page, offer form and its help texts, thank-you page).
"""

from __future__ import annotations

from babel import support
from flask import has_request_context, request, session
from flask_babel import Domain

#: The switcher's code for plain German; the page itself stays lang="de".
PLAIN_GERMAN = "de-einfach"
DOMAIN = "plain"


def remember_plain_choice() -> None:
    """``?lang=de-einfach`` turns plain German on (and German with it), any other language turns it off."""
    requested = request.args.get("lang")
    if requested == PLAIN_GERMAN:
        session["locale"], session["plain"] = "de", True
    elif requested:
        session.pop("plain", None)


def wants_plain() -> bool:
    from app.core.i18n import current_locale_code, is_back_office

    return (
        has_request_context() and session.get("plain", False) and current_locale_code() == "de" and not is_back_office()
    )


class PlainLanguageDomain(Domain):
    """The app's message domain, with the plain German texts on top while a visitor reads plain German."""

    def get_translations(self) -> support.NullTranslations:
        translations = super().get_translations()
        if not wants_plain():
            return translations
        cache = self.get_translations_cache(None)
        if (PLAIN_GERMAN, DOMAIN) not in cache:
            directory = next(iter(self.translation_directories))
            plain = support.Translations.load(directory, ["de"], DOMAIN)
            plain.add_fallback(translations)
            cache[PLAIN_GERMAN, DOMAIN] = plain
        return cache[PLAIN_GERMAN, DOMAIN]
