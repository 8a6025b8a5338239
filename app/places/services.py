"""Resolving what people type about places to points."""

from __future__ import annotations

from flask import current_app

from app.places.gazetteer import Gazetteer
from app.places.models import LocationMixin


def gazetteer() -> Gazetteer:
    return current_app.extensions["helfernetz.gazetteer"]


def locate(target: LocationMixin) -> None:
    """Set ``lat``/``lon`` from the Stadtteil, else from the postcode, and the Stadtbezirk.

    The Stadtteil wins because it is what the person chose on purpose; a
    postcode can cover several Stadtteile.
    """
    places = gazetteer()
    district = places.district(target.district)
    postcode = places.postcode(target.postcode)
    point = district or postcode
    target.lat, target.lon = (point.lat, point.lon) if point else (None, None)
    target.borough = district.borough if district else places.borough_of_postcode(target.postcode)
    if postcode and not target.town:
        target.town = postcode.place
