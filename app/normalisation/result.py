"""What a normaliser read from one piece of free text, and how sure it is."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

#: Below this, staff should look at the resolution before anyone relies on it.
REVIEW_BELOW = 70


class Method(StrEnum):
    #: A canonical name, code or postcode, as written (case, accents and hyphens aside).
    EXACT = "exact"
    #: Another known name: a spelling variant, abbreviation, dialect or older name.
    ALIAS = "alias"
    #: A typo of a known name, a few letters off.
    FUZZY = "fuzzy"
    #: Nothing known; the text is kept as it was typed.
    UNRESOLVED = "unresolved"


@dataclass(frozen=True)
class Resolution:
    """One canonical value read from ``text``; ``value`` is ``None`` when unresolved."""

    value: str | None
    #: 0–100: how likely ``value`` is what the writer meant.
    confidence: int
    #: The words it was read from, as typed.
    text: str
    method: Method
    #: Other values the text could mean, best first.
    alternatives: tuple[str, ...] = ()

    @property
    def is_resolved(self) -> bool:
        return self.value is not None

    @property
    def needs_review(self) -> bool:
        return self.confidence < REVIEW_BELOW


@dataclass(frozen=True)
class LanguageResolution(Resolution):
    """``value`` is an ISO 639 code (``ar``, ``prs``, ``kmr``)."""

    #: ``native``, ``fluent``, ``good`` or ``basic`` when the text says so.
    level: str | None = None


@dataclass(frozen=True)
class PlaceResolution(Resolution):
    """``value`` is the Stadtteil, else the Stadtbezirk, else the town outside the city."""

    district: str | None = None
    borough: str | None = None
    #: The most precise point the text gives: the postcode's centroid, else the Stadtteil's.
    lat: float | None = None
    lon: float | None = None
    postcode: str | None = None
    #: Not in the city's gazetteer (a German postcode or town elsewhere).
    is_outside: bool = False
