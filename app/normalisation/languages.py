"""Language names as people type them, resolved to ISO 639 codes and a level.

"Arabisch (Muttersprache), Englisch fließend, etwas Französisch", "ar/en",
"Kurmanci; Sorani", "فارسی": the text is split into segments at commas,
slashes and "und"; in each, the longest known name or level phrase wins
(``language_names``), then typos of the common languages, never in names of
four letters or fewer. A level word describes its neighbouring language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from app.normalisation.language_names import LanguageIndex, Level, Name, language_index
from app.normalisation.lookup import WORD, closest, fold
from app.normalisation.result import LanguageResolution, Method

#: A macrolanguage next to one of its members names the member: "Kurdisch (Sorani)" is ckb.
MACRO_MEMBERS = {"ku": {"kmr", "ckb", "sdh"}, "fa": {"prs"}}

CONJUNCTIONS = frozenset(("und", "and", "oder", "or", "sowie", "plus", "u", "bzw"))
#: Words around language names that say nothing about which language.
# fmt: off
FILLERS = frozenset(fold(w) for w in (
    "sprache", "sprachen", "language", "languages", "sprachkenntnisse", "kenntnisse", "kenntnis", "sprachniveau",
    "spreche", "sprechen", "spricht", "speak", "speaks", "speaking", "ich", "i", "kann", "can", "a", "an", "the",
    "die", "der", "das", "den", "dem", "mit", "with", "im", "in", "niveau", "level", "stufe", "dialekt", "dialekte",
    "dialect", "nur", "only", "ca", "circa", "gesprochen", "spoken", "schriftlich", "written", "mündlich", "oral",
    "lesen", "schreiben", "verstehen", "reading", "writing", "wort", "schrift", "keine", "kein", "none", "nein",
    "sowohl", "als", "auch", "also", "etc", "usw", "fremdsprache", "zweitsprache",
    # "Koran" is one letter from "Korean"; "Koran-Arabisch" is Arabic.
    "koran",
    # "language" in Russian, Ukrainian, Persian, Arabic and Turkish
    "язык", "мова", "زبان", "لغة", "اللغة", "dil", "dili",
))
# fmt: on
_PIECE = re.compile(rf"(?P<sep>[,;/|+&\n])|(?P<word>{WORD.pattern})")
ADJECTIVE_ENDINGS = ("en", "em", "er", "es", "e")
#: A typo costs this much confidence per wrong letter.
EDIT_PENALTY = 15


@dataclass
class _Token:
    #: Folded, for names.
    word: str
    #: Lower case only, for codes: "Tür" is no "tur".
    raw: str
    start: int
    end: int


@dataclass
class _Segment:
    tokens: list[_Token]
    start: int
    end: int


@dataclass
class _Found:
    """A language found in a segment, its level and the span it was written in."""

    name: Name
    start: int
    end: int
    level: str | None = None
    alternatives: tuple[str, ...] = ()

    def widen(self, start: int, end: int) -> None:
        self.start, self.end = min(self.start, start), max(self.end, end)


@dataclass(frozen=True)
class _LevelWord:
    level: Level
    start: int
    end: int


#: What a segment holds, in the order written: languages, level words and runs of unknown words.
_Item = _Found | _LevelWord | list[_Token]


def resolve_languages(text: str, locale: str = "de") -> list[LanguageResolution]:
    """Every language named in ``text``, in the order written, each once.

    Words that name no known language come back unresolved with the words as
    typed, so that nothing anyone wrote is lost.
    """
    return list(_resolve(text, locale))


def resolve_language(name: str, locale: str = "de") -> LanguageResolution:
    """One language name, with no list to split ("Kurdisch (Sorani)", "Farsi", "ar")."""
    segment = _Segment([_token(m) for m in WORD.finditer(name)], 0, len(name))
    read = _read(segment, name, language_index(locale), None) if segment.tokens else []
    return _result(read[0], name) if read else _unresolved(name.strip(), None)


@lru_cache(maxsize=8192)
def _resolve(text: str, locale: str) -> tuple[LanguageResolution, ...]:
    index = language_index(locale)
    read: list[_Found | LanguageResolution] = []
    previous: _Found | None = None
    for segment in _segments(text):
        items = _read(segment, text, index, previous)
        if items:
            previous = items[-1] if isinstance(items[-1], _Found) else None
        read.extend(items)
    return _merged(read, text)


def _segments(text: str) -> list[_Segment]:
    """Split at commas, slashes, semicolons, line ends and "und"/"and"/"oder"."""
    segments = [_Segment([], 0, len(text))]
    for m in _PIECE.finditer(text):
        word = fold(m.group("word")) if m.group("word") else ""
        if not word or word in CONJUNCTIONS:
            segments[-1].end = m.start()
            segments.append(_Segment([], m.end(), len(text)))
        else:
            segments[-1].tokens.append(_token(m))
    return [s for s in segments if s.tokens]


def _token(m: re.Match[str]) -> _Token:
    return _Token(fold(m.group()), m.group().casefold(), m.start(), m.end())


def _read(
    segment: _Segment, text: str, index: LanguageIndex, previous: _Found | None
) -> list[_Found | LanguageResolution]:
    """The languages of one segment with their levels, or the segment unresolved.

    ``previous`` is the language just before, which a segment holding only a
    level word ("Englisch, fließend") describes.
    """
    items = _scan(segment.tokens, index)
    _read_lone_code(items, index)
    found = [i for i in items if isinstance(i, _Found)]
    levels = [i for i in items if isinstance(i, _LevelWord)]
    unknown = [i for i in items if isinstance(i, list)]
    if not found:
        if unknown:
            raw = text[segment.start : segment.end].strip()
            return [_unresolved(raw, levels[0].level.level if levels else None)]
        if levels and previous is not None and previous.level is None:
            previous.level = levels[0].level.level
        return []
    _attach_levels(items)
    found = _without_macros(found)
    if len(found) == 1:
        found[0].widen(segment.start, segment.end)
    return [*found, *(_unresolved(text[run[0].start : run[-1].end], None) for run in unknown)]


def _scan(tokens: list[_Token], index: LanguageIndex) -> list[_Item]:
    """Longest known phrase first at each word; what is left is unknown or filler."""
    items: list[_Item] = []
    i = 0
    while i < len(tokens):
        width, item = _phrase_at(tokens, i, index)
        if item is not None:
            items.append(item)
        elif tokens[i].word not in FILLERS:
            if items and isinstance(items[-1], list):
                items[-1].append(tokens[i])
            else:
                items.append([tokens[i]])
        i += width
    return items


def _phrase_at(tokens: list[_Token], i: int, index: LanguageIndex) -> tuple[int, _Found | _LevelWord | None]:
    for width in range(min(index.longest, len(tokens) - i), 0, -1):
        phrase = " ".join(t.word for t in tokens[i : i + width])
        start, end = tokens[i].start, tokens[i + width - 1].end
        if phrase in index.levels:
            return width, _LevelWord(index.levels[phrase], start, end)
        if phrase in index.names:
            name = index.names[phrase]
            return width, _Found(name, start, end, name.level)
    return 1, _inflected(tokens[i], index) or _typo(tokens[i], index)


def _inflected(token: _Token, index: LanguageIndex) -> _Found | None:
    """A German adjective with its ending: "arabische", "englischen" (Sprache)."""
    for ending in ADJECTIVE_ENDINGS:
        stem = token.word.removesuffix(ending)
        if stem != token.word and stem.endswith("isch") and stem in index.names:
            name = replace(index.names[stem], method=Method.ALIAS, confidence=min(index.names[stem].confidence, 95))
            return _Found(name, token.start, token.end, name.level)
    return None


def _typo(token: _Token, index: LanguageIndex) -> _Found | None:
    if token.word in FILLERS or any(c.isdigit() for c in token.word):
        return None
    hits, edits = closest(token.word, index.typo_keys)
    names = [index.names[index.typo_keys[i]] for i in hits]
    codes = tuple(dict.fromkeys(n.code for n in names))
    if not codes:
        return None
    # Two languages equally near: keep the first but make staff look.
    confidence = names[0].confidence - EDIT_PENALTY * edits if len(codes) == 1 else 50
    name = Name(codes[0], confidence, Method.FUZZY, names[0].level)
    return _Found(name, token.start, token.end, name.level, codes[1:])


def _read_lone_code(items: list[_Item], index: LanguageIndex) -> None:
    """A code ("DE", "ar", "deu") counts only when it is all the segment names,
    since "so", "am" or "or" are also words."""
    unknown = [i for i in items if isinstance(i, list)]
    if len(unknown) == 1 and len(unknown[0]) == 1 and not any(isinstance(i, _Found) for i in items):
        token = unknown[0][0]
        if token.raw in index.codes:
            name = index.codes[token.raw]
            items[items.index(unknown[0])] = _Found(name, token.start, token.end)


def _attach_levels(items: list[_Item]) -> None:
    """A level word describes the language before it ("Englisch fließend"), or
    the one after it when none is before or the word only ever precedes ("etwas Dari")."""
    pending: _LevelWord | None = None
    last: _Found | None = None
    for item in items:
        if isinstance(item, _Found):
            if pending is not None and item.level is None:
                item.level = pending.level.level
                item.widen(pending.start, pending.end)
            pending, last = None, item
        elif isinstance(item, _LevelWord):
            if not item.level.before and last is not None and last.level is None:
                last.level = item.level.level
                last.widen(item.start, item.end)
            else:
                pending = item


def _without_macros(found: list[_Found]) -> list[_Found]:
    codes = {f.name.code for f in found}
    kept = [f for f in found if not MACRO_MEMBERS.get(f.name.code, set()) & codes]
    for macro in (f for f in found if f not in kept):
        member = next(f for f in kept if f.name.code in MACRO_MEMBERS[macro.name.code])
        member.level = member.level or macro.level
        member.widen(macro.start, macro.end)
    return kept


def _merged(read: list[_Found | LanguageResolution], text: str) -> tuple[LanguageResolution, ...]:
    """Each language once, at its first mention, with the first level given for it."""
    results: list[LanguageResolution] = []
    position: dict[str, int] = {}
    for item in read:
        result = item if isinstance(item, LanguageResolution) else _result(item, text)
        if result.value is None or result.value not in position:
            if result.value is not None:
                position[result.value] = len(results)
            results.append(result)
        elif results[position[result.value]].level is None and result.level:
            results[position[result.value]] = replace(results[position[result.value]], level=result.level)
    return tuple(results)


def _result(found: _Found | LanguageResolution, text: str) -> LanguageResolution:
    if isinstance(found, LanguageResolution):
        return found
    return LanguageResolution(
        value=found.name.code,
        confidence=max(0, min(100, found.name.confidence)),
        text=text[found.start : found.end].strip(),
        method=found.name.method,
        alternatives=found.alternatives,
        level=found.level,
    )


def _unresolved(text: str, level: str | None) -> LanguageResolution:
    return LanguageResolution(value=None, confidence=0, text=text, method=Method.UNRESOLVED, level=level)
