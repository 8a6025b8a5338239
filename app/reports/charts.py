"""Charts drawn on the server as inline SVG: no script, no external files, printable.

Each chart names itself (``<title>``, ``<desc>``) and the page puts the same
figures in a table next to it, so no one depends on seeing the picture.
"""

from __future__ import annotations

import itertools
import json
import math
from functools import cache
from pathlib import Path

from flask import current_app
from flask_babel import format_decimal
from markupsafe import Markup, escape

BAR_WIDTH = 640
LABEL_WIDTH = 230
VALUE_WIDTH = 60
ROW_HEIGHT = 26
LABEL_CHARS = 30
MAP_WIDTH = 600
#: Shades of the map: 0 for none, then four steps up to the largest count.
MAP_LEVELS = 4
BOUNDARY_FILE = "stadtbezirke.geojson"


def _shortened(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…"


def _heading(chart_id: str, title: str, description: str) -> str:
    return (
        f'<title id="{chart_id}-title">{escape(title)}</title><desc id="{chart_id}-desc">{escape(description)}</desc>'
    )


def bar_chart(chart_id: str, title: str, description: str, rows: list[tuple[str, int | float]]) -> Markup:
    """Horizontal bars, one per row, the value written after each bar."""
    largest = max((value for _label, value in rows), default=0) or 1
    height = max(1, len(rows)) * ROW_HEIGHT + 8
    span = BAR_WIDTH - LABEL_WIDTH - VALUE_WIDTH
    parts = [
        f'<svg class="chart" id="{chart_id}" role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'viewBox="0 0 {BAR_WIDTH} {height}" width="{BAR_WIDTH}" height="{height}" '
        f'xmlns="http://www.w3.org/2000/svg">',
        _heading(chart_id, title, description),
    ]
    for index, (label, value) in enumerate(rows):
        top = 4 + index * ROW_HEIGHT
        width = round(span * value / largest, 1)
        middle = top + ROW_HEIGHT / 2
        parts.append(
            f'<text class="chart__label" x="{LABEL_WIDTH - 8}" y="{middle}" text-anchor="end" '
            f'dominant-baseline="middle">{escape(_shortened(str(label)))}</text>'
            f'<rect class="chart__bar" x="{LABEL_WIDTH}" y="{top + 4}" width="{width}" height="{ROW_HEIGHT - 8}"/>'
            f'<text class="chart__value" x="{LABEL_WIDTH + width + 6}" y="{middle}" '
            f'dominant-baseline="middle">{escape(_number(value))}</text>'
        )
    parts.append(f'<line class="chart__axis" x1="{LABEL_WIDTH}" y1="0" x2="{LABEL_WIDTH}" y2="{height}"/></svg>')
    return Markup("".join(parts))  # noqa: S704  # nosec B704 - every text in it went through escape()


def _number(value: int | float) -> str:
    return format_decimal(value)


# The Stadtbezirk map ------------------------------------------------------------------------------------


@cache
def _read_boundaries(path: Path) -> tuple[tuple[str, tuple], ...]:
    data = json.loads(path.read_text(encoding="utf-8"))
    shapes = []
    for feature in data["features"]:
        geometry = feature["geometry"]
        polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        shapes.append((feature["properties"]["name"], tuple(tuple(map(tuple, ring)) for p in polygons for ring in p)))
    return tuple(shapes)


def boundaries() -> tuple[tuple[str, tuple], ...]:
    """(Stadtbezirk name, its rings as (lon, lat) points) from the city folder's boundary file; empty without one."""
    path = current_app.extensions["helfernetz.city"].folder / BOUNDARY_FILE
    return _read_boundaries(path) if path.exists() else ()


def level(count: int, largest: int) -> int:
    """The shade of a count: 0 for none, else 1 to MAP_LEVELS in equal steps up to the largest."""
    if count <= 0 or largest <= 0:
        return 0
    return max(1, math.ceil(MAP_LEVELS * count / largest))


def legend(largest: int) -> list[tuple[int, int, int]]:
    """(shade, lowest count, highest count) of each shade in use."""
    steps = [(0, 0, 0)]
    for shade in range(1, MAP_LEVELS + 1):
        low = math.floor(largest * (shade - 1) / MAP_LEVELS) + 1
        high = math.floor(largest * shade / MAP_LEVELS)
        if largest and high >= low:
            steps.append((shade, low, high))
    return steps


def borough_map(chart_id: str, title: str, description: str, counts: dict, names: dict[str, str]) -> Markup | None:
    """The Stadtbezirke as SVG paths shaded by ``counts``; ``names[borough]`` is each shape's accessible name."""
    shapes = boundaries()
    if not shapes:
        return None
    points = [point for _name, rings in shapes for ring in rings for point in ring]
    west, east = min(p[0] for p in points), max(p[0] for p in points)
    south, north = min(p[1] for p in points), max(p[1] for p in points)
    squeeze = math.cos(math.radians((north + south) / 2))
    scale = MAP_WIDTH / ((east - west) * squeeze)
    height = round((north - south) * scale)

    def xy(point) -> tuple[float, float]:
        return round((point[0] - west) * squeeze * scale, 1), round((north - point[1]) * scale, 1)

    largest = max((counts.get(name, 0) for name, _rings in shapes), default=0)
    parts = [
        f'<svg class="chart borough-map" id="{chart_id}" role="group" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" viewBox="0 0 {MAP_WIDTH} {height}" '
        f'width="{MAP_WIDTH}" height="{height}" xmlns="http://www.w3.org/2000/svg">',
        _heading(chart_id, title, description),
    ]
    labels = []
    for name, rings in shapes:
        path = " ".join("M" + " L".join(f"{x},{y}" for x, y in map(xy, ring[:-1])) + " Z" for ring in rings)
        shade = level(counts.get(name, 0), largest)
        label = escape(names.get(name, name))
        parts.append(
            f'<path class="borough-map__area borough-map__area--{shade}" role="img" aria-label="{label}" '
            f'fill-rule="evenodd" d="{path}"><title>{label}</title></path>'
        )
        x, y = xy(_label_point(rings))
        labels.append(
            f'<text class="borough-map__count borough-map__count--{shade}" x="{x}" y="{y}" text-anchor="middle" '
            f'dominant-baseline="middle" aria-hidden="true">{escape(_number(counts.get(name, 0)))}</text>'
        )
    parts.extend(labels)
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704  # nosec B704 - every text in it went through escape()


def _label_point(rings) -> tuple[float, float]:
    """The middle of the largest ring's points: inside for the compact shapes a schematic map has."""
    ring = max(rings, key=lambda r: abs(_area(r)))
    return sum(p[0] for p in ring[:-1]) / (len(ring) - 1), sum(p[1] for p in ring[:-1]) / (len(ring) - 1)


def _area(ring) -> float:
    return sum(a[0] * b[1] - b[0] * a[1] for a, b in itertools.pairwise(ring)) / 2
