"""Ranking quality on the labelled set: nDCG@k of our ranking and of a naive text baseline.

One place for the metric and the evaluation, used by tests/matching/test_ranking_quality.py and
bench/matching.py. The labelled texts are normalised with the same pure resolvers the forms use
(concepts from the free texts, places to their centroid), then ranked in memory.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache

from rapidfuzz import fuzz, utils

from app.matching.scoring import Context, NeedQuery, OfferColumns, OfferRecord, Vocabulary, rank
from app.normalisation.concepts import resolve_concepts, taxonomy
from app.normalisation.places import resolve_place
from bench.matching_data.labelled import NEEDS, OFFERS, LabelledNeed, LabelledOffer

K = 10
DEFAULT_RADIUS_KM = 10.0


def ndcg(grades_in_order: Sequence[int], all_grades: Sequence[int], k: int = K) -> float:
    """Normalised discounted cumulative gain of a ranking at ``k`` (gain 2^grade − 1).

    ``grades_in_order``: the grade of each ranked item, best first; ``all_grades``: every relevant
    item's grade, for the ideal ranking. 1.0 when nothing is relevant.
    """

    def dcg(grades: Sequence[int]) -> float:
        return sum((2**grade - 1) / math.log2(position + 2) for position, grade in enumerate(grades[:k]))

    ideal = dcg(sorted(all_grades, reverse=True))
    return dcg(grades_in_order) / ideal if ideal else 1.0


def _concepts(*texts: str) -> tuple[str, ...]:
    found = (r.value for text in texts if text for r in resolve_concepts(text) if r.value)
    return tuple(dict.fromkeys(found))


def _point(place: str) -> tuple[float | None, float | None]:
    resolved = resolve_place(place)
    return resolved.lat, resolved.lon


def need_query(need: LabelledNeed) -> NeedQuery:
    lat, lon = _point(need.place)
    return NeedQuery(
        kind=need.kind,
        required=need.required,
        helpful=need.helpful,
        concepts=_concepts(need.title, need.description),
        lat=lat,
        lon=lon,
        quantity=need.quantity,
        text=need_text(need),
    )


def offer_record(offer_id: int, offer: LabelledOffer) -> OfferRecord:
    lat, lon = _point(offer.place)
    return OfferRecord(
        id=offer_id,
        kind=offer.kind,
        languages=offer.languages,
        concepts=_concepts(offer.text, offer.skills),
        lat=lat,
        lon=lon,
        radius_km=offer.radius_km,
        available_from=None,
        available_until=None,
        persons=offer.persons,
        capacity=offer.persons or 1,
        borough=None,
        text=offer_text(offer),
    )


def need_text(need: LabelledNeed) -> str:
    return f"{need.title} {need.description}"


def offer_text(offer: LabelledOffer) -> str:
    return f"{offer.text} {offer.skills}".strip()


@cache
def _labelled() -> tuple[OfferColumns, Context]:
    languages = Vocabulary()
    records = [offer_record(offer_id, offer) for offer_id, offer in enumerate(OFFERS)]
    columns = OfferColumns.build(records, languages, Vocabulary(), taxonomy())
    return columns, Context(languages, taxonomy(), DEFAULT_RADIUS_KM)


def ours(need: LabelledNeed, k: int = K) -> list[int]:
    """Offer positions in OFFERS as our scorer ranks them."""
    columns, context = _labelled()
    return [offer_id for offer_id, _score, _reasons in rank(need_query(need), columns, context, limit=k)]


def baseline(need: LabelledNeed, k: int = K) -> list[int]:
    """The naive ranking: rapidfuzz WRatio of the need's text against each offer's, ties by position.

    Texts are lower-cased and stripped of punctuation first (``default_process``), which helps WRatio.
    """
    text = need_text(need)
    scores = [fuzz.WRatio(text, offer_text(offer), processor=utils.default_process) for offer in OFFERS]
    return sorted(range(len(OFFERS)), key=lambda position: (-scores[position], position))[:k]


@dataclass(frozen=True)
class Quality:
    #: Mean nDCG@k over the labelled needs.
    ours: float
    baseline: float
    #: need key → (ours, baseline).
    per_need: dict[str, tuple[float, float]]


def _score(need: LabelledNeed, ranking: Callable[[LabelledNeed, int], list[int]], k: int) -> float:
    grades = [OFFERS[position].grades.get(need.key, 0) for position in ranking(need, k)]
    return ndcg(grades, [offer.grades[need.key] for offer in OFFERS if need.key in offer.grades], k)


def evaluate(k: int = K) -> Quality:
    per_need = {need.key: (_score(need, ours, k), _score(need, baseline, k)) for need in NEEDS}
    mean = [sum(values) / len(values) for values in zip(*per_need.values(), strict=True)]
    return Quality(ours=mean[0], baseline=mean[1], per_need=per_need)
