"""Help concepts: a taxonomy of skills, places and donations, and free text resolved against it.

The taxonomy is data: ``data/concepts.toml`` is the shipped default set (admins will edit it in the
database later, through :meth:`Taxonomy.from_records`), loaded once per process. Pure Python, no Flask
and no database, so forms, imports, the matcher and its benchmark all use the same code.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass
from functools import cache, lru_cache
from itertools import groupby
from pathlib import Path
from typing import Any, NamedTuple

from rapidfuzz import fuzz, process

from app.core.text import fold
from app.normalisation.result import Method, Resolution

CONCEPTS_FILE = Path(__file__).resolve().parent / "data" / "concepts.toml"

#: The eight offer kinds (app.offers.models.OfferKind), spelled out so this module imports no model.
GROUPS = ("language_support", "interpreting", "mentoring", "minors_support", "housing", "premises", "donation", "other")

#: Weights of concept fit. An offer of the very thing asked for counts fully; a related concept (German
#: lessons for homework help, a winter jacket for winter clothing) often helps, so half; the same group
#: (any donation for a donation) is only a hint that the coordinator may look, so a fifth.
EXACT, RELATED, SAME_GROUP = 1.0, 0.5, 0.2

#: Fuzzy matching, chosen on the labelled lists in tests/normalisation/test_concepts.py: ``fuzz.ratio``
#: (edit distance) at 85 gives precision 1.00 / recall 0.98 on the tuning list and 0.92 / 0.96 on the
#: held-out one. WRatio, token_set_ratio and partial_ratio score a word inside a longer synonym
#: ("Deutsch" in "Deutsch als Fremdsprache") as a match: precision 0.72-0.94 at the same cutoff.
FUZZY_SCORER = fuzz.ratio
FUZZY_CUTOFF = 85
#: Below five letters one typo is a different word ("Rad", "Amt", "Bus"); such synonyms match exactly only.
MIN_FUZZY_LENGTH = 5
#: Confidence of an exact synonym inside a longer piece of text ("gut erhaltene Winterjacken für Kinder").
CONTAINED = 90
#: Confidence of a synonym found as the last part of a German compound ("Kochtöpfe" → "Töpfe").
COMPOUND = 80
#: How many fuzzy candidates to look at for alternatives.
CANDIDATES = 5
#: Chunks of text whose reading a taxonomy keeps (a few MB at most).
CHUNK_CACHE_SIZE = 50_000

#: Words that carry no concept, dropped before matching (folded): "Begleitung zum Amt" = "Begleitung ins Amt".
# fmt: off
FILLERS = frozenset((
    "ich", "wir", "du", "sie", "er", "es", "man", "mein", "meine", "meinen", "unser", "unsere", "ihr", "ihre",
    "kann", "koennen", "koennte", "moechte", "moechten", "will", "wuerde", "gerne", "gern", "biete", "bieten",
    "anbieten", "angeboten", "suche", "suchen", "gesucht", "brauche", "brauchen", "benoetigt", "benoetigen",
    "habe", "haben", "hat", "ist", "sind", "der", "die", "das", "den", "dem", "des", "ein", "eine", "einen",
    "einem", "einer", "eines", "zu", "zum", "zur", "bei", "beim", "mit", "fuer", "von", "vom", "im", "in", "ins",
    "an", "am", "auf", "aufs", "nach", "aus", "ueber", "um", "auch", "sehr", "etwas", "bitte", "ca", "zb", "z",
    "b", "etc", "usw", "ggf", "evtl", "neu", "neue", "neuer", "neuwertig", "gebraucht", "gebrauchte", "erhalten",
    "erhaltene", "erhaltener", "zustand", "gut", "gute", "guter", "stueck", "stk", "gr", "groesse",
    "i", "we", "you", "my", "our", "a", "the", "to", "for", "with", "of", "on", "at", "some", "can", "could",
    "would", "like", "offer", "offering", "need", "needed", "needs",
))
# fmt: on
#: List words: they split "Tische und Stühle" but may also sit inside a synonym ("Lesen und Schreiben").
CONJUNCTIONS = frozenset({"und", "sowie", "oder", "bzw", "and", "or"})
#: Words, or one mark that ends a list item; anything else (hyphens, quotes, accents) only joins words.
_TOKEN = re.compile(r"[^\W_]+|[\n,;/()\[\]{}+&|:.!?•·*،؛]")


@dataclass(frozen=True, slots=True)
class Concept:
    key: str
    group: str
    #: Position in the taxonomy: the bit of this concept in :meth:`Taxonomy.vector`.
    index: int
    label_de: str
    label_en: str
    synonyms_de: tuple[str, ...]
    synonyms_en: tuple[str, ...]
    related: frozenset[str]
    #: Volunteers may only refer people on (legal advice is reserved to lawyers and counselling services).
    referral_only: bool = False

    @property
    def names(self) -> tuple[str, ...]:
        return (self.label_de, self.label_en, *self.synonyms_de, *self.synonyms_en)


@dataclass(frozen=True)
class ConceptResolution(Resolution):
    """``value`` is a concept key. Confidence: 100 a label or synonym, 90 one inside longer text, 80 the
    last part of a compound, else the fuzzy score; ``alternatives`` are other concepts a typo could mean."""

    #: The label or synonym that matched, as the taxonomy writes it.
    matched: str | None = None


class _Hit(NamedTuple):
    index: int
    name: str
    confidence: int
    method: Method
    alternatives: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ConceptReason:
    """Why a need concept counts as covered: which offer concept, how ("exact", "related", "group")."""

    need: str
    offer: str
    relation: str
    weight: float

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


class _Token(NamedTuple):
    """A word of the text (a NamedTuple: texts have many, and a frozen dataclass is slow to build)."""

    folded: str
    start: int
    end: int
    #: Which list item (between commas, conjunctions ...) the token belongs to.
    item: int
    #: Tokens a synonym may not span: the hard separators (comma, slash ...) between them.
    chunk: int

    @property
    def is_conjunction(self) -> bool:
        return self.folded in CONJUNCTIONS


def _tokens(text: str) -> list[_Token]:
    """The words that can carry a concept, each with its place in the text and in the list."""
    tokens: list[_Token] = []
    item = chunk = 0
    for found in _TOKEN.finditer(text):
        word = _fold_word(found.group())
        if not word.isalnum():
            item, chunk = item + 1, chunk + 1
        elif word in CONJUNCTIONS:
            tokens.append(_Token(word, found.start(), found.end(), item, chunk))
            item += 1
        elif word not in FILLERS and word.isalpha():  # alphanumeric already: no digit in it
            tokens.append(_Token(word, found.start(), found.end(), item, chunk))
    return tokens


#: Words repeat across texts ("ich", "und", "Deutsch"): each is folded once per process.
_fold_word = lru_cache(maxsize=1 << 16)(fold)


def _phrase(tokens: list[_Token]) -> str:
    return " ".join(token.folded for token in tokens)


def _compound(tokens: list[_Token]) -> str:
    """The words written together: "Deutsch Kurs" and "Deutsch-Kurs" meet "Deutschkurs"."""
    return "".join(token.folded for token in tokens)


def _is_run(tokens: list[_Token]) -> bool:
    """Whether a synonym may cover these tokens: no comma or slash between them, no "und" at either end."""
    ends = (tokens[0], tokens[-1]) if tokens else ()
    return bool(ends) and ends[0].chunk == ends[1].chunk and not any(end.is_conjunction for end in ends)


#: Tokens read as one concept (the hit; None: as nothing known).
_Read = tuple[list[_Token], _Hit | None]
#: An exact synonym: the positions of its tokens, and what was read.
_Exact = tuple[set[int], _Read]


class Taxonomy:
    """The concepts, their synonyms folded for lookup, and bitmasks for scoring many offers at once."""

    def __init__(self, concepts: Iterable[Concept]) -> None:
        self.concepts = tuple(concepts)
        self.by_key = {concept.key: concept for concept in self.concepts}
        #: Folded synonym (spaced and written together) → (concept index, synonym as written).
        self._lookup: dict[str, tuple[int, str]] = {}
        self._longest = 1
        problems = [problem for concept in self.concepts for problem in self._add_names(concept)]
        if problems:
            raise ValueError("Invalid concept taxonomy:\n" + "\n".join(problems))
        #: Chunks read so far (see _read_chunk), dropped wholesale when full.
        self._chunks: dict[tuple[tuple[str, int], ...], tuple[tuple[tuple[int, int], _Hit | None], ...]] = {}
        #: Fuzzy matches found so far, by (phrase, cutoff); None: nothing close enough.
        self._fuzzy: dict[tuple[str, float], _Hit | None] = {}
        #: Every beginning of a folded synonym: a word that is none begins no synonym (see _exact).
        self._prefixes = frozenset(phrase[:end] for phrase in self._lookup for end in range(1, len(phrase) + 1))
        #: Fuzzy candidates by first letter: phrases and their (concept index, synonym).
        self._choices: dict[str, tuple[list[str], list[tuple[int, str]]]] = {}
        for phrase, hit in self._lookup.items():
            if len(phrase) >= MIN_FUZZY_LENGTH:
                phrases, hits = self._choices.setdefault(phrase[0], ([], []))
                phrases.append(phrase)
                hits.append(hit)
        self._longest_choice = {letter: max(map(len, phrases)) for letter, (phrases, _) in self._choices.items()}
        groups = {group: self.vector(c.key for c in self.concepts if c.group == group) for group in GROUPS}
        #: Per concept, the offer concepts that cover it, best first (see :meth:`fit_masks`).
        self._masks = tuple(
            (
                (EXACT, "exact", 1 << c.index),
                (RELATED, "related", self.vector(c.related)),
                (SAME_GROUP, "group", groups[c.group]),
            )
            for c in self.concepts
        )

    @classmethod
    def from_records(cls, records: Mapping[str, Mapping[str, Any]]) -> Taxonomy:
        """Build from ``{key: {"group", "de", "en", "synonyms_de", "synonyms_en", "related", "referral_only"}}``.

        Related links are symmetric: listing one direction is enough.
        :raise ValueError: naming every unknown group, field or related key.
        """
        problems = [problem for key, record in records.items() for problem in _record_problems(key, record, records)]
        if problems:
            raise ValueError("Invalid concept taxonomy:\n" + "\n".join(problems))
        related: dict[str, set[str]] = {key: set() for key in records}
        for key, record in records.items():
            for other in record.get("related", ()):
                related[key].add(other)
                related[other].add(key)
        return cls(
            Concept(
                key=key,
                group=record["group"],
                index=index,
                label_de=record["de"],
                label_en=record["en"],
                synonyms_de=tuple(record.get("synonyms_de", ())),
                synonyms_en=tuple(record.get("synonyms_en", ())),
                related=frozenset(related[key]),
                referral_only=record.get("referral_only", False),
            )
            for index, (key, record) in enumerate(records.items())
        )

    def _add_names(self, concept: Concept) -> Iterable[str]:
        for name in concept.names:
            tokens = _tokens(name)
            if not _is_run(tokens):
                yield f"{concept.key}: {name!r} is empty after folding, or a list separator splits it"
                continue
            self._longest = max(self._longest, len(tokens))
            for phrase in {_phrase(tokens), _compound(tokens)}:
                index, _ = self._lookup.setdefault(phrase, (concept.index, name))
                if index != concept.index:
                    yield f"{concept.key}: {name!r} is also a synonym of {self.concepts[index].key}"

    # ── resolution ──────────────────────────────────────────────────────────────────────────────────

    def resolve(self, text: str) -> list[ConceptResolution]:
        """Every concept named in ``text``, in order, and every list item that named none (unresolved).

        The text is cut into list items at commas, slashes, brackets, newlines and at "und", "sowie",
        "oder". Synonyms are looked up across the whole text first, so one that contains "und" ("Lesen
        und Schreiben lernen") stays one concept; then each item is settled by :meth:`_resolve_item`.
        """
        tokens = _tokens(text)
        found: list[tuple[int, ConceptResolution]] = []
        for entry in _runs(range(len(tokens)), lambda position: tokens[position].chunk):
            chunk = [tokens[position] for position in entry]
            words = tuple((token.folded, token.item - chunk[0].item) for token in chunk)
            for (first, last), hit in self._read_chunk(words):
                found.append(self._resolution(text, chunk[first].start, chunk[last].end, hit))
        found.sort(key=lambda pair: pair[0])
        return _unique(resolution for _, resolution in found)

    def _read_chunk(self, words: tuple[tuple[str, int], ...]) -> tuple[tuple[tuple[int, int], _Hit | None], ...]:
        """What one chunk (the words between hard separators, with their list items) names: per reading the
        first and last word and the hit. No synonym spans a separator, so a chunk reads the same in any
        text: the answer is kept, and the words of a spreadsheet column are read once per import."""
        if (known := self._chunks.get(words)) is not None:
            return known
        tokens = [_Token(folded, position, position, item, 0) for position, (folded, item) in enumerate(words)]
        exact = self._exact(tokens)
        if joined := self._joined(tokens, [read for _, read in exact]):
            reads = [joined]
        else:
            items = _runs(range(len(tokens)), lambda position: tokens[position].item)
            reads = [read for item in items for read in self._resolve_item(tokens, item, exact)]
        answer = tuple(((read[0].start, read[-1].start), hit) for read, hit in reads)
        if len(self._chunks) >= CHUNK_CACHE_SIZE:
            self._chunks.clear()
        self._chunks[words] = answer
        return answer

    def _exact(self, tokens: list[_Token]) -> list[_Exact]:
        """Longest synonyms first, left to right."""
        found: list[_Exact] = []
        start = 0
        while start < len(tokens):
            for end in range(self._reach(tokens, start), start, -1):
                window = tokens[start:end]
                known = _is_run(window) and (self._lookup.get(_phrase(window)) or self._lookup.get(_compound(window)))
                if known:
                    index, name = known
                    is_label = name in (self.concepts[index].label_de, self.concepts[index].label_en)
                    method = Method.EXACT if is_label else Method.ALIAS
                    hit = _Hit(index, name, 100 if _covers(window, tokens) else CONTAINED, method)
                    found.append((set(range(start, end)), (window, hit)))
                    start = end
                    break
            else:
                start += 1
        return found

    def _reach(self, tokens: list[_Token], start: int) -> int:
        """Where a synonym beginning at ``start`` could end at the latest: as long as the words, spaced or
        written together, still begin some synonym. Most words of a sentence begin none, so this is cheap."""
        spaced = joined = tokens[start].folded
        if spaced not in self._prefixes:
            return start
        end = start + 1
        for token in tokens[end : start + self._longest]:
            spaced, joined = f"{spaced} {token.folded}", joined + token.folded
            if spaced not in self._prefixes and joined not in self._prefixes:
                break
            end += 1
        return end

    def _joined(self, entry: list[_Token], exact: list[_Read]) -> _Read | None:
        """A mistyped synonym with "und" in it ("Freizeit mit Kindern und Jugndlichen") taken as a whole,
        when no list item of the entry is an exact synonym by itself."""
        while entry and entry[-1].is_conjunction:
            entry = entry[:-1]
        if not any(token.is_conjunction for token in entry) or any(hit and hit.confidence == 100 for _, hit in exact):
            return None
        whole = self._closest(_phrase(entry), CONTAINED)
        return (entry, whole) if whole else None

    def _resolve_item(self, tokens: list[_Token], positions: list[int], exact: list[_Exact]) -> list[_Read]:
        """One list item: the tokens each concept was read from, and the concept (None: unresolved).

        Exact synonyms that make up the whole item win; else a close fuzzy match of the whole item (the
        typo in "Arztbesuch begleiten" beats the exact "begleiten" inside it); else the exact synonyms
        inside the item plus what its other words name ("Begleitung zu Behördengängen").
        """
        inside = [(span, found) for span, found in exact if not span.isdisjoint(positions)]
        found: list[_Read] = [read for _, read in inside]
        content = [tokens[position] for position in positions if not tokens[position].is_conjunction]
        if not content or (found and all(hit.confidence == 100 for _, hit in found if hit)):
            return found
        whole = self._closest(_phrase(content))
        if whole and (not found or whole.confidence >= CONTAINED):
            return [(content, whole)]
        covered = set().union(*(span for span, _ in inside))
        several = len(content) > 1  # a lone word was already tried as the whole item
        # Words beside an exact synonym are mostly context ("für Schüler"): only near-certain ones count.
        cutoff = CONTAINED if found else FUZZY_CUTOFF
        for position in positions:
            token = tokens[position]
            if position not in covered and not token.is_conjunction:
                hit = self._head(token.folded) or (self._closest(token.folded, cutoff) if several else None)
                if hit:
                    found.append(([token], hit))
        return found or [(content, None)]

    def _closest(self, phrase: str, cutoff: float | None = None) -> _Hit | None:
        """The best fuzzy match among synonyms with the same first letter (typos rarely hit the first).

        Kept per phrase: words recur across texts even where whole sentences do not."""
        cutoff = cutoff or FUZZY_CUTOFF
        # fuzz.ratio is 2·matches / (both lengths): a phrase much longer than every synonym cannot reach it.
        if not MIN_FUZZY_LENGTH <= len(phrase) <= self._longest_choice.get(phrase[0], 0) * (200 / cutoff - 1):
            return None
        if (phrase, cutoff) not in self._fuzzy:
            if len(self._fuzzy) >= CHUNK_CACHE_SIZE:
                self._fuzzy.clear()
            self._fuzzy[phrase, cutoff] = self._search(phrase, cutoff)
        return self._fuzzy[phrase, cutoff]

    def _search(self, phrase: str, cutoff: float) -> _Hit | None:
        choices, known = self._choices.get(phrase[0], ((), ()))
        best = process.extract(phrase, choices, scorer=FUZZY_SCORER, score_cutoff=cutoff, limit=CANDIDATES)
        if not best:
            return None
        indexes = dict.fromkeys(known[position][0] for _, _, position in best)
        others = tuple(self.concepts[index].key for index in indexes)[1:]
        return _Hit(*known[best[0][2]], int(best[0][1]), Method.FUZZY, others)

    def _head(self, word: str) -> _Hit | None:
        """German compounds name their kind last: "Kochtöpfe" are "Töpfe", a "Damenfahrrad" is a "Fahrrad"."""
        for cut in range(3, len(word) - MIN_FUZZY_LENGTH + 1):
            if known := self._lookup.get(word[cut:]):
                return _Hit(*known, COMPOUND, Method.FUZZY)
        return None

    def _resolution(self, text: str, start: int, end: int, hit: _Hit | None) -> tuple[int, ConceptResolution]:
        """The resolution of ``text[start:end]`` with its offset, for ordering."""
        read = text[start:end]
        if hit is None:
            return start, ConceptResolution(value=None, confidence=0, text=read, method=Method.UNRESOLVED)
        return start, ConceptResolution(
            value=self.concepts[hit.index].key,
            confidence=hit.confidence,
            text=read,
            method=hit.method,
            alternatives=hit.alternatives,
            matched=hit.name,
        )

    # ── fit ─────────────────────────────────────────────────────────────────────────────────────────

    def vector(self, keys: Iterable[str]) -> int:
        """The concepts as a bitmask (bit ``concept.index``); unknown keys (a concept since removed) are ignored."""
        return sum(1 << self.by_key[key].index for key in set(keys) if key in self.by_key)

    def fit_masks(self, need_keys: Iterable[str]) -> list[tuple[str, tuple[tuple[float, str, int], ...]]]:
        """Per known need concept, ``(weight, relation, bitmask of offer concepts)``, to be tried in order.

        An offer vector ``v`` covers the need concept with the first weight whose mask ``& v`` is non-zero;
        :meth:`fit` is exactly that, and a vectorised matcher can do the same over many offers.
        """
        keys = dict.fromkeys(key for key in need_keys if key in self.by_key)
        return [(key, self._masks[self.by_key[key].index]) for key in keys]

    def fit(self, need_keys: Iterable[str], offer_keys: Iterable[str]) -> tuple[float, list[ConceptReason]]:
        """How well offered concepts cover needed ones, 0–1: the mean over need concepts of the best weight.

        Weights: :data:`EXACT` same concept, :data:`RELATED` related concept, :data:`SAME_GROUP` same group.
        No known need concept: 0.0, no reasons (the scorer then relies on kind and free text).
        """
        offered = self.vector(offer_keys)
        needed = self.fit_masks(need_keys)
        reasons = []
        for key, masks in needed:
            for weight, relation, mask in masks:
                if hits := offered & mask:
                    lowest = (hits & -hits).bit_length() - 1
                    reasons.append(ConceptReason(key, self.concepts[lowest].key, relation, weight))
                    break
        score = sum(reason.weight for reason in reasons) / len(needed) if needed else 0.0
        return score, reasons


def _record_problems(key: str, record: Mapping[str, Any], records: Mapping[str, Any]) -> Iterable[str]:
    if not re.fullmatch(r"[a-z][a-z0-9_]*", key):
        yield f"{key}: keys are English snake_case"
    if unknown := set(record) - {"group", "de", "en", "synonyms_de", "synonyms_en", "related", "referral_only"}:
        yield f"{key}: unknown fields {sorted(unknown)}"
    if record.get("group") not in GROUPS:
        yield f"{key}: group {record.get('group')!r} is not one of {', '.join(GROUPS)}"
    if not record.get("de") or not record.get("en"):
        yield f"{key}: needs a German and an English label (de, en)"
    for other in record.get("related", ()):
        if other not in records or other == key:
            yield f"{key}: related concept {other!r} does not exist"


def _covers(window: list[_Token], tokens: list[_Token]) -> bool:
    """Whether the synonym is all the item says (no other content word beside it)."""
    items = {token.item for token in window}
    return all(token in window or token.is_conjunction for token in tokens if token.item in items)


def _runs(positions: Iterable[int], key: Callable[[int], int]) -> list[list[int]]:
    """Token positions grouped by entry or list item (both only ever grow along the text)."""
    return [list(run) for _, run in groupby(positions, key)]


def _unique(resolutions: Iterable[ConceptResolution]) -> list[ConceptResolution]:
    """One entry per concept (the most confident, at its first place) and per unresolved piece of text."""
    best: dict[str, ConceptResolution] = {}
    for resolution in resolutions:
        slot = resolution.value or "\0" + fold(resolution.text)
        if slot not in best or resolution.confidence > best[slot].confidence:
            best[slot] = resolution  # a dict keeps the first insertion's place
    return list(best.values())


@cache
def taxonomy() -> Taxonomy:
    """The shipped default taxonomy, read once per process."""
    with CONCEPTS_FILE.open("rb") as f:
        return Taxonomy.from_records(tomllib.load(f))


# Shorthands on the shipped taxonomy.
def resolve_concepts(text: str) -> list[ConceptResolution]:
    return taxonomy().resolve(text)


def concept_fit(need_concepts: Iterable[str], offer_concepts: Iterable[str]) -> tuple[float, list[ConceptReason]]:
    return taxonomy().fit(need_concepts, offer_concepts)


def concept_vector(keys: Iterable[str]) -> int:
    return taxonomy().vector(keys)
