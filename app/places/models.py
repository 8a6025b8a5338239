"""Columns every located thing shares (person, offer, organisation, need)."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column


class LocationMixin:
    #: Street and house number as typed; never shown on public pages.
    street: Mapped[str | None] = mapped_column(sa.String(200))
    postcode: Mapped[str | None] = mapped_column(sa.String(5), index=True)
    town: Mapped[str | None] = mapped_column(sa.String(100))
    #: Stadtteil name from the city's gazetteer (``None`` when outside or unknown).
    district: Mapped[str | None] = mapped_column(sa.String(64), index=True)
    #: Stadtbezirk of that Stadtteil, or of the postcode when it lies in one borough only.
    borough: Mapped[str | None] = mapped_column(sa.String(64), index=True)
    #: Point used for distances: the Stadtteil's or the postcode's centroid.
    lat: Mapped[float | None]
    lon: Mapped[float | None]
