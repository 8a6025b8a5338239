"""The scorer's parts and reasons, on records built in memory (no database)."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from app.matching.scoring import (
    KINDS,
    Context,
    NeedQuery,
    OfferColumns,
    OfferRecord,
    Vocabulary,
    haversine,
    rank,
)
from app.normalisation.concepts import taxonomy

#: Two Stadtteile about 3.4 km apart (List and Linden-Nord centroids, rounded).
LIST = (52.3906, 9.7485)
LINDEN = (52.3740, 9.7100)


def record(offer_id: int = 1, **fields) -> OfferRecord:
    values = {
        "id": offer_id,
        "kind": "interpreting",
        "languages": ("de", "ar"),
        "concepts": ("interpreting",),
        "lat": LINDEN[0],
        "lon": LINDEN[1],
        "radius_km": 10,
        "available_from": None,
        "available_until": None,
        "persons": None,
        "capacity": 1,
        "borough": "Linden-Limmer",
        "text": "",
    }
    return OfferRecord(**{**values, **fields})


def need(**fields) -> NeedQuery:
    values = {"kind": "interpreting", "required": ("ar",), "concepts": ("interpreting",), "lat": LIST[0]}
    values["lon"] = LIST[1]
    return NeedQuery(**{**values, **fields})


def ranked(query: NeedQuery, *records: OfferRecord, limit: int = 20) -> list[tuple[int, int, dict]]:
    languages = Vocabulary()
    columns = OfferColumns.build(records, languages, Vocabulary(), taxonomy())
    return rank(query, columns, Context(languages, taxonomy(), 10.0), limit=limit)


def only(query: NeedQuery, offer: OfferRecord) -> tuple[int, dict]:
    (result,) = ranked(query, offer)
    return result[1], result[2]


def test_a_perfect_offer_scores_100_with_its_reasons():
    query = need(lat=LINDEN[0], lon=LINDEN[1], helpful=("fa",), starts_on=date(2026, 12, 1))
    score, reasons = only(query, record(languages=("ar", "fa"), available_until=date(2027, 1, 1)))
    assert score == 100
    assert reasons["languages"] == {
        "required": ["ar"],
        "matched_required": ["ar"],
        "missing_required": [],
        "helpful_matched": ["fa"],
    }
    assert reasons["concepts"] == [{"need": "interpreting", "offer": "interpreting", "relation": "exact"}]
    assert reasons["distance_km"] == 0.0
    assert reasons["within_radius"] is True
    assert reasons["kind"] == "same"
    assert reasons["parts"] == {"language": 35.0, "concept": 30.0, "distance": 15.0, "availability": 10.0, "kind": 10.0}
    assert reasons["availability"] == "overlap"


def test_an_offer_without_a_required_language_is_left_out():
    results = ranked(need(required=("ar", "ku")), record(1, languages=("ar", "ku")), record(2, languages=("ar",)))
    assert [offer_id for offer_id, _score, _reasons in results] == [1]


def test_a_required_language_no_offer_speaks_leaves_nothing():
    assert ranked(need(required=("ti",)), record()) == []


@pytest.mark.parametrize(
    ("required", "helpful", "languages", "part"),
    [
        ((), (), ("de",), 21.0),  # no wish: the base for everyone
        (("ar",), (), ("ar",), 35.0),  # every wish met
        (("ar",), ("fa", "ps"), ("ar",), 21.0),
        (("ar",), ("fa", "ps"), ("ar", "fa"), 28.0),
        ((), ("fa",), ("fa",), 35.0),
    ],
)
def test_language_part(required, helpful, languages, part):
    _score, reasons = only(need(required=required, helpful=helpful), record(languages=languages))
    assert reasons["parts"]["language"] == part


@pytest.mark.parametrize(
    ("offered", "relation", "part"),
    [
        (("interpreting",), "exact", 30.0),
        (("accompany_doctor",), None, None),  # looked up below: related or group, whatever the taxonomy says
        (("bicycles",), None, 0.0),
    ],
)
def test_concept_part_follows_the_taxonomy(offered, relation, part):
    expected_fit, expected = taxonomy().fit(["interpreting"], offered)
    _score, reasons = only(need(), record(concepts=offered))
    assert reasons["parts"]["concept"] == round(30 * expected_fit, 1)
    assert reasons["concepts"] == [{"need": r.need, "offer": r.offer, "relation": r.relation} for r in expected]
    if relation:
        assert reasons["concepts"][0]["relation"] == relation
    if part is not None:
        assert reasons["parts"]["concept"] == part


def test_concept_part_is_the_mean_over_the_need_concepts():
    _score, reasons = only(need(concepts=("interpreting", "accompany_doctor")), record(concepts=("interpreting",)))
    fit, _ = taxonomy().fit(["interpreting", "accompany_doctor"], ["interpreting"])
    assert reasons["parts"]["concept"] == round(30 * fit, 1)
    assert 15.0 <= reasons["parts"]["concept"] < 30.0


def test_a_need_without_concepts_compares_free_texts():
    query = need(concepts=(), text="Fahrdienst mit Transporter für Möbel")
    close = record(1, concepts=(), text="Ich habe einen Transporter und fahre Möbel")
    far = record(2, concepts=(), text="Strickkurs für Anfängerinnen")
    results = ranked(query, far, close)
    assert [offer_id for offer_id, _score, _reasons in results] == [1, 2]
    results = {offer_id: reasons for offer_id, _score, reasons in results}
    assert results[1]["text_similarity"] > results[2]["text_similarity"]
    assert results[1]["parts"]["concept"] == pytest.approx(30 * results[1]["text_similarity"] / 100, abs=0.5)
    assert results[1]["concepts"] == []


def test_distance_part_decays_over_the_travel_radius():
    km = float(haversine(LIST[0], LIST[1], np.array([LINDEN[0]]), np.array([LINDEN[1]]))[0])
    _score, reasons = only(need(), record(radius_km=5))
    assert reasons["distance_km"] == round(km, 1)
    assert reasons["radius_km"] == 5
    assert reasons["parts"]["distance"] == round(15 * (1 - km / 5), 1)
    _score, reasons = only(need(), record(radius_km=1))
    assert reasons["parts"]["distance"] == 0.0
    assert reasons["within_radius"] is False


def test_no_radius_takes_the_default_and_no_point_takes_half():
    _score, reasons = only(need(), record(radius_km=None))
    assert reasons["radius_km"] == 10.0
    _score, reasons = only(need(), record(lat=None, lon=None))
    assert reasons["distance_km"] is None
    assert reasons["within_radius"] is None
    assert reasons["parts"]["distance"] == 7.5
    _score, reasons = only(need(lat=None, lon=None), record())
    assert reasons["parts"]["distance"] == 7.5


def test_housing_counts_distance_from_the_place_without_a_radius():
    query = need(kind="housing", required=(), concepts=("flat",), quantity=2)
    _score, reasons = only(query, record(kind="housing", radius_km=1, concepts=("flat",), persons=3))
    assert reasons["radius_km"] is None
    assert reasons["within_radius"] is None
    assert reasons["parts"]["distance"] > 0  # 3.4 km against the default 10, not the person's 1


@pytest.mark.parametrize(
    ("offered", "label", "part"),
    [
        ((None, None), "unknown", 5.0),
        ((date(2026, 12, 1), None), "overlap", 10.0),
        ((None, date(2026, 11, 30)), "none", 0.0),
        ((date(2026, 12, 10), date(2026, 12, 20)), "overlap", 10.0),
        ((date(2027, 2, 1), date(2027, 3, 1)), "none", 0.0),
    ],
)
def test_availability_part(offered, label, part):
    query = need(starts_on=date(2026, 12, 1), ends_on=date(2027, 1, 31))
    _score, reasons = only(query, record(available_from=offered[0], available_until=offered[1]))
    assert (reasons["availability"], reasons["parts"]["availability"]) == (label, part)


def test_a_need_without_dates_has_unknown_availability():
    _score, reasons = only(need(), record(available_from=date(2026, 1, 1)))
    assert reasons["availability"] == "unknown"


@pytest.mark.parametrize(
    ("need_kind", "offer_kind", "label", "part"),
    [
        ("language_support", "mentoring", "compatible", 5.0),
        ("minors_support", "mentoring", "compatible", 5.0),
        ("language_support", "interpreting", "compatible", 5.0),
        ("other", "donation", "compatible", 5.0),
        ("housing", "other", "compatible", 5.0),
        ("mentoring", "mentoring", "same", 10.0),
    ],
)
def test_kind_part(need_kind, offer_kind, label, part):
    _score, reasons = only(need(kind=need_kind, required=()), record(kind=offer_kind))
    assert (reasons["kind"], reasons["parts"]["kind"]) == (label, part)


@pytest.mark.parametrize(("need_kind", "offer_kind"), [("housing", "donation"), ("interpreting", "mentoring")])
def test_incompatible_kinds_are_left_out(need_kind, offer_kind):
    assert ranked(need(kind=need_kind, required=()), record(kind=offer_kind)) == []


def test_housing_too_small_gets_half_its_kind_points():
    query = need(kind="housing", required=(), concepts=("flat",), quantity=4)
    _score, big = only(query, record(kind="housing", persons=5))
    _score, small = only(query, record(kind="housing", persons=2))
    _score, unsaid = only(query, record(kind="housing", persons=None))
    assert (big["parts"]["kind"], small["parts"]["kind"], unsaid["parts"]["kind"]) == (10.0, 5.0, 10.0)
    assert small["kind_fit"] == {"persons": [4, 2]}


def test_donations_report_quantities():
    query = need(kind="donation", required=(), concepts=("winter_jackets",), quantity=25)
    _score, reasons = only(query, record(kind="donation", concepts=("winter_jackets",), capacity=6))
    assert reasons["kind_fit"] == {"quantity": [25, 6]}


def test_ties_are_broken_by_offer_id_and_the_limit_holds():
    offers = [record(offer_id) for offer_id in (7, 3, 9, 1, 5)]
    results = ranked(need(), *offers, limit=3)
    assert [offer_id for offer_id, _score, _reasons in results] == [1, 3, 5]


def test_best_first():
    near = record(1, radius_km=25)
    far = record(2, radius_km=25, lat=52.43, lon=9.83)
    wrong_concept = record(3, concepts=("bicycles",), lat=LIST[0], lon=LIST[1])
    assert [r[0] for r in ranked(need(), far, wrong_concept, near)] == [1, 2, 3]


def test_kinds_match_the_offer_kinds():
    from app.offers.models import OfferKind

    assert set(KINDS) == {kind.value for kind in OfferKind}
