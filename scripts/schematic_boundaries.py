"""Write a schematic Stadtbezirk map from the gazetteer's Stadtteil points.

No official boundary file is shipped, so the reports draw a schematic one: the
city is covered with grid cells (``CELL`` degrees, about 400 m), every cell
within ``REACH_KM`` of some Stadtteil point goes to the Stadtbezirk of the
nearest Stadtteil, and each Stadtbezirk's cells are traced into outlines.
The result is ``stadtbezirke.geojson`` in the city folder: one feature per
Stadtbezirk, property ``name``, geometry a MultiPolygon. A city with official
boundaries replaces the file (same name, same property) and needs no code change.

    python scripts/schematic_boundaries.py [city folder]
"""

from __future__ import annotations

import csv
import json
import math
import sys
from collections import defaultdict
from pathlib import Path

CELL = 0.005
REACH_KM = 1.5
EARTH_KM = 6371.0
DEFAULT_FOLDER = Path(__file__).resolve().parent.parent / "app" / "cities" / "hannover"

Point = tuple[int, int]  # grid corner (x = lon index, y = lat index)


def read_points(folder: Path) -> list[tuple[float, float, str]]:
    with (folder / "stadtteile.csv").open(encoding="utf-8") as f:
        return [(float(row["lat"]), float(row["lon"]), row["stadtbezirk"]) for row in csv.DictReader(f)]


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Equirectangular distance: exact enough within a city."""
    x = math.radians(lon2 - lon1) * math.cos(math.radians((lat1 + lat2) / 2))
    y = math.radians(lat2 - lat1)
    return EARTH_KM * math.hypot(x, y)


def assign_cells(points: list[tuple[float, float, str]]) -> dict[Point, str]:
    """Grid cell (lower-left corner index) → Stadtbezirk of the nearest Stadtteil point within reach."""
    margin = 2 * REACH_KM / 111.0 + CELL
    lats = [p[0] for p in points]
    lons = [p[1] for p in points]
    cells = {}
    for x in range(math.floor((min(lons) - margin) / CELL), math.ceil((max(lons) + margin) / CELL)):
        for y in range(math.floor((min(lats) - margin) / CELL), math.ceil((max(lats) + margin) / CELL)):
            lat, lon = (y + 0.5) * CELL, (x + 0.5) * CELL
            distance, borough = min((distance_km(lat, lon, p_lat, p_lon), b) for p_lat, p_lon, b in points)
            if distance <= REACH_KM:
                cells[(x, y)] = borough
    return cells


def boundary_edges(cells: set[Point]) -> dict[Point, list[Point]]:
    """Directed edges around the cells, counter-clockwise, the shared ones cancelled."""
    edges = set()
    for x, y in cells:
        corners = [(x, y), (x + 1, y), (x + 1, y + 1), (x, y + 1)]
        for start, end in zip(corners, corners[1:] + corners[:1], strict=True):
            if (end, start) in edges:
                edges.remove((end, start))
            else:
                edges.add((start, end))
    outgoing: dict[Point, list[Point]] = defaultdict(list)
    for start, end in sorted(edges):
        outgoing[start].append(end)
    return outgoing


def _turn_order(previous: Point, here: Point, end: Point) -> int:
    """0 for a left turn, 1 straight on, 2 right: cells stay on the left, rings stay apart at pinch points."""
    incoming = (here[0] - previous[0], here[1] - previous[1])
    outgoing = (end[0] - here[0], end[1] - here[1])
    cross = incoming[0] * outgoing[1] - incoming[1] * outgoing[0]
    return 0 if cross > 0 else 1 if cross == 0 else 2


def trace_rings(outgoing: dict[Point, list[Point]]) -> list[list[Point]]:
    rings = []
    while outgoing:
        start = min(outgoing)
        ring = [start]
        here = outgoing[start].pop(0)
        previous = start
        while here != start:
            ring.append(here)
            choices = outgoing[here]
            following = min(choices, key=lambda end, p=previous, h=here: _turn_order(p, h, end))
            choices.remove(following)
            if not choices:
                del outgoing[here]
            previous, here = here, following
        if not outgoing[start]:
            del outgoing[start]
        rings.append(_without_straight_corners(ring))
    return rings


def _without_straight_corners(ring: list[Point]) -> list[Point]:
    kept = []
    for index, point in enumerate(ring):
        before, after = ring[index - 1], ring[(index + 1) % len(ring)]
        if (point[0] - before[0]) * (after[1] - point[1]) != (point[1] - before[1]) * (after[0] - point[0]):
            kept.append(point)
    return kept


def signed_area(ring: list[Point]) -> float:
    return sum(a[0] * b[1] - b[0] * a[1] for a, b in zip(ring, ring[1:] + ring[:1], strict=True)) / 2


def contains(ring: list[Point], x: float, y: float) -> bool:
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def polygons(rings: list[list[Point]]) -> list[list[list[Point]]]:
    """Outer rings (counter-clockwise) each with the holes (clockwise) that lie in it."""
    outers = [ring for ring in rings if signed_area(ring) > 0]
    grouped = {id(ring): [ring] for ring in outers}
    for hole in (ring for ring in rings if signed_area(ring) < 0):
        # A point a quarter cell to the right of the hole's first edge lies inside the hole.
        (x1, y1), (x2, y2) = hole[0], hole[1]
        length = math.hypot(x2 - x1, y2 - y1)
        px = (x1 + x2) / 2 + 0.25 * (y2 - y1) / length
        py = (y1 + y2) / 2 - 0.25 * (x2 - x1) / length
        around = [ring for ring in outers if contains(ring, px, py)]
        if around:
            grouped[id(min(around, key=signed_area))].append(hole)
    return list(grouped.values())


def to_coordinates(ring: list[Point]) -> list[list[float]]:
    closed = [*ring, ring[0]]
    return [[round(x * CELL, 4), round(y * CELL, 4)] for x, y in closed]


def feature_collection(folder: Path) -> dict:
    cells = assign_cells(read_points(folder))
    by_borough: dict[str, set[Point]] = defaultdict(set)
    for cell, borough in cells.items():
        by_borough[borough].add(cell)
    with (folder / "stadtbezirke.csv").open(encoding="utf-8") as f:
        order = [row["stadtbezirk"] for row in csv.DictReader(f)]
    features = []
    for name in order:
        shapes = polygons(trace_rings(boundary_edges(by_borough[name])))
        features.append(
            {
                "type": "Feature",
                "properties": {"name": name},
                "geometry": {
                    "type": "MultiPolygon",
                    "coordinates": [[to_coordinates(ring) for ring in shape] for shape in shapes],
                },
            }
        )
    return {
        "type": "FeatureCollection",
        "properties": {
            "schematic": True,
            "method": f"grid cells of {CELL} degrees within {REACH_KM} km of a Stadtteil point, "
            "assigned to the nearest Stadtteil's Stadtbezirk (scripts/schematic_boundaries.py)",
        },
        "features": features,
    }


def main(argv: list[str]) -> None:
    folder = Path(argv[1]) if len(argv) > 1 else DEFAULT_FOLDER
    target = folder / "stadtbezirke.geojson"
    target.write_text(json.dumps(feature_collection(folder), ensure_ascii=False, separators=(",", ":")) + "\n")
    print(f"wrote {target}")


if __name__ == "__main__":
    main(sys.argv)
