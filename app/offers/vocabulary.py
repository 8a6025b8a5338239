"""The answers the offer form offers, per kind: stored values and their labels.

Values are stable English keys (stored in ``Offer.details``); labels are
translated at render time.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.offers.models import OfferKind
from app.people.models import Channel

KIND_LABELS = {
    OfferKind.LANGUAGE_SUPPORT: _l("Sprachförderung"),
    OfferKind.INTERPRETING: _l("Dolmetschen"),
    OfferKind.MENTORING: _l("Patenschaft"),
    OfferKind.MINORS_SUPPORT: _l("Unterstützung für unbegleitete Minderjährige"),
    OfferKind.HOUSING: _l("Wohnraum"),
    OfferKind.PREMISES: _l("Grundstücke, Gebäude und Räume"),
    OfferKind.DONATION: _l("Sachspenden"),
    OfferKind.OTHER: _l("Etwas anderes"),
}

KIND_HINTS = {
    OfferKind.LANGUAGE_SUPPORT: _l("Deutschunterricht, Hausaufgabenhilfe, Gesprächsrunden"),
    OfferKind.INTERPRETING: _l("Begleitung zu Behörden, Ärztinnen und Ärzten, Schulen"),
    OfferKind.MENTORING: _l("Eine Familie oder einen Menschen im Alltag begleiten"),
    OfferKind.MINORS_SUPPORT: _l("Freizeit, Lernen und Begleitung für Jugendliche ohne Eltern"),
    OfferKind.HOUSING: _l("Zimmer, Wohnung oder Haus zum Wohnen"),
    OfferKind.PREMISES: _l("Flächen und Räume für Unterkünfte oder Angebote"),
    OfferKind.DONATION: _l("Kleidung, Möbel, Haushaltsgegenstände und mehr"),
    OfferKind.OTHER: _l("Ihre eigene Idee"),
}

CHANNEL_LABELS = {
    Channel.WEB: _l("Internet"),
    Channel.PHONE: _l("Telefon"),
    Channel.MAIL: _l("E-Mail oder Brief"),
    Channel.IMPORT: _l("Import"),
}

#: Languages in the picker (ISO 639); anything else goes into the free-text field.
PICKER_LANGUAGES = (
    "de",
    "ar",
    "fa",
    "prs",
    "ps",
    "kmr",
    "ckb",
    "ti",
    "so",
    "am",
    "ur",
    "uk",
    "ru",
    "tr",
    "en",
    "fr",
    "es",
    "it",
    "pl",
    "ro",
    "sq",
    "sr",
)

LANGUAGE_SUPPORT_FORMATS = [
    ("german_lessons", _l("Deutschunterricht")),
    ("homework_help", _l("Hausaufgabenhilfe")),
    ("conversation", _l("Gesprächsrunde oder Sprachcafé")),
]
AUDIENCES = [("adults", _l("Erwachsene")), ("children", _l("Kinder und Jugendliche"))]

LANGUAGE_LEVELS = [
    ("native", _l("Muttersprache")),
    ("fluent", _l("fließend")),
    ("good", _l("gut")),
]
INTERPRETING_SETTINGS = [
    ("authorities", _l("Behörden")),
    ("doctors", _l("Arztbesuche")),
    ("schools", _l("Schulen und Kitas")),
    ("everyday", _l("Alltag")),
]

MENTORING_TARGETS = [
    ("family", _l("eine Familie")),
    ("individual", _l("eine Einzelperson")),
    ("young_person", _l("einen jungen Menschen")),
]
MENTORING_FOCUS = [
    ("everyday", _l("Alltag")),
    ("authorities", _l("Behördengänge")),
    ("job_search", _l("Arbeitssuche")),
    ("housing_search", _l("Wohnungssuche")),
]

CERTIFICATE_STATES = [
    ("available", _l("Ja, es liegt vor")),
    ("will_obtain", _l("Nein, ich beantrage es")),
    ("no", _l("Nein")),
]

HOUSING_TYPES = [("room", _l("Zimmer")), ("flat", _l("Wohnung")), ("house", _l("Haus"))]

PREMISES_TYPES = [
    ("land", _l("Grundstück")),
    ("building", _l("Gebäude")),
    ("hall", _l("Halle")),
    ("room", _l("Raum")),
    ("office", _l("Büro")),
]

DONATION_CATEGORIES = [
    ("clothing", _l("Kleidung und Schuhe")),
    ("furniture", _l("Möbel")),
    ("household", _l("Haushalt und Küche")),
    ("toys", _l("Spielzeug")),
    ("school", _l("Schulsachen")),
    ("hygiene", _l("Hygieneartikel")),
    ("electronics", _l("Elektrogeräte")),
    ("bicycles", _l("Fahrräder")),
    ("other", _l("Sonstiges")),
]
CONDITIONS = [("new", _l("neu")), ("good", _l("gut erhalten")), ("used", _l("gebraucht"))]
HANDOVER = [("pick_up", _l("Bitte abholen")), ("delivery", _l("Ich kann es bringen"))]

DAY_LABELS = {
    "mon": _l("Montag"),
    "tue": _l("Dienstag"),
    "wed": _l("Mittwoch"),
    "thu": _l("Donnerstag"),
    "fri": _l("Freitag"),
    "sat": _l("Samstag"),
    "sun": _l("Sonntag"),
}
SLOT_LABELS = {"morning": _l("vormittags"), "afternoon": _l("nachmittags"), "evening": _l("abends")}
#: Column headings of the availability grid (capitalised where a language needs it).
SLOT_HEADINGS = {"morning": _l("Vormittag"), "afternoon": _l("Nachmittag"), "evening": _l("Abend")}
