"""Offline gazetteer: the city's Stadtteile and Stadtbezirke, and every German postcode.

Loaded once per process from CSV files shipped with the app (sources in the
NOTICE files beside them); no network, no database round trip.
"""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path

POSTCODES_FILE = Path(__file__).resolve().parent / "data" / "de_postcodes.csv"


@dataclass(frozen=True)
class District:
    """A Stadtteil with the Stadtbezirk it belongs to."""

    name: str
    borough: str
    borough_number: int
    postcodes: tuple[str, ...]
    lat: float
    lon: float
    variants: tuple[str, ...]


@dataclass(frozen=True)
class Postcode:
    code: str
    place: str
    lat: float
    lon: float
    is_residential: bool


@dataclass(frozen=True)
class Borough:
    """A Stadtbezirk with its own point (not the mean of its Stadtteile's)."""

    name: str
    number: int
    lat: float
    lon: float


#: Postcodes sharing one point with this many others sit on a city's fallback
#: point, not inside their area (shared/data/README.md: 30175, 30521, 30627 ...).
FALLBACK_POINT_SHARED_BY = 3


def _split(cell: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in cell.split(";") if part.strip())


@cache
def load_districts(city_folder: Path) -> tuple[District, ...]:
    with (city_folder / "stadtteile.csv").open(encoding="utf-8") as f:
        return tuple(
            District(
                name=row["stadtteil"],
                borough=row["stadtbezirk"],
                borough_number=int(row["stadtbezirk_nr"]),
                postcodes=_split(row["plz"]),
                lat=float(row["lat"]),
                lon=float(row["lon"]),
                variants=_split(row["variants"]),
            )
            for row in csv.DictReader(f)
        )


@cache
def load_postcodes() -> dict[str, Postcode]:
    with POSTCODES_FILE.open(encoding="utf-8") as f:
        return {
            row["postcode"]: Postcode(
                row["postcode"],
                row["place"],
                float(row["lat"]),
                float(row["lon"]),
                row["residential"] == "1",
            )
            for row in csv.DictReader(f)
        }


@cache
def load_boroughs(city_folder: Path) -> tuple[Borough, ...]:
    with (city_folder / "stadtbezirke.csv").open(encoding="utf-8") as f:
        return tuple(
            Borough(row["stadtbezirk"], int(row["stadtbezirk_nr"]), float(row["lat"]), float(row["lon"]))
            for row in csv.DictReader(f)
        )


@cache
def approximate_postcodes() -> frozenset[str]:
    """Postcodes whose point is a city's fallback point rather than a point in the area."""
    points = Counter((p.lat, p.lon) for p in load_postcodes().values())
    return frozenset(code for code, p in load_postcodes().items() if points[(p.lat, p.lon)] >= FALLBACK_POINT_SHARED_BY)


class Gazetteer:
    """Look-ups over one city's districts and the national postcode list."""

    def __init__(self, city_folder: Path) -> None:
        self.districts = load_districts(city_folder)
        self._by_name = {d.name: d for d in self.districts}
        self.postcodes = load_postcodes()

    def district(self, name: str | None) -> District | None:
        return self._by_name.get(name) if name else None

    def postcode(self, code: str | None) -> Postcode | None:
        return self.postcodes.get(code) if code else None

    def districts_of_postcode(self, code: str | None) -> tuple[District, ...]:
        """The Stadtteile a postcode covers, in the gazetteer's order."""
        return tuple(d for d in self.districts if code and code in d.postcodes)

    def has_approximate_point(self, code: str) -> bool:
        """Whether the postcode's point is only "somewhere in the city"."""
        return code in approximate_postcodes()

    def borough_of_postcode(self, code: str | None) -> str | None:
        """The Stadtbezirk a postcode lies in, when it lies in exactly one."""
        boroughs = {d.borough for d in self.districts if code and code in d.postcodes}
        return boroughs.pop() if len(boroughs) == 1 else None

    def borough_names(self) -> list[str]:
        return [name for name, _ in self.grouped_by_borough()]

    def grouped_by_borough(self) -> list[tuple[str, list[str]]]:
        """(Stadtbezirk, its Stadtteile) in the city's own borough order."""
        boroughs: dict[tuple[int, str], list[str]] = {}
        for d in self.districts:
            boroughs.setdefault((d.borough_number, d.borough), []).append(d.name)
        return [(name, sorted(names)) for (_, name), names in sorted(boroughs.items())]
