"""Language names as typed → ISO 639 codes and levels: resolution tables."""

from __future__ import annotations

import statistics
import time

import pytest

from app.core.i18n import CLDR_KEYS, language_name
from app.normalisation import language_names, languages
from app.normalisation.language_names import LEVELS
from app.normalisation.languages import resolve_language, resolve_languages
from app.normalisation.result import Method
from app.offers.vocabulary import LANGUAGE_LEVELS, PICKER_LANGUAGES

#: At least five spellings for each language the issue names: German, English,
#: own name, a typo, a code or abbreviation, level annotations.
SPELLINGS = {
    "prs": ["Dari", "دری", "Dari-Persisch", "Afghan Persian", "prs", "Persisch (Dari)", "dari"],
    "fa": ["Farsi", "Persisch", "Persian", "فارسی", "فارسي", "Farssi", "Farsi (Muttersprache)", "per", "fa"],
    "ps": ["Paschtu", "Pashto", "پښتو", "Paschto", "Pashtu", "Paschtunisch", "Pashtoo", "ps", "pus"],
    "kmr": [
        "Kurmanji",
        "Kurmancî",
        "Kurmanci",
        "Kurmandschi",
        "kurdî (kurmancî)",
        "Nordkurdisch",
        "Northern Kurdish",
        "Kurmanjii",
        "kmr",
        "Kurdisch (Kurmanci)",
    ],
    "ckb": [
        "Sorani",
        "Zentralkurdisch",
        "Central Kurdish",
        "کوردیی ناوەندی",
        "سۆرانی",
        "Soranni",
        "ckb",
        "Kurdisch (Sorani)",
    ],
    "ti": ["Tigrinya", "Tigrinisch", "ትግርኛ", "Tigrinja", "Tigrigna", "Tigrinay", "ti", "tir"],
    "so": ["Somali", "Somalisch", "Soomaali", "Af-Soomaali", "Somaly", "so", "som"],
    "ar": ["Arabisch", "Arabic", "العربية", "عربي", "Arabich", "arabische", "Hocharabisch", "ar", "ara", "arab."],
    "uk": ["Ukrainisch", "Ukrainian", "Українська", "українська мова", "Ukranisch", "uk", "ukr"],
    "ru": ["Russisch", "Russian", "Русский", "русский язык", "Rusisch", "ru", "rus", "russ."],
    "tr": ["Türkisch", "Turkish", "Türkçe", "Turkce", "Tuerkisch", "Türkich", "tr", "tur"],
}

#: The other languages refugees in Germany speak: German, English and own name.
OTHERS = [
    ("am", ["Amharisch", "Amharic", "አማርኛ"]),
    ("ur", ["Urdu", "اردو"]),
    ("sq", ["Albanisch", "Albanian", "Shqip"]),
    ("sr", ["Serbisch", "Serbian", "Српски"]),
    ("ro", ["Rumänisch", "Romanian", "Română"]),
    ("pl", ["Polnisch", "Polish", "Polski"]),
    ("fr", ["Französisch", "French", "Français", "frz."]),
    ("en", ["Englisch", "English", "engl."]),
    ("es", ["Spanisch", "Spanish", "Español"]),
    ("it", ["Italienisch", "Italian", "Italiano"]),
    ("ka", ["Georgisch", "Georgian", "ქართული"]),
    ("hy", ["Armenisch", "Armenian", "Հայերեն"]),
    ("az", ["Aserbaidschanisch", "Azerbaijani", "Azeri", "Azərbaycan"]),
    ("bn", ["Bengalisch", "Bengali", "Bangla", "বাংলা"]),
    ("hi", ["Hindi", "हिन्दी"]),
    ("pa", ["Punjabi", "Pandschabi", "ਪੰਜਾਬੀ"]),
    ("om", ["Oromo", "Afaan Oromoo"]),
    ("ha", ["Haussa", "Hausa"]),
    ("yo", ["Yoruba", "Èdè Yorùbá"]),
    ("ig", ["Igbo"]),
    ("wo", ["Wolof"]),
    ("ta", ["Tamil", "தமிழ்"]),
    ("vi", ["Vietnamesisch", "Vietnamese", "Tiếng Việt"]),
    ("zh", ["Chinesisch", "Chinese", "中文", "Mandarin"]),
    ("rom", ["Romani", "Romany", "Romanes"]),
    ("de", ["Deutsch", "German", "dt.", "DE", "deu"]),
]

LEVEL_WORDS = [
    ("Arabisch (Muttersprache)", "native"),
    ("Arabisch Muttersprachlerin", "native"),
    ("Muttersprache: Arabisch", "native"),
    ("Arabic native", "native"),
    ("Arabic (mother tongue)", "native"),
    ("Arabisch fließend", "fluent"),
    ("Arabisch fliessend", "fluent"),
    ("Arabisch sehr gut", "fluent"),
    ("Arabic fluent", "fluent"),
    ("Arabisch C1", "fluent"),
    ("Arabisch (C2)", "fluent"),
    ("Arabisch gut", "good"),
    ("Arabisch B2", "good"),
    ("Arabisch B1", "good"),
    ("Arabic intermediate", "good"),
    ("etwas Arabisch", "basic"),
    ("ein bisschen Arabisch", "basic"),
    ("Arabisch Grundkenntnisse", "basic"),
    ("Arabic basic", "basic"),
    ("some Arabic", "basic"),
    ("Arabisch A2", "basic"),
]

LISTS = [
    (
        "Arabisch (Muttersprache), Englisch fließend, etwas Französisch",
        [("ar", "native"), ("en", "fluent"), ("fr", "basic")],
    ),
    ("Arabisch, Farsi und etwas Dari", [("ar", None), ("fa", None), ("prs", "basic")]),
    ("ar/en", [("ar", None), ("en", None)]),
    ("Kurmanci; Sorani", [("kmr", None), ("ckb", None)]),
    ("Deutsch B2, Englisch C1", [("de", "good"), ("en", "fluent")]),
    ("Deutsch B2 Englisch C1", [("de", "good"), ("en", "fluent")]),
    ("Englisch, fließend", [("en", "fluent")]),
    ("Arabic native, English fluent and some French", [("ar", "native"), ("en", "fluent"), ("fr", "basic")]),
    ("Arabisch etwas Englisch", [("ar", None), ("en", "basic")]),
    ("Farsi/Dari", [("fa", None), ("prs", None)]),
    ("Ukrainisch\nRussisch (Muttersprache)", [("uk", None), ("ru", "native")]),
    ("Arabisch, arabisch (Muttersprache)", [("ar", "native")]),
    ("Tigrinya + Amharisch", [("ti", None), ("am", None)]),
    ("Schulenglisch", [("en", "basic")]),
]

#: Everyday words from the offer forms that are no language.
# fmt: off
NOT_LANGUAGES = (
    "Kochen", "Fahrrad", "Montag", "Dienstag", "Mittwoch", "Wochenende", "abends", "Garten", "Möbel", "Kinder",
    "Hausaufgaben", "Deutschunterricht", "Behördengänge", "Arzt", "Begleitung", "Wohnung", "Umzug", "Sport",
    "Fußball", "Musik", "Gitarre", "Computer", "Nähen", "Malen", "Tanzen", "Schwimmen", "Kleidung", "Spielzeug",
    "Auto", "Führerschein", "Bewerbung", "Mathe", "Physik", "Schule", "Kita", "Einkaufen", "Kaffee", "Kuchen",
    "Nachhilfe", "Politik", "politisch", "Miete", "Hilfe", "Zeit", "flexibel", "Telefon", "Handwerk", "Bücher",
    "Rentnerin", "Studentin", "Lehrerin", "Ärztin", "Hannover", "Linden", "Küche", "Familie", "Winterjacke",
    "Schuhe", "Waschmaschine", "Kinderwagen", "Freizeit", "Theater", "Yoga", "Wandern", "Basteln", "Backen",
    "Verein", "Kirche", "Moschee", "Bibliothek", "Handy", "Formular", "Jobcenter", "Ausländerbehörde",
    "Krankenhaus", "Apotheke", "Hebamme", "Baby", "Senioren", "Rollstuhl", "Bus", "Praktikum", "Ausbildung",
    "Arbeit", "Spenden", "Lebensmittel", "Sprachcafé", "Patenschaft", "Dolmetschen", "cooking", "bicycle", "Monday",
    "garden", "furniture", "children", "homework", "doctor", "moving", "football", "music", "sewing", "clothes",
    "school", "shopping", "tutoring",
)
# fmt: on


def codes_and_levels(text: str) -> list[tuple[str | None, str | None]]:
    return [(r.value, r.level) for r in resolve_languages(text)]


@pytest.mark.parametrize(("code", "text"), [(code, text) for code, texts in SPELLINGS.items() for text in texts])
def test_refugee_languages_resolve_from_every_spelling(code, text):
    result = resolve_language(text)
    assert (result.value, result.text) == (code, text.strip())
    assert result.confidence >= 70


@pytest.mark.parametrize("code", list(SPELLINGS))
def test_each_refugee_language_has_five_spellings(code):
    assert len(set(SPELLINGS[code])) >= 5


@pytest.mark.parametrize(("code", "text"), [(code, text) for code, texts in OTHERS for text in texts])
def test_other_languages_resolve_from_german_english_and_own_names(code, text):
    assert resolve_language(text).value == code


@pytest.mark.parametrize(("text", "level"), LEVEL_WORDS)
def test_level_annotations_give_a_level(text, level):
    assert codes_and_levels(text) == [("ar", level)]


@pytest.mark.parametrize(("text", "expected"), LISTS)
def test_lists_resolve_in_order_each_language_once(text, expected):
    assert codes_and_levels(text) == expected


def test_the_levels_share_the_offer_forms_keys():
    assert {key for key, _ in LANGUAGE_LEVELS} <= set(LEVELS)


def test_kurdish_alone_resolves_with_low_confidence_for_staff_to_ask():
    result = resolve_language("Kurdisch")
    assert (result.value, result.method) == ("ku", Method.ALIAS)
    assert result.needs_review


def test_a_typo_says_so_and_costs_confidence():
    result = resolve_language("Arabich")
    assert (result.value, result.method, result.confidence) == ("ar", Method.FUZZY, 85)


@pytest.mark.parametrize("text", ["Dary", "Urdo", "Lust", "Dark"])
def test_names_of_four_letters_take_no_typos(text):
    assert not resolve_language(text).is_resolved


def test_codes_count_only_when_they_are_all_a_segment_says():
    # "so" is Somali alone, but a word in a sentence.
    assert codes_and_levels("so") == [("so", None)]
    assert [r.value for r in resolve_languages("Arabisch so gut wie Deutsch") if r.is_resolved] == ["ar", "de"]


def test_yes_and_no_are_no_language_codes():
    assert not any(r.is_resolved for r in resolve_languages("ja, no"))


def test_unknown_words_are_kept_verbatim_and_flagged():
    results = resolve_languages("Arabisch, Blablaisch fließend")
    assert [(r.value, r.text, r.method, r.level) for r in results] == [
        ("ar", "Arabisch", Method.EXACT, None),
        (None, "Blablaisch fließend", Method.UNRESOLVED, "fluent"),
    ]
    assert results[1].needs_review and not results[1].is_resolved


@pytest.mark.parametrize("text", NOT_LANGUAGES)
def test_everyday_words_are_no_language(text):
    assert not any(r.is_resolved for r in resolve_languages(text))


def test_fillers_alone_give_nothing():
    assert resolve_languages("keine") == []
    assert resolve_languages("") == []


@pytest.mark.parametrize("code", PICKER_LANGUAGES)
def test_the_pickers_german_labels_resolve_to_their_codes(code):
    assert resolve_language(language_name(code, "de")).value == code


def test_the_stored_codes_agree_with_the_names_the_app_shows():
    # CLDR_KEYS maps stored codes to CLDR keys; we read names back the other way.
    assert {cldr: code for code, cldr in CLDR_KEYS.items() if "_" in cldr} == language_names.FROM_CLDR
    assert language_names.OWN_NAME_CODES == {"ku": "kmr"} and CLDR_KEYS["kmr"] == "ku"


def test_names_in_the_callers_locale_count_too():
    assert resolve_language("الفرنسية", locale="ar").value == "fr"


def test_resolution_is_fast():
    """The CSV import must reach 5 000 rows/s; one resolution stays far below 1 ms."""
    texts = [text for texts in SPELLINGS.values() for text in texts] + [text for text, _ in LISTS]
    resolve = languages._resolve.__wrapped__  # uncached: every call does the whole work
    durations = []
    for i in range(2000):
        started = time.perf_counter()
        resolve(texts[i % len(texts)], "de")
        durations.append(time.perf_counter() - started)
    assert statistics.median(durations) < 0.001
