"""Places as typed → Stadtteil, Stadtbezirk and point: tables generated from the city's gazetteer."""

from __future__ import annotations

import csv
import statistics
import time

import pytest

from app.core.city import city_folder
from app.normalisation import places
from app.normalisation.lookup import allowed_edits, closest
from app.normalisation.places import place_index, resolve_place
from app.normalisation.result import Method
from app.places.gazetteer import load_boroughs

FOLDER = city_folder("hannover")
with (FOLDER / "stadtteile.csv").open(encoding="utf-8") as f:
    DISTRICTS = list(csv.DictReader(f))
BOROUGHS = load_boroughs(FOLDER)
UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def variants(name: str) -> list[str]:
    """At least three ways to write a Stadtteil: prefix, case, hyphen or space, umlaut spelt out, a typo."""
    found = [f"Hannover-{name}", name.lower(), f"Hannover {name.upper()}"]
    if "-" in name or " " in name:
        found.append(name.replace("-", "#").replace(" ", "-").replace("#", " "))
    if name.translate(UMLAUTS) != name:
        found.append(name.translate(UMLAUTS))
    if allowed_edits(len(name)):
        middle = len(name) // 2
        # One letter left out, or doubled where leaving out would make too short a word for typos.
        found.append(name[:middle] + name[middle + (1 if allowed_edits(len(name) - 1) else 0) :])
    return found


def district_cases(make):
    return [pytest.param(row, case, id=f"{row['stadtteil']}:{case}") for row in DISTRICTS for case in make(row)]


def test_the_gazetteer_has_51_stadtteile_in_13_stadtbezirke():
    assert len(DISTRICTS) == 51 and len(BOROUGHS) == 13


@pytest.mark.parametrize("row", DISTRICTS, ids=[row["stadtteil"] for row in DISTRICTS])
def test_every_stadtteil_resolves_by_name(row):
    result = resolve_place(row["stadtteil"])
    assert (result.value, result.district, result.borough) == (row["stadtteil"], row["stadtteil"], row["stadtbezirk"])
    assert (result.lat, result.lon) == (float(row["lat"]), float(row["lon"]))
    assert (result.method, result.confidence, result.is_outside) == (Method.EXACT, 100, False)


@pytest.mark.parametrize(("row", "postcode"), district_cases(lambda row: row["plz"].split(";")))
def test_every_stadtteil_resolves_by_each_of_its_postcodes(row, postcode):
    result = resolve_place(postcode)
    assert row["stadtteil"] in (result.district, *result.alternatives)
    assert result.postcode == postcode and not result.is_outside
    assert result.lat is not None and result.lon is not None
    if result.alternatives:
        assert result.confidence < 90


@pytest.mark.parametrize(("row", "text"), district_cases(lambda row: variants(row["stadtteil"])))
def test_every_stadtteil_resolves_from_variants(row, text):
    result = resolve_place(text)
    assert (result.district, result.borough) == (row["stadtteil"], row["stadtbezirk"])


@pytest.mark.parametrize("row", DISTRICTS, ids=[row["stadtteil"] for row in DISTRICTS])
def test_every_stadtteil_has_three_variants(row):
    assert len(set(variants(row["stadtteil"]))) >= 3


@pytest.mark.parametrize(
    ("row", "text"), district_cases(lambda row: [v for v in row["variants"].split(";") if v and "/" not in v])
)
def test_every_spelling_variant_in_the_gazetteer_resolves(row, text):
    result = resolve_place(text)
    assert result.district == row["stadtteil"] and result.confidence >= 95


@pytest.mark.parametrize("borough", BOROUGHS, ids=[b.name for b in BOROUGHS])
def test_every_stadtbezirk_resolves_to_its_point_with_lower_confidence(borough):
    result = resolve_place(f"Stadtbezirk {borough.name}")
    assert result.borough == borough.name
    if result.district is None:  # "Mitte" and "Ricklingen" are also Stadtteile
        assert (result.value, result.lat, result.lon) == (borough.name, borough.lat, borough.lon)
        assert result.needs_review


@pytest.mark.parametrize(
    ("text", "district", "alternatives"),
    [
        ("Linden Nord", "Linden-Nord", ()),
        ("Linden-Nord", "Linden-Nord", ()),
        ("Hannover-List", "List", ()),
        ("Hannover List", "List", ()),
        ("List", "List", ()),
        ("30451 Hannover", "Linden-Nord", ("Limmer",)),
        ("30451", "Linden-Nord", ("Limmer",)),
        ("Südstadt", "Südstadt", ()),
        ("Suedstadt", "Südstadt", ()),
        ("Sudstadt", "Südstadt", ()),
        ("Limmerstraße 5, 30451 Hannover", "Linden-Nord", ("Limmer",)),
        ("Lindn-Nord", "Linden-Nord", ()),
        ("Bothfled", "Bothfeld", ()),
        ("Linden, 30449", "Linden-Mitte", ("Linden-Süd",)),
        ("Stadtteil Groß Buchholz", "Groß-Buchholz", ()),
        ("Messegelände", "Mittelfeld", ()),
    ],
)
def test_what_people_type(text, district, alternatives):
    result = resolve_place(text)
    assert (result.district, result.alternatives) == (district, alternatives)


def test_a_typo_says_so_and_costs_confidence():
    result = resolve_place("Bothfled")
    assert (result.method, result.confidence) == (Method.FUZZY, 85)


def test_a_postcode_that_contradicts_the_stadtteil_is_flagged():
    result = resolve_place("Linden-Nord, 30459")
    assert result.district == "Linden-Nord" and result.needs_review
    assert "Ricklingen" in result.alternatives


def test_a_postcode_shared_by_many_stadtteile_is_flagged():
    result = resolve_place("30419")
    assert result.borough == "Herrenhausen-Stöcken" and result.needs_review
    assert len(result.alternatives) == 8


def test_the_point_of_a_postcode_on_a_citys_fallback_point_is_the_stadtteils():
    # 30175 sits on Hannover's GeoNames fallback point, not inside its area.
    result = resolve_place("30175")
    district = place_index(FOLDER).gazetteer.district(result.district)
    assert (result.lat, result.lon) == (district.lat, district.lon) != (52.3667, 9.7167)


@pytest.mark.parametrize(
    ("text", "place", "postcode"),
    [
        ("30851 Langenhagen", "Langenhagen", "30851"),
        ("30851", "Langenhagen", "30851"),
        ("Hauptstraße 1, 10115 Berlin", "Berlin", "10115"),
        ("Langenhagen", "Langenhagen", None),
        ("Laatzen", "Laatzen", None),
        ("Burg, 39288", "Burg", "39288"),
    ],
)
def test_places_outside_the_city_are_kept_and_flagged(text, place, postcode):
    result = resolve_place(text)
    assert (result.value, result.postcode, result.is_outside) == (place, postcode, True)
    assert (result.district, result.borough) == (None, None)
    assert result.lat is not None and result.lon is not None


@pytest.mark.parametrize("text", ["", "xyz", "99999", "Hannover", "Neustadt", "Limmerstraße 5", "Am Lindenhofe 3"])
def test_nothing_resolvable_is_unresolved_and_flagged(text):
    result = resolve_place(text)
    assert (result.value, result.method, result.text) == (None, Method.UNRESOLVED, text)
    assert result.needs_review and not result.is_outside


def test_no_two_stadtteile_are_one_typo_apart():
    """Otherwise a typo of one would silently resolve to the other."""
    index = place_index(FOLDER)
    keys = index.typo_keys
    for i, a in enumerate(keys):
        for b in keys[i + 1 :]:
            target_a, target_b = index.names[a], index.names[b]
            if target_a.district != target_b.district or target_a.borough != target_b.borough:
                assert not closest(a, [b])[0], (a, b)


def test_the_gazetteer_lists_the_stadtteile_of_a_postcode():
    gazetteer = place_index(FOLDER).gazetteer
    assert [d.name for d in gazetteer.districts_of_postcode("30451")] == ["Linden-Nord", "Limmer"]
    assert gazetteer.districts_of_postcode("10115") == () and gazetteer.districts_of_postcode(None) == ()
    assert gazetteer.has_approximate_point("30175") and not gazetteer.has_approximate_point("30451")


def test_resolution_is_fast():
    """The CSV import must reach 5 000 rows/s; one resolution stays far below 1 ms."""
    texts = [row["stadtteil"] for row in DISTRICTS] + ["Limmerstraße 5, 30451 Hannover", "Bothfled", "30851", "xyz"]
    index = place_index(FOLDER)
    resolve = places._resolve.__wrapped__  # uncached: every call does the whole work
    durations = []
    for i in range(2000):
        started = time.perf_counter()
        resolve(texts[i % len(texts)], index)
        durations.append(time.perf_counter() - started)
    assert statistics.median(durations) < 0.001
