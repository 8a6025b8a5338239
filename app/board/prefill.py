"""The offer form filled in from a need on the board: "I can help with this".

The kind, the languages the need asks for, and the kind's options whose help concepts the
need names (the inverse of app.normalisation.stored.OPTION_CONCEPTS) are ticked, or else the
nearest ones in the taxonomy (:func:`_rings`); a donation's items start with the need's title. Everything stays editable: it is
the citizen's offer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from wtforms import BooleanField, RadioField

from app.needs.models import Need
from app.normalisation.stored import OPTION_CONCEPTS
from app.normalisation.taxonomy_store import current_taxonomy
from app.offers.models import OfferKind

if TYPE_CHECKING:
    from app.offers.forms import OfferForm


def prefill(form: OfferForm, need: Need) -> None:
    kind = need.kind.value
    form.kinds.data = [kind]
    wanted = [*need.required_languages, *need.helpful_languages]
    offered = {choice.value for choice in form.languages.choices}
    form.languages.data = [code for code in wanted if code in offered]
    sub = form[kind].form
    rings = _rings(need.concepts)
    for name, table in OPTION_CONCEPTS.items():
        if name in sub:
            # The options the need names win; else those one step away in the taxonomy, else two.
            found = ([option for option, concepts in table.items() if set(concepts) & ring] for ring in rings)
            _tick(sub[name], next((options for options in found if options), []))
    if need.kind is OfferKind.INTERPRETING:
        for entry, code in zip(sub.languages.entries, need.required_languages, strict=False):
            entry.form.language.data = code
    if need.kind is OfferKind.DONATION:
        sub["items"].data = need.title


def _rings(keys: list[str], steps: int = 2) -> list[set[str]]:
    """The concepts named, then those related to them (either direction), then related to those:
    "Winterjacken" → winter clothing → clothing, the donation form's option."""
    neighbours: dict[str, set[str]] = {}
    for concept in current_taxonomy().concepts:
        for other in concept.related:
            neighbours.setdefault(concept.key, set()).add(other)
            neighbours.setdefault(other, set()).add(concept.key)
    rings, seen = [set(keys)], set(keys)
    for _step in range(steps):
        ring = {other for key in rings[-1] for other in neighbours.get(key, ())} - seen
        rings.append(ring)
        seen |= ring
    return rings


def _tick(field, options: list) -> None:
    if not options:
        return
    if isinstance(field, BooleanField):
        field.data = True in options
    elif isinstance(field, RadioField):
        field.data = options[0]
    else:
        field.data = options
