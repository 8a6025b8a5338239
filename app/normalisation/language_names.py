"""Every name, code and level word for languages, folded, loaded once per process.

Names come from CLDR through Babel: German, English, the caller's locale and
each common language's own name ("العربية", "فارسی", "دری"); then ISO 639 codes,
abbreviations (``data/language_abbreviations.csv``), the alias table
(``data/language_aliases.csv``) and level words (``data/language_levels.csv``).
"""

from __future__ import annotations

import csv
import pickle  # nosec B403 - reads only Babel's installed locale data, see _own_names
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from babel import Locale, localedata
from babel.core import get_global

from app.normalisation.lookup import key
from app.normalisation.result import Method

DATA = Path(__file__).resolve().parent / "data"

#: Languages refugees in Germany and the volunteers who help them speak most:
#: only these get typo tolerance, code abbreviations ("ar", "deu") and their
#: own names, so that "Montag" never turns into an obscure language.
# fmt: off
COMMON = frozenset((
    # German and the languages volunteers bring
    "de", "en", "fr", "es", "it", "pt", "nl", "pl", "cs", "sk", "sl", "hu", "ro", "bg", "el", "sq", "sr", "hr",
    "bs", "sh", "mk", "ru", "uk", "be", "lt", "lv", "et", "fi", "sv", "da", "no", "ja", "ko", "zh",
    # Middle East, Caucasus, Central and South Asia
    "tr", "ar", "fa", "prs", "ps", "ku", "kmr", "ckb", "sdh", "arc", "syr", "he", "ka", "hy", "az", "ce", "tg",
    "uz", "tk", "kk", "ky", "mn", "ur", "hi", "bn", "pa", "ta", "si", "ne", "vi", "th", "tl", "id", "ms",
    # Africa, and Romani
    "ti", "am", "om", "so", "sw", "ha", "yo", "ig", "wo", "ff", "ln", "rw", "rn", "lg", "kab", "zgh", "bm", "rom",
))
# fmt: on

#: CLDR keys whose language we store under another code (CLDR_KEYS in app/core/i18n.py, reversed).
FROM_CLDR = {"fa_AF": "prs"}
#: CLDR's own-name locale "ku" is Kurmanji ("kurdî (kurmancî)"); the project stores that as kmr.
OWN_NAME_CODES = {"ku": "kmr"}
#: Codes CLDR lists that name no language.
NOT_LANGUAGES = {"und", "zxx", "mul", "mis"}
#: Codes that are also the answer to "other languages?": Japanese and Norwegian go by name.
NOT_CODES = {"ja", "no"}
LEVELS = ("native", "fluent", "good", "basic")


@dataclass(frozen=True)
class Name:
    code: str
    confidence: int
    method: Method
    level: str | None = None


@dataclass(frozen=True)
class Level:
    level: str
    #: Only ever stands before its language ("etwas Französisch").
    before: bool


@dataclass(frozen=True)
class LanguageIndex:
    names: dict[str, Name]
    codes: dict[str, Name]
    levels: dict[str, Level]
    #: Single-word names of common languages that typos are matched against.
    typo_keys: tuple[str, ...]
    longest: int


def _code(cldr_key: str) -> str:
    return FROM_CLDR.get(cldr_key) or cldr_key.split("_")[0]


def _cldr_names(locale: str) -> Iterator[tuple[str, str]]:
    for cldr_key, name in Locale.parse(locale).languages.items():
        if cldr_key.split("_")[0] not in NOT_LANGUAGES:
            yield name, _code(cldr_key)


def _own_names() -> Iterator[tuple[str, str]]:
    """Each common language's name for itself ("العربية", "فارسی", "دری", "Türkçe").

    Read straight from Babel's data files: Babel keeps every locale it loads
    (about 0.4 MB each), which for all these would cost each worker 30 MB.
    """
    for locale in {OWN_NAME_CODES.get(c, c) for c in COMMON} & set(localedata.locale_identifiers()):
        with Path(localedata.resolve_locale_filename(locale)).open("rb") as f:
            names = pickle.load(f).get("languages", {})  # noqa: S301  # nosec B301 - Babel's own package data
        for cldr_key, name in names.items():
            if cldr_key == locale or cldr_key.startswith(locale + "_"):
                yield name, OWN_NAME_CODES.get(cldr_key) or _code(cldr_key)


def _rows(filename: str) -> list[dict[str, str]]:
    with (DATA / filename).open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _codes() -> dict[str, Name]:
    """Codes and abbreviations, lower case: ISO 639 codes of the common languages
    ("ar", "deu", "ger", "prs") and ``data/language_abbreviations.csv`` ("engl", "frz")."""
    codes = {c: Name(c, 90, Method.EXACT) for c in COMMON - NOT_CODES}
    for alias, cldr_key in get_global("language_aliases").items():
        code = _code(cldr_key)
        if len(alias) == 3 and code in COMMON and alias not in COMMON:
            codes[alias] = Name(code, 90, Method.ALIAS)
    for row in _rows("language_abbreviations.csv"):
        codes[row["abbreviation"].casefold()] = Name(row["code"], 90, Method.ALIAS)
    return codes


@cache
def language_index(locale: str = "de") -> LanguageIndex:
    """Every name, code and level word, folded; built once per process and locale."""
    names: dict[str, Name] = {}
    for row in _rows("language_aliases.csv"):
        names.setdefault(
            key(row["alias"]), Name(row["code"], int(row["confidence"]), Method.ALIAS, row["level"] or None)
        )
    for source in (_cldr_names(locale), _cldr_names("de"), _cldr_names("en"), _own_names()):
        for name, code in source:
            names.setdefault(key(name), Name(code, 100, Method.EXACT))
    names.pop("", None)
    levels = {key(r["phrase"]): Level(r["level"], r["before"] == "1") for r in _rows("language_levels.csv")}
    typo_keys = tuple(
        k for k, n in names.items() if n.code in COMMON and n.confidence >= 80 and " " not in k and len(k) > 4
    )
    longest = max(k.count(" ") + 1 for k in (*names, *levels))
    return LanguageIndex(names, _codes(), levels, typo_keys, longest)
