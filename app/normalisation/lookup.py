"""Look-up keys (folded words) and typo-tolerant look-up, shared by the language and place normalisers."""

from __future__ import annotations

import re
from collections.abc import Sequence

from rapidfuzz import process
from rapidfuzz.distance import OSA

from app.core.text import fold as fold_text

#: A word: anything between spaces and punctuation. Not ``\\w``, which splits
#: Devanagari, Bengali or Tamil words at their vowel signs.
WORD = re.compile(r"[^\s,;/|+&()\[\]{}<>:.!?\"'„“”«»’‘‚\-–—_*#=~]+")

# Arabic keyboards type these letters where Persian, Dari and Kurdish spell the
# Persian forms; without them "فارسي" would miss "فارسی".
_LETTERS = str.maketrans({"ẞ": "ss", "ي": "ی", "ى": "ی", "ك": "ک"})
# Umlauts spelt out are folded once more, so that "Südstadt", "Suedstadt" and
# "Sudstadt" (umlaut dropped) all meet.
_DIGRAPHS = (("ae", "a"), ("oe", "o"), ("ue", "u"))


def fold(word: str) -> str:
    """One word compared loosely: case, accents, umlaut spellings and Arabic letter forms folded."""
    folded = fold_text(word.translate(_LETTERS))
    for digraph, letter in _DIGRAPHS:
        folded = folded.replace(digraph, letter)
    return folded


def key(text: str) -> str:
    """A name as a look-up key: its folded words joined by single spaces."""
    return " ".join(fold(m.group()) for m in WORD.finditer(text))


def allowed_edits(length: int) -> int:
    """How many letters a typo may get wrong: none in names of four letters or
    fewer, where one edit turns "List" into "Lust" and "Dari" into "Dark"; two
    from ten letters on. Measured on 420 000 German and English dictionary
    words (app/normalisation/data/NOTICE.md)."""
    return 0 if length <= 4 else 1 if length <= 9 else 2


def closest(word: str, choices: Sequence[str]) -> tuple[list[int], int]:
    """Indexes of the choices nearest to ``word`` within the allowed edits, and the edits.

    Edits are counted with adjacent transpositions as one ("Bothfled"). The
    first letter must match: typos there are rare, and allowing them doubles
    the words mistaken for names ("manisch" for "dänisch"). Returns ``([], 0)``
    when nothing is near enough.
    """
    limit = allowed_edits(len(word))
    if not limit:
        return [], 0
    found = process.extract(word, choices, scorer=OSA.distance, score_cutoff=limit, limit=None)
    near = [
        (edits, index)
        for choice, edits, index in found
        if choice[0] == word[0] and edits <= allowed_edits(min(len(word), len(choice)))
    ]
    if not near:
        return [], 0
    best = min(edits for edits, _ in near)
    return [index for edits, index in near if edits == best], best
