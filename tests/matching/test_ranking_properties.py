"""Ranking rules that must hold for any offers and needs (hypothesis)."""

from __future__ import annotations

import random
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from app.matching.scoring import KINDS, Context, NeedQuery, OfferColumns, OfferRecord, Vocabulary, rank
from app.normalisation.concepts import taxonomy

LANGUAGES = ("de", "ar", "fa", "prs", "uk", "ru", "ti", "kmr", "so", "tr")
CONCEPTS = tuple(concept.key for concept in taxonomy().concepts)
#: Roughly the city of Hannover.
LATS, LONS = st.floats(52.30, 52.45), st.floats(9.60, 9.92)
DAY = date(2026, 12, 1)

#: Each example ranks in memory in well under a millisecond; 60 cover the shapes without slowing the suite.
examples = settings(max_examples=60, deadline=None)

codes = st.lists(st.sampled_from(LANGUAGES), max_size=4, unique=True).map(tuple)
concept_keys = st.lists(st.sampled_from(CONCEPTS), max_size=3, unique=True).map(tuple)
optional_day = st.one_of(st.none(), st.integers(-60, 60).map(lambda days: DAY + timedelta(days=days)))


@st.composite
def offers(draw, offer_id: int = 1) -> OfferRecord:
    located = draw(st.booleans())
    return OfferRecord(
        id=offer_id,
        kind=draw(st.sampled_from(KINDS)),
        languages=draw(codes),
        concepts=draw(concept_keys),
        lat=draw(LATS) if located else None,
        lon=draw(LONS) if located else None,
        radius_km=draw(st.one_of(st.none(), st.sampled_from((1, 3, 5, 10, 25)))),
        available_from=draw(optional_day),
        available_until=draw(optional_day),
        persons=draw(st.one_of(st.none(), st.integers(1, 8))),
        capacity=draw(st.integers(1, 40)),
        borough=None,
        text=draw(st.sampled_from(("", "Deutsch für Kinder", "Fahrdienst", "Winterjacken"))),
    )


@st.composite
def needs(draw) -> NeedQuery:
    located = draw(st.booleans())
    return NeedQuery(
        kind=draw(st.sampled_from(KINDS)),
        required=draw(st.lists(st.sampled_from(LANGUAGES), max_size=2, unique=True).map(tuple)),
        helpful=draw(codes),
        concepts=draw(concept_keys),
        lat=draw(LATS) if located else None,
        lon=draw(LONS) if located else None,
        starts_on=draw(optional_day),
        ends_on=draw(optional_day),
        quantity=draw(st.integers(1, 30)),
        text=draw(st.sampled_from(("", "Hausaufgaben", "Möbel abholen"))),
    )


offer_lists = st.lists(offers(), min_size=1, max_size=12).map(
    lambda found: [record._replace(id=i + 1) for i, record in enumerate(found)]
)


def ranked(need: NeedQuery, records: list[OfferRecord], limit: int = 50) -> list[tuple[int, int, dict]]:
    languages = Vocabulary()
    columns = OfferColumns.build(records, languages, Vocabulary(), taxonomy())
    return rank(need, columns, Context(languages, taxonomy(), 10.0), limit=limit)


def score_of(need: NeedQuery, record: OfferRecord) -> int | None:
    found = ranked(need, [record])
    return found[0][1] if found else None


@examples
@given(needs(), offer_lists)
def test_scores_stay_between_0_and_100_and_parts_add_up(need, records):
    for _offer_id, score, reasons in ranked(need, records):
        assert 0 <= score <= 100
        assert abs(sum(reasons["parts"].values()) - score) <= 0.5 + 0.05 * len(reasons["parts"])


@examples
@given(needs(), offer_lists)
def test_an_offer_lacking_a_required_language_never_appears(need, records):
    spoken = {record.id: set(record.languages) for record in records}
    for offer_id, _score, reasons in ranked(need, records):
        assert set(need.required) <= spoken[offer_id]
        assert reasons["languages"]["missing_required"] == []


@examples
@given(needs().filter(lambda need: need.lat is not None), offers(), st.floats(0, 1))
def test_moving_an_offer_closer_never_lowers_its_score(need, record, closer):
    if record.lat is None:
        record = record._replace(lat=52.42, lon=9.70)
    moved = record._replace(
        lat=need.lat + (record.lat - need.lat) * closer, lon=need.lon + (record.lon - need.lon) * closer
    )
    before, after = score_of(need, record), score_of(need, moved)
    assert before is None or after >= before


@examples
@given(needs().filter(lambda need: bool(need.helpful)), offers(), st.data())
def test_adding_a_helpful_language_never_lowers_the_score(need, record, data):
    added = data.draw(st.sampled_from(need.helpful))
    before = score_of(need, record)
    after = score_of(need, record._replace(languages=(*record.languages, added)))
    assert before is None or after >= before


def _eligible() -> list[tuple[str, str, str, str]]:
    """(need concept, related, same group only, other group) for every concept that has all three."""
    concepts = taxonomy().concepts
    found = []
    for concept in concepts:
        group = [c.key for c in concepts if c.group == concept.group and c.key not in concept.related | {concept.key}]
        other = [c.key for c in concepts if c.group != concept.group and c.key not in concept.related]
        related = sorted(key for key in concept.related if key != concept.key)
        if related and group and other:
            found.append((concept.key, related[0], group[0], other[0]))
    return found


@examples
@given(needs(), offers(), st.sampled_from(_eligible()))
def test_exact_concept_beats_related_beats_group_beats_none(need, record, keys):
    need_key, related, group, other = keys
    need = NeedQuery(**{**need.__dict__, "concepts": (need_key,), "required": ()})
    scores = [score_of(need, record._replace(concepts=(key,))) for key in (need_key, related, group, other)]
    if scores[0] is not None:
        assert scores[0] >= scores[1] >= scores[2] >= scores[3]


@examples
@given(needs(), offer_lists, st.randoms(use_true_random=False))
def test_the_ranking_is_deterministic_whatever_the_order_of_rows(need, records, rng: random.Random):
    shuffled = list(records)
    rng.shuffle(shuffled)
    assert ranked(need, records, limit=5) == ranked(need, shuffled, limit=5)
    assert ranked(need, records, limit=5) == ranked(need, records, limit=5)


@examples
@given(needs(), offers())
def test_nearer_outranks_farther_when_all_else_is_equal(need, record):
    need = NeedQuery(**{**need.__dict__, "lat": 52.37, "lon": 9.74})
    far = record._replace(id=1, lat=52.44, lon=9.88, radius_km=25)
    near = record._replace(id=2, lat=52.38, lon=9.75, radius_km=25)
    found = [offer_id for offer_id, _score, _reasons in ranked(need, [far, near])]
    assert found in ([], [2, 1])
