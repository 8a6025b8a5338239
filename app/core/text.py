"""Folding text for comparison and search: case, umlauts and accents do not matter."""

from __future__ import annotations

import unicodedata

GERMAN_FOLDS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def fold(text: str) -> str:
    """'Müller-Lüdenscheidt, José' → 'mueller-luedenscheidt, jose'."""
    text = text.casefold().translate(GERMAN_FOLDS)
    if text.isascii():  # most text: nothing left to decompose (and 5× faster)
        return text
    text = unicodedata.normalize("NFKD", text)
    return "".join(char for char in text if not unicodedata.combining(char))
