"""scoring.fitting: which offers fit a need well enough to alert their person (no database)."""

from __future__ import annotations

import numpy as np

from app.matching.scoring import Context, OfferColumns, Vocabulary, fitting
from app.normalisation.concepts import taxonomy
from tests.matching.test_scoring import LINDEN, LIST, need, record

#: About 25 km from List (Hildesheimer Straße, far south), for "too far" cases.
FAR = (52.17, 9.80)


def fit(query, *records, min_score: int = 60, allowed=None) -> list[tuple[int, int, int]]:
    languages = Vocabulary()
    columns = OfferColumns.build(records, languages, Vocabulary(), taxonomy())
    return fitting(query, columns, Context(languages, taxonomy(), 10.0), min_score=min_score, allowed=allowed)


def test_a_close_speaker_with_the_concept_fits():
    [(offer_id, person_id, score)] = fit(need(), record(1, person_id=7))
    assert (offer_id, person_id) == (1, 7) and score >= 60


def test_a_required_language_is_a_must():
    assert fit(need(), record(1, person_id=7, languages=("de", "fa"))) == []


def test_a_need_with_concepts_wants_a_concept_fit():
    assert fit(need(), record(1, person_id=7, concepts=("bicycles",)), min_score=0) == []


def test_outside_the_travel_radius_does_not_fit_even_at_score_zero():
    far = record(1, person_id=7, lat=FAR[0], lon=FAR[1], radius_km=5)
    assert fit(need(), far, min_score=0) == []
    assert [row[0] for row in fit(need(), far._replace(radius_km=50), min_score=0)] == [1]


def test_without_a_point_distance_does_not_exclude():
    assert [row[0] for row in fit(need(lat=None, lon=None), record(1, person_id=7))] == [1]


def test_a_kind_that_cannot_serve_the_need_is_left_out():
    assert fit(need(), record(1, person_id=7, kind="housing"), min_score=0) == []


def test_the_minimum_score_is_the_bar():
    close = record(1, person_id=7)
    [(_offer, _person, score)] = fit(need(), close, min_score=0)
    assert fit(need(), close, min_score=score) and not fit(need(), close, min_score=score + 1)


def test_one_row_per_person_with_their_best_offer_best_persons_first():
    weaker = record(1, person_id=7, lat=LINDEN[0], lon=LINDEN[1])
    better = record(2, person_id=7, lat=LIST[0], lon=LIST[1])
    other = record(3, person_id=8, lat=LINDEN[0], lon=LINDEN[1])
    rows = fit(need(), weaker, better, other)
    assert [(offer_id, person_id) for offer_id, person_id, _score in rows] == [(2, 7), (3, 8)]


def test_allowed_rows_narrow_the_offers():
    rows = fit(need(), record(1, person_id=7), record(2, person_id=8), allowed=np.array([False, True]))
    assert [row[1] for row in rows] == [8]
