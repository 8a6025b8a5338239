"""Places as people type them, resolved to a Stadtteil, its Stadtbezirk and a point.

"Linden Nord", "Hannover-List", "30451", "Limmerstraße 5, 30451 Hannover",
"Suedstadt", "Bothfled": names and spelling variants come from the city's
gazetteer (``app/cities/<city>/stadtteile.csv`` and ``stadtbezirke.csv``) and
``data/place_aliases.csv``; postcodes from the city's Stadtteile and, outside
the city, from the national postcode list, as do towns elsewhere in Germany.
"""

from __future__ import annotations

import csv
import math
import re
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from pathlib import Path

from app.core.city import city_folder
from app.normalisation.lookup import WORD, closest, fold, key
from app.normalisation.result import Method, PlaceResolution
from app.places.gazetteer import Borough, District, Gazetteer, Postcode, load_boroughs
from config import Config

ALIASES_FILE = Path(__file__).resolve().parent / "data" / "place_aliases.csv"
POSTCODE = re.compile(r"(?<!\d)\d{5}(?!\d)")

#: Confidence by how the place was read.
NAME, VARIANT, BOROUGH, SHARED_NAME = 100, 95, 60, 60
POSTCODE_ALONE, OUTSIDE_POSTCODE, TOWN, CONFLICT = 90, 90, 80, 60
#: Each further Stadtteil a postcode covers makes the pick less certain, down to the floor.
PER_SHARING_DISTRICT, SHARED_POSTCODE_FLOOR = 10, 30
EDIT_PENALTY = 15
#: A town name whose postcodes spread further than this names several towns ("Neustadt").
TOWN_RADIUS_KM = 30


@dataclass(frozen=True)
class Target:
    """What a name in the gazetteer stands for: a Stadtteil, or a whole Stadtbezirk."""

    borough: Borough
    district: District | None
    confidence: int
    method: Method
    alternatives: tuple[str, ...] = ()


@dataclass(frozen=True)
class Town:
    """A town outside the city: the mean point of its postcodes."""

    place: str
    lat: float
    lon: float


@dataclass(frozen=True, eq=False)
class PlaceIndex:
    gazetteer: Gazetteer
    names: dict[str, Target]
    typo_keys: tuple[str, ...]
    towns: dict[str, Town]
    longest: int


def resolve_place(text: str, city: str | None = None) -> PlaceResolution:
    """The Stadtteil (or Stadtbezirk, or town outside) that ``text`` names.

    ``city`` is the ``CITY`` setting (a folder under ``app/cities/`` or a path);
    by default the instance's own.
    """
    return _resolve(text.strip(), place_index(city_folder(city or Config.CITY)))


@cache
def place_index(folder: Path) -> PlaceIndex:
    """Every name, variant and alias of the city's places, folded; built once per process and city."""
    gazetteer = Gazetteer(folder)
    boroughs = {b.name: b for b in load_boroughs(folder)}
    names: dict[str, Target] = {}
    for d in gazetteer.districts:
        _add(names, d.name, Target(boroughs[d.borough], d, NAME, Method.EXACT))
    for d in gazetteer.districts:
        for variant in d.variants:
            _add(names, variant, Target(boroughs[d.borough], d, VARIANT, Method.ALIAS))
    with ALIASES_FILE.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            district = gazetteer.district(row["stadtteil"])
            borough = boroughs[district.borough if district else row["stadtbezirk"]]
            _add(names, row["alias"], Target(borough, district, int(row["confidence"]), Method.ALIAS))
    for borough in boroughs.values():
        _add(names, borough.name, Target(borough, None, BOROUGH, Method.EXACT))
    city_postcodes = {code for d in gazetteer.districts for code in d.postcodes}
    city_words = frozenset(key(gazetteer.postcodes[c].place) for c in city_postcodes if c in gazetteer.postcodes)
    typo_keys = tuple(k for k in names if len(k) > 4)
    longest = max(k.count(" ") + 1 for k in names)
    return PlaceIndex(gazetteer, names, typo_keys, _towns(gazetteer, city_words), longest)


def _add(names: dict[str, Target], name: str, target: Target) -> None:
    """First come, first kept; a variant two Stadtteile share ("Ledeburg/Nordhafen") names neither for sure."""
    k = key(name)
    known = names.get(k)
    if known is None:
        names[k] = target
    elif known.district and target.district and known.district != target.district and known.method == target.method:
        alternatives = (*known.alternatives, target.district.name)
        names[k] = Target(known.borough, known.district, SHARED_NAME, known.method, alternatives)


def _towns(gazetteer: Gazetteer, city_words: frozenset[str]) -> dict[str, Town]:
    by_name: dict[str, list[Postcode]] = {}
    for p in gazetteer.postcodes.values():
        if p.is_residential and not gazetteer.has_approximate_point(p.code):
            by_name.setdefault(key(p.place), []).append(p)
    towns = {}
    for name, postcodes in by_name.items():
        lat = sum(p.lat for p in postcodes) / len(postcodes)
        lon = sum(p.lon for p in postcodes) / len(postcodes)
        if name not in city_words and all(_km(lat, lon, p.lat, p.lon) <= TOWN_RADIUS_KM for p in postcodes):
            towns[name] = Town(postcodes[0].place, lat, lon)
    return towns


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Distance along the ground (haversine)."""
    dlat, dlon = math.radians(lat2 - lat1), math.radians(lon2 - lon1)
    a = math.sin(dlat / 2) ** 2 + math.cos(math.radians(lat1)) * math.cos(math.radians(lat2)) * math.sin(dlon / 2) ** 2
    return 6371 * 2 * math.asin(math.sqrt(a))


@lru_cache(maxsize=8192)
def _resolve(text: str, index: PlaceIndex) -> PlaceResolution:
    # Filler words stay: they are part of some names ("Ernst-August-Stadt").
    words = [w for w in (fold(m.group()) for m in WORD.finditer(text)) if not any(c.isdigit() for c in w)]
    postcode = next(iter(POSTCODE.findall(text)), None)
    target = _named(words, index)
    if (target is None or target.method is Method.FUZZY) and (town := _town(text, index)):
        return _outside(text, town, postcode, TOWN)
    if target is not None:
        return _from_name(text, target, postcode, index)
    if postcode is not None:
        return _from_postcode(text, postcode, index)
    return _unresolved(text)


def _named(words: list[str], index: PlaceIndex) -> Target | None:
    """The name that spans most words, exact before misspelt, the first of equals.

    Width first, so that "Lindn-Nord" is Linden-Nord misspelt rather than the
    Stadtbezirk Nord.
    """
    for width in range(min(index.longest, len(words)), 0, -1):
        runs = [" ".join(words[i : i + width]) for i in range(len(words) - width + 1)]
        exact = next((index.names[run] for run in runs if run in index.names), None)
        if exact is not None:
            return exact
        misspelt = [m for m in (_misspelt(run, index) for run in runs) if m is not None]
        if misspelt:
            return min(misspelt, key=lambda m: m[0])[1]
    return None


def _misspelt(run: str, index: PlaceIndex) -> tuple[int, Target] | None:
    """The name fewest letters away from a run of words, and how many."""
    hits, edits = closest(run, index.typo_keys)
    targets = [index.names[index.typo_keys[h]] for h in hits]
    if not targets:
        return None
    first = targets[0]
    others = tuple(dict.fromkeys(t.district.name for t in targets[1:] if t.district and t.district != first.district))
    confidence = first.confidence - EDIT_PENALTY * edits if not others else SHARED_NAME
    return edits, Target(first.borough, first.district, confidence, Method.FUZZY, others)


def _town(text: str, index: PlaceIndex) -> Town | None:
    """A town elsewhere, named alone in the text or in one of its comma-separated parts."""
    for part in (text, *text.split(",")):
        words = [w for w in key(part).split() if not w.isdigit()]
        town = index.towns.get(" ".join(words))
        if town is not None:
            return town
    return None


def _from_name(text: str, target: Target, postcode: str | None, index: PlaceIndex) -> PlaceResolution:
    district = target.district
    city_districts = index.gazetteer.districts_of_postcode(postcode)
    if district is None and city_districts and any(d.borough == target.borough.name for d in city_districts):
        # "Linden, 30451": the postcode says which part of the borough.
        return _from_postcode(text, postcode, index, target.borough.name)
    found = _in_district(text, target) if district else _in_borough(text, target)
    national = index.gazetteer.postcode(postcode)
    if postcode is None or (district and postcode in district.postcodes):
        return replace(found, postcode=postcode if national else None)
    if city_districts:
        others = tuple(d.name for d in city_districts if d != district)
        return replace(found, postcode=postcode, confidence=min(found.confidence, CONFLICT), alternatives=others)
    if national is not None:
        # A postcode elsewhere outweighs a name: "Burg, 39288" is Burg near Magdeburg.
        return replace(_outside(text, national, postcode, CONFLICT), alternatives=(found.value,))
    return found


def _in_district(text: str, target: Target) -> PlaceResolution:
    d = target.district
    return PlaceResolution(
        value=d.name,
        confidence=target.confidence,
        text=text,
        method=target.method,
        alternatives=target.alternatives,
        district=d.name,
        borough=d.borough,
        lat=d.lat,
        lon=d.lon,
    )


def _in_borough(text: str, target: Target) -> PlaceResolution:
    b = target.borough
    return PlaceResolution(
        value=b.name,
        confidence=min(target.confidence, BOROUGH),
        text=text,
        method=target.method,
        borough=b.name,
        lat=b.lat,
        lon=b.lon,
    )


def _from_postcode(text: str, code: str, index: PlaceIndex, borough: str | None = None) -> PlaceResolution:
    """The Stadtteil a postcode most likely means; the others it covers as alternatives."""
    gazetteer = index.gazetteer
    national = gazetteer.postcode(code)
    candidates = [d for d in gazetteer.districts_of_postcode(code) if borough in (None, d.borough)]
    if not candidates:
        return _outside(text, national, code, OUTSIDE_POSTCODE) if national else _unresolved(text)
    precise = national is not None and not gazetteer.has_approximate_point(code)
    ranked = sorted(candidates, key=lambda d: _rank(d, code, national if precise else None))
    best = ranked[0]
    confidence = max(SHARED_POSTCODE_FLOOR, POSTCODE_ALONE - PER_SHARING_DISTRICT * (len(ranked) - 1))
    point = national if precise else best
    return PlaceResolution(
        value=best.name,
        confidence=confidence,
        text=text,
        method=Method.EXACT,
        alternatives=tuple(d.name for d in ranked[1:]),
        district=best.name,
        borough=best.borough,
        lat=point.lat,
        lon=point.lon,
        postcode=code,
    )


def _rank(district: District, code: str, point: Postcode | None) -> tuple[float, int, int]:
    """Nearest to the postcode's point; else the Stadtteil that lists the postcode
    first, then the one with fewest postcodes (which lies most inside it)."""
    distance = _km(point.lat, point.lon, district.lat, district.lon) if point else 0.0
    return distance, district.postcodes.index(code), len(district.postcodes)


def _outside(text: str, where: Postcode | Town, postcode: str | None, confidence: int) -> PlaceResolution:
    return PlaceResolution(
        value=where.place,
        confidence=confidence,
        text=text,
        method=Method.EXACT,
        lat=where.lat,
        lon=where.lon,
        postcode=postcode,
        is_outside=True,
    )


def _unresolved(text: str) -> PlaceResolution:
    return PlaceResolution(value=None, confidence=0, text=text, method=Method.UNRESOLVED)
