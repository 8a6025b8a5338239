"""Scores 0–100 for one need against many offers at once (numpy), with the reasons staff see.

Pure: no Flask, no database. The offers come as :class:`OfferColumns` (built by app.matching.index
for all open offers, or for a single offer); the need as a :class:`NeedQuery`. The parts (their sum,
rounded, is the score):

- **language, 35.** Required languages are a hard filter: an offer lacking one is left out. The
  rest is 35 × (0.6 + 0.4 × share of the helpful languages the offer speaks). A need with required
  but no helpful languages has every wish met (share 1, the full 35); a need without any language
  wish gets 0.6 × 35 = 21 for every offer, so language neither lifts nor separates its offers.
- **concept, 30.** :meth:`Taxonomy.fit` done over all offers at once: per need concept the best of
  exact 1.0, related 0.5, same group 0.2, averaged. A need without known concepts compares free
  texts instead (rapidfuzz ``token_set_ratio``, 30 × similarity / 100), only for the
  :data:`TEXT_CANDIDATES` offers best by the other parts: text similarity is the expensive part.
- **distance, 15.** 15 × max(0, 1 − d / radius): haversine between the need's and the offer's
  point, radius the person's travel radius or the default. Housing and premises stay where they
  are, so their distance decays over the default radius without any person's radius. No point on
  either side: half, and no distance.
- **availability, 10.** The need's dates against the offer's: overlap 10, none 0, unknown (either
  side without dates) 5. Open ends count as open.
- **kind, 10.** Same kind 10, compatible kinds (:data:`COMPATIBLE_KINDS`) 5, other kinds left out.
  Housing too small for the need's persons gets half its kind points.

Ties are broken by offer id, so a ranking never changes between two identical calls.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from datetime import date
from typing import Any, NamedTuple

import numpy as np
from rapidfuzz import fuzz, process, utils

from app.normalisation.concepts import GROUPS, Taxonomy

#: The offer kinds in a fixed order; an offer's kind is stored as its position here.
KINDS = GROUPS
#: Kinds whose offer is a place: the offer's own point counts, not the person's home.
PLACE_KINDS = frozenset({"housing", "premises"})
LANGUAGE, CONCEPT, DISTANCE, AVAILABILITY, KIND = 35.0, 30.0, 15.0, 10.0, 10.0
#: Share of the language part for meeting every required language (see the module docstring).
LANGUAGE_BASE = 0.6
#: Kinds close enough that an offer of one may serve a need of the other; "other" goes with anything.
COMPATIBLE_KINDS = frozenset(
    frozenset(pair)
    for pair in (
        ("language_support", "mentoring"),
        ("language_support", "minors_support"),
        ("mentoring", "minors_support"),
        ("interpreting", "language_support"),
    )
)
#: Offers whose free text is compared when the need has no concepts.
TEXT_CANDIDATES = 300
EARTH_RADIUS_KM = 6371.0088
#: Day numbers (date.toordinal) standing for an open start or end.
OPEN_START, OPEN_END = 0, 10**7
_WORD = 64
_ALL_BITS = (1 << _WORD) - 1


def _kind_points(need_kind: str, offer_kind: str) -> float:
    if need_kind == offer_kind:
        return KIND
    if "other" in (need_kind, offer_kind) or frozenset((need_kind, offer_kind)) in COMPATIBLE_KINDS:
        return KIND / 2
    return np.nan


#: Kind points by (need kind, offer kind); NaN: left out.
KIND_POINTS = np.array([[_kind_points(need, offer) for offer in KINDS] for need in KINDS])


@dataclass(frozen=True)
class Suggestion:
    """One offer for one need: the score 0–100 and why (see the Reasons contract)."""

    offer_id: int
    need_id: int
    score: int
    reasons: dict[str, Any]


def words(value: int, count: int) -> np.ndarray:
    """A Python int bitmask as ``count`` little-endian uint64 words."""
    return np.array([(value >> (_WORD * i)) & _ALL_BITS for i in range(count)], dtype=np.uint64)


def bitmask(row: np.ndarray) -> int:
    """The inverse of :func:`words`."""
    return sum(int(word) << (_WORD * i) for i, word in enumerate(row))


class Vocabulary:
    """Codes numbered as they are first seen (languages, Stadtbezirke); no limit on their number."""

    def __init__(self) -> None:
        self.numbers: dict[str, int] = {}

    def number(self, code: str) -> int:
        return self.numbers.setdefault(code, len(self.numbers))

    @property
    def words(self) -> int:
        return max(1, -(-len(self.numbers) // _WORD))

    def mask(self, codes: Iterable[str]) -> int:
        """The known ``codes`` as a bitmask; unknown ones are skipped (callers check :meth:`knows`)."""
        return sum(1 << self.numbers[code] for code in set(codes) if code in self.numbers)

    def knows(self, codes: Iterable[str]) -> bool:
        return all(code in self.numbers for code in codes)

    def decode(self, row: np.ndarray) -> list[str]:
        value = bitmask(row)
        return sorted(code for code, bit in self.numbers.items() if value >> bit & 1)


class OfferRecord(NamedTuple):
    """What the scorer needs of one offer, read from its row and its person's."""

    id: int
    kind: str
    #: The person's languages, and for interpreting the languages offered.
    languages: tuple[str, ...]
    #: The offer's concepts and the person's.
    concepts: tuple[str, ...]
    lat: float | None
    lon: float | None
    radius_km: float | None
    available_from: date | None
    available_until: date | None
    #: Persons a housing offer takes (None: not said, or not housing).
    persons: int | None
    #: Units the offer can fill: offer.quantity or 1.
    capacity: int
    borough: str | None
    #: Free texts for the text comparison: description and the person's skills.
    text: str
    person_id: int = 0
    #: The person asked to be told of fitting needs (and can be: confirmed, with a mail address).
    alerts: bool = False


@dataclass
class OfferColumns:
    """Many offers as parallel arrays (one row per offer) and their texts."""

    ids: np.ndarray
    kinds: np.ndarray
    languages: np.ndarray
    concepts: np.ndarray
    lat: np.ndarray
    lon: np.ndarray
    radius: np.ndarray
    starts: np.ndarray
    ends: np.ndarray
    has_dates: np.ndarray
    persons: np.ndarray
    capacity: np.ndarray
    boroughs: np.ndarray
    people: np.ndarray
    alerts: np.ndarray
    #: False for rows whose offer left the open set since the arrays were built.
    active: np.ndarray
    texts: list[str]

    @classmethod
    def build(
        cls, records: Sequence[OfferRecord], languages: Vocabulary, boroughs: Vocabulary, taxonomy: Taxonomy
    ) -> OfferColumns:
        """Arrays for ``records``; new language codes and Stadtbezirke are added to the vocabularies."""
        for record in records:
            for code in record.languages:
                languages.number(code)
        concept_words = max(1, -(-len(taxonomy.concepts) // _WORD))
        n = len(records)
        return cls(
            ids=np.fromiter((r.id for r in records), np.int64, n),
            kinds=np.fromiter((KINDS.index(r.kind) for r in records), np.int8, n),
            languages=_bit_rows((languages.mask(r.languages) for r in records), n, languages.words),
            concepts=_bit_rows((taxonomy.vector(r.concepts) for r in records), n, concept_words),
            lat=np.array([np.nan if r.lat is None else r.lat for r in records], np.float64),
            lon=np.array([np.nan if r.lon is None else r.lon for r in records], np.float64),
            radius=np.array([np.nan if r.radius_km is None else r.radius_km for r in records], np.float64),
            starts=np.fromiter((_day(r.available_from, OPEN_START) for r in records), np.int32, n),
            ends=np.fromiter((_day(r.available_until, OPEN_END) for r in records), np.int32, n),
            has_dates=np.fromiter((bool(r.available_from or r.available_until) for r in records), bool, n),
            persons=np.fromiter((r.persons or 0 for r in records), np.int32, n),
            capacity=np.fromiter((r.capacity for r in records), np.int32, n),
            boroughs=np.fromiter((boroughs.number(r.borough) if r.borough else -1 for r in records), np.int32, n),
            people=np.fromiter((r.person_id for r in records), np.int64, n),
            alerts=np.fromiter((r.alerts for r in records), bool, n),
            active=np.ones(n, bool),
            texts=[r.text for r in records],
        )

    def __len__(self) -> int:
        return len(self.ids)

    def widen_languages(self, count: int) -> None:
        """Room for more language codes than when the arrays were built."""
        missing = count - self.languages.shape[1]
        if missing > 0:
            self.languages = np.hstack([self.languages, np.zeros((len(self), missing), np.uint64)])

    def assign(self, positions: np.ndarray, other: OfferColumns, rows: np.ndarray) -> None:
        """Overwrite the rows at ``positions`` with ``other``'s ``rows`` (same vocabularies)."""
        for name in _ARRAYS:
            getattr(self, name)[positions] = getattr(other, name)[rows]
        for position, row in zip(positions.tolist(), rows.tolist(), strict=True):
            self.texts[position] = other.texts[row]

    def extend(self, other: OfferColumns, rows: np.ndarray) -> None:
        for name in _ARRAYS:
            setattr(self, name, np.concatenate([getattr(self, name), getattr(other, name)[rows]]))
        self.texts.extend(other.texts[row] for row in rows.tolist())


_ARRAYS = tuple(f.name for f in fields(OfferColumns) if f.name != "texts")


def _bit_rows(values: Iterable[int], n: int, count: int) -> np.ndarray:
    """One row of words per bitmask; masks repeat (the same languages, the same concepts), so each
    distinct one is split into words once."""
    distinct: dict[int, int] = {}
    numbers = np.fromiter((distinct.setdefault(value, len(distinct)) for value in values), np.int64, n)
    table = np.array([words(value, count) for value in distinct], np.uint64).reshape(len(distinct), count)
    return table[numbers]


def _day(value: date | None, default: int) -> int:
    return value.toordinal() if value else default


@dataclass(frozen=True)
class NeedQuery:
    """What the scorer needs of one need."""

    kind: str
    required: tuple[str, ...] = ()
    helpful: tuple[str, ...] = ()
    concepts: tuple[str, ...] = ()
    lat: float | None = None
    lon: float | None = None
    starts_on: date | None = None
    ends_on: date | None = None
    #: Persons for housing, items for donations.
    quantity: int = 1
    #: Title, skills and description, for the text comparison.
    text: str = ""


@dataclass(frozen=True)
class Context:
    """What every ranking shares: the vocabularies of the columns, the taxonomy, the default radius."""

    languages: Vocabulary
    taxonomy: Taxonomy
    default_radius_km: float = 10.0


@dataclass
class _Parts:
    """The parts for the candidate rows ``rows`` (positions in the columns), and what the reasons show."""

    rows: np.ndarray
    language: np.ndarray
    concept: np.ndarray
    distance: np.ndarray
    availability: np.ndarray
    kind: np.ndarray
    distance_km: np.ndarray
    radius_km: np.ndarray
    similarity: np.ndarray | None = None

    @property
    def total(self) -> np.ndarray:
        return self.language + self.concept + self.distance + self.availability + self.kind


def rank(
    need: NeedQuery, offers: OfferColumns, context: Context, *, limit: int, allowed: np.ndarray | None = None
) -> list[tuple[int, int, dict[str, Any]]]:
    """The best ``limit`` offers for ``need``: ``(offer id, score 0–100, reasons)``, best first.

    ``allowed`` (a boolean row mask) leaves out further rows: filters, used-up capacity, decided pairs.
    """
    if not context.languages.knows(need.required):
        return []  # no offer speaks it
    parts = _parts(need, offers, context, _candidates(need, offers, context, allowed))
    best = _top(parts.total, offers.ids[parts.rows], limit)
    return [_result(need, offers, context, parts, i) for i in best.tolist()]


def fitting(
    need: NeedQuery, offers: OfferColumns, context: Context, *, min_score: float, allowed: np.ndarray | None = None
) -> list[tuple[int, int, int]]:
    """Offers that fit ``need`` well enough to tell their person, one per person: ``(offer id, person id,
    score)``, best first (equal scores by offer id).

    Fitting means what the ranking means, made strict: every required language (as in :func:`rank`),
    a kind that can serve the need, a concept fit when the need names concepts, the need's point within
    the travel radius when both points are known (housing and premises: the default radius), and a
    score of at least ``min_score``.
    """
    if not context.languages.knows(need.required):
        return []
    parts = _parts(need, offers, context, _candidates(need, offers, context, allowed))
    total = np.rint(parts.total)
    keep = total >= min_score
    if context.taxonomy.fit_masks(need.concepts):
        keep &= parts.concept > 0
    radius = np.where(np.isnan(parts.radius_km), context.default_radius_km, parts.radius_km)
    keep &= ~(parts.distance_km > radius)  # NaN (no point) compares False: unknown is not "too far"
    rows, total = parts.rows[keep], total[keep]
    ids, people = offers.ids[rows], offers.people[rows]
    order = np.lexsort((ids, -total))
    _people, first = np.unique(people[order], return_index=True)
    best = order[np.sort(first)]
    return list(zip(ids[best].tolist(), people[best].tolist(), total[best].astype(int).tolist(), strict=True))


def _candidates(need: NeedQuery, offers: OfferColumns, context: Context, allowed: np.ndarray | None) -> np.ndarray:
    """Rows that may serve ``need`` at all: active, a kind that can serve it, every required language."""
    keep = offers.active & ~np.isnan(KIND_POINTS[KINDS.index(need.kind)][offers.kinds])
    if allowed is not None:
        keep &= allowed
    if need.required:
        required = words(context.languages.mask(need.required), offers.languages.shape[1])
        keep &= np.all((offers.languages & required) == required, axis=1)
    return np.flatnonzero(keep)


def _parts(need: NeedQuery, offers: OfferColumns, context: Context, rows: np.ndarray) -> _Parts:
    distance, distance_km, radius_km = _distance(need, offers, rows, context.default_radius_km)
    parts = _Parts(
        rows=rows,
        language=_language(need, offers.languages[rows], context.languages),
        concept=np.zeros(len(rows)),
        distance=distance,
        availability=_availability(need, offers, rows),
        kind=_kind(need, offers, rows),
        distance_km=distance_km,
        radius_km=radius_km,
    )
    needed = context.taxonomy.fit_masks(need.concepts)
    if needed:
        parts.concept = CONCEPT * _concept_fit(needed, offers.concepts[rows])
    elif need.text.strip() and len(rows):
        _text_similarity(need.text, offers, parts)
    return parts


def _language(need: NeedQuery, spoken: np.ndarray, vocabulary: Vocabulary) -> np.ndarray:
    if need.helpful:
        helpful = words(vocabulary.mask(need.helpful), spoken.shape[1])
        share = np.bitwise_count(spoken & helpful).sum(axis=1) / len(set(need.helpful))
    else:
        share = np.full(len(spoken), 1.0 if need.required else 0.0)
    return LANGUAGE * (LANGUAGE_BASE + (1 - LANGUAGE_BASE) * share)


def _concept_fit(needed: list[tuple[str, tuple[tuple[float, str, int], ...]]], offered: np.ndarray) -> np.ndarray:
    """Taxonomy.fit over many offers: per need concept the first weight whose mask meets the offer's."""
    columns = [np.ascontiguousarray(offered[:, i]) for i in range(offered.shape[1])]
    total = np.zeros(len(offered))
    for _key, masks in needed:
        weight = np.zeros(len(offered))
        for value, _relation, mask in reversed(masks):  # weakest first, so stronger ones overwrite
            weight[_meets(columns, mask)] = value
        total += weight
    return total / len(needed)


def _meets(columns: list[np.ndarray], mask: int) -> np.ndarray:
    """Rows sharing a bit with ``mask``; only the words where the mask has bits are read."""
    hits = np.zeros(len(columns[0]), np.uint64)
    for column, word in zip(columns, words(mask, len(columns)).tolist(), strict=True):
        if word:
            hits |= column & np.uint64(word)
    return hits != 0


def _text_similarity(text: str, offers: OfferColumns, parts: _Parts) -> None:
    """Free-text similarity as the concept part, for the best few candidates by the other parts."""
    candidates = _top(parts.total, offers.ids[parts.rows], TEXT_CANDIDATES)
    texts = [offers.texts[row] for row in parts.rows[candidates].tolist()]
    similarity = process.cdist([text], texts, scorer=fuzz.token_set_ratio, processor=utils.default_process)[0]
    parts.similarity = np.full(len(parts.rows), np.nan)
    parts.similarity[candidates] = similarity
    parts.concept[candidates] = CONCEPT * similarity / 100


def _distance(
    need: NeedQuery, offers: OfferColumns, rows: np.ndarray, default_radius: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Distance part, kilometres (NaN: no point) and the radius that applied (NaN: none, a place)."""
    is_place = np.isin(offers.kinds[rows], [KINDS.index(kind) for kind in PLACE_KINDS])
    radius = np.where(is_place, np.nan, offers.radius[rows])
    radius = np.where(np.isnan(radius) & ~is_place, default_radius, radius)
    if need.lat is None or need.lon is None:
        km = np.full(len(rows), np.nan)
    else:
        km = haversine(need.lat, need.lon, offers.lat[rows], offers.lon[rows])
    scale = np.where(is_place, default_radius, radius)
    with np.errstate(invalid="ignore", divide="ignore"):
        part = DISTANCE * np.clip(1 - km / scale, 0, 1)
    return np.where(np.isnan(km), DISTANCE / 2, part), km, radius


def haversine(lat: float, lon: float, lats: np.ndarray, lons: np.ndarray) -> np.ndarray:
    """Great-circle kilometres from one point to many (NaN where a point is missing)."""
    phi1, phi2 = np.radians(lat), np.radians(lats)
    dphi, dlambda = phi2 - phi1, np.radians(lons - lon)
    a = np.sin(dphi / 2) ** 2 + np.cos(phi1) * np.cos(phi2) * np.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0, 1)))


#: Availability codes in the arrays, and what the reasons say.
_UNKNOWN, _NONE, _OVERLAP = 0, 1, 2
AVAILABILITY_LABELS = ("unknown", "none", "overlap")
_AVAILABILITY_POINTS = np.array([AVAILABILITY / 2, 0.0, AVAILABILITY])


def _availability_codes(need: NeedQuery, offers: OfferColumns, rows: np.ndarray) -> np.ndarray:
    if not (need.starts_on or need.ends_on):
        return np.full(len(rows), _UNKNOWN)
    start, end = _day(need.starts_on, OPEN_START), _day(need.ends_on, OPEN_END)
    overlaps = (offers.starts[rows] <= end) & (offers.ends[rows] >= start)
    return np.where(offers.has_dates[rows], np.where(overlaps, _OVERLAP, _NONE), _UNKNOWN)


def _availability(need: NeedQuery, offers: OfferColumns, rows: np.ndarray) -> np.ndarray:
    return _AVAILABILITY_POINTS[_availability_codes(need, offers, rows)]


def _kind(need: NeedQuery, offers: OfferColumns, rows: np.ndarray) -> np.ndarray:
    points = KIND_POINTS[KINDS.index(need.kind)][offers.kinds[rows]]
    if need.kind == "housing":
        persons = offers.persons[rows]
        points = np.where((persons > 0) & (persons < need.quantity), points / 2, points)
    return points


def _top(total: np.ndarray, ids: np.ndarray, limit: int) -> np.ndarray:
    """Positions of the ``limit`` best totals, best first, equal totals by offer id."""
    if len(total) > limit > 0:
        threshold = np.partition(total, len(total) - limit)[len(total) - limit]
        candidates = np.flatnonzero(total >= threshold)
    else:
        candidates = np.arange(len(total))
    order = candidates[np.lexsort((ids[candidates], -total[candidates]))]
    return order[: max(limit, 0)]


def _result(
    need: NeedQuery, offers: OfferColumns, context: Context, parts: _Parts, i: int
) -> tuple[int, int, dict[str, Any]]:
    row = int(parts.rows[i])
    spoken = set(context.languages.decode(offers.languages[row]))
    _fit, concept_reasons = context.taxonomy.fit(need.concepts, _concept_keys(offers.concepts[row], context.taxonomy))
    km, radius = parts.distance_km[i], parts.radius_km[i]
    similarity = None if parts.similarity is None or np.isnan(parts.similarity[i]) else int(parts.similarity[i])
    values = {
        "language": parts.language[i],
        "concept": parts.concept[i],
        "distance": parts.distance[i],
        "availability": parts.availability[i],
        "kind": parts.kind[i],
    }
    reasons = {
        "languages": {
            "required": list(need.required),
            "matched_required": [code for code in need.required if code in spoken],
            "missing_required": [code for code in need.required if code not in spoken],
            "helpful_matched": [code for code in need.helpful if code in spoken],
        },
        "concepts": [{"need": r.need, "offer": r.offer, "relation": r.relation} for r in concept_reasons],
        "text_similarity": similarity,
        "distance_km": None if np.isnan(km) else round(float(km), 1),
        "radius_km": None if np.isnan(radius) else float(radius),
        "within_radius": None if np.isnan(km) or np.isnan(radius) else bool(km <= radius),
        "availability": AVAILABILITY_LABELS[_availability_codes(need, offers, parts.rows[i : i + 1])[0]],
        "kind": "same" if KINDS[offers.kinds[row]] == need.kind else "compatible",
        "kind_fit": _kind_fit(need, offers, row),
        "parts": {name: round(float(value), 1) for name, value in values.items()},
    }
    total = sum(float(value) for value in values.values())
    return int(offers.ids[row]), min(100, max(0, int(total + 0.5))), reasons


def _concept_keys(row: np.ndarray, taxonomy: Taxonomy) -> list[str]:
    value = bitmask(row)
    return [concept.key for concept in taxonomy.concepts if value >> concept.index & 1]


def _kind_fit(need: NeedQuery, offers: OfferColumns, row: int) -> dict[str, list[int | None]]:
    offer_kind = KINDS[offers.kinds[row]]
    if need.kind == offer_kind == "housing":
        return {"persons": [need.quantity, int(offers.persons[row]) or None]}
    if need.kind == offer_kind == "donation":
        return {"quantity": [need.quantity, int(offers.capacity[row])]}
    return {}
