"""Text helpers: folding for comparison and search, cleaning what users submit."""

from __future__ import annotations

import re
import unicodedata

GERMAN_FOLDS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def fold(text: str) -> str:
    """'Müller-Lüdenscheidt, José' → 'mueller-luedenscheidt, jose'."""
    text = text.casefold().translate(GERMAN_FOLDS)
    if text.isascii():  # most text: nothing left to decompose (and 5× faster)
        return text
    text = unicodedata.normalize("NFKD", text)
    return "".join(char for char in text if not unicodedata.combining(char))


#: C0 and C1 control characters and DEL, except tab, line feed and carriage return. PostgreSQL refuses
#: NUL in text, and none of the others means anything in a form field.
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
#: Bidi embeddings and overrides (closed by PDF) and isolates (closed by PDI).
_EMBEDDINGS = frozenset("\u202a\u202b\u202d\u202e")
_ISOLATES = frozenset("\u2066\u2067\u2068")
_PDF, _PDI = "\u202c", "\u2069"


def clean_input(text: str) -> str:
    """Submitted text as it is stored: NFC, no control characters, bidi controls closed.

    Kept on purpose: ZWJ/ZWNJ (emoji sequences, Persian words), RLM/LRM, emoji and
    combining marks (composed where Unicode has a composed form). Bidi embeddings,
    overrides and isolates are kept too, since mixed Arabic/Latin text needs them, but
    any left open are closed at the end of the value, so that wherever it is shown
    (page, mail, spreadsheet) it cannot reorder the text that follows it.
    """
    if text.isascii() and text.isprintable():  # the common case: nothing to do
        return text
    # Controls go first: one between a letter and its accent would keep NFC from composing them.
    text = unicodedata.normalize("NFC", _CONTROLS.sub("", text))
    return text + _closing_bidi(text)


def _closing_bidi(text: str) -> str:
    """PDF/PDI for every embedding or isolate ``text`` leaves open (as the Unicode bidi algorithm pairs them)."""
    if not any(char in _EMBEDDINGS or char in _ISOLATES for char in text):
        return ""
    stack: list[str] = []
    for char in text:
        if char in _EMBEDDINGS:
            stack.append(_PDF)
        elif char in _ISOLATES:
            stack.append(_PDI)
        elif char == _PDF and stack and stack[-1] == _PDF:
            stack.pop()
        elif char == _PDI and _PDI in stack:
            # A PDI also closes the embeddings opened inside its isolate.
            while stack.pop() != _PDI:
                pass
    return "".join(reversed(stack))
