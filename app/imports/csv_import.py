"""Reading a CSV file and collecting what is wrong with it, line by line and column by column.

Every error of a file is collected before anything is written, so the office
can fix the whole spreadsheet in one go; a file with errors imports nothing.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache
from typing import Any, TypeVar

from app.core.forms import to_e164
from app.normalisation.languages import resolve_languages
from app.normalisation.places import resolve_place
from app.normalisation.result import PlaceResolution

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")
#: First characters that make a spreadsheet program read a cell as a formula (OWASP "CSV injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
#: Columns the export adds beside the verbatim ones; the import skips them and normalises again.
CANONICAL_PREFIX = "canonical_"
E = TypeVar("E", bound=StrEnum)
T = TypeVar("T")


@dataclass(frozen=True)
class RowError:
    """One problem: ``line`` in the file (the header is line 1), ``column`` as named in the header."""

    line: int
    column: str | None
    message: str

    def __str__(self) -> str:
        where = f"Zeile {self.line}" + (f", Spalte »{self.column}«" if self.column else "")
        return f"{where}: {self.message}"


class ImportFailed(Exception):
    """The file had errors; nothing of it was imported."""

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__(f"{len(errors)} Fehler")
        self.errors = errors


@dataclass
class Row:
    """One data row: its values by column (stripped) and where its errors go."""

    line: int
    values: dict[str, str]
    errors: list[RowError] = field(default_factory=list)

    def error(self, column: str | None, message: str) -> None:
        self.errors.append(RowError(self.line, column, message))

    def text(self, column: str, required: bool = False, max_length: int | None = None) -> str | None:
        value = self.values[column] or None
        if value is None and required:
            self.error(column, "darf nicht leer sein")
        elif value is not None and max_length and len(value) > max_length:
            self.error(column, f"ist zu lang ({len(value)} Zeichen, höchstens {max_length})")
        return value

    def choice(self, column: str, enum: type[E], default: E | None = None) -> E | None:
        value = self.values[column]
        if not value and default is not None:
            return default
        try:
            return enum(value.lower())
        except ValueError:
            allowed = ", ".join(member.value for member in enum)
            shown = f"»{value}«" if value else "leer"
            self.error(column, f"{shown} ist kein erlaubter Wert (erlaubt: {allowed})")
            return None

    def positive_int(self, column: str, default: int) -> int | None:
        value = self.values[column]
        if not value:
            return default
        if value.isdigit() and int(value) > 0:
            return int(value)
        self.error(column, f"»{value}« ist keine ganze Zahl größer als 0")
        return None

    def email(self, column: str) -> str | None:
        value = self.text(column, max_length=254)
        if value and not EMAIL.match(value):
            self.error(column, f"»{value}« ist keine gültige E-Mail-Adresse")
        return value

    def phone(self, column: str) -> tuple[str | None, str | None]:
        """The number as written and in E.164 form (parsed once: parsing is the slow part of a row)."""
        value = self.text(column, max_length=40)
        e164 = to_e164(value)
        if value and e164 is None:
            self.error(column, f"»{value}« ist keine gültige Telefonnummer")
        return value, e164


@dataclass(frozen=True)
class Languages:
    """ISO codes read with confidence from a languages cell, and the words read as none or uncertainly, as typed."""

    codes: tuple[str, ...]
    unresolved: str | None


# Old spreadsheets repeat the same few cells thousands of times.
@lru_cache(maxsize=4096)
def languages(text: str) -> Languages:
    """Uncertain readings ("Dutsch": German or Dutch?) stay text, which staff review (app.normalisation.stored)."""
    resolutions = resolve_languages(text) if text else []
    codes = [r.value for r in resolutions if r.value and not r.needs_review]
    unresolved = ", ".join(r.text for r in resolutions if not r.value or r.needs_review)
    return Languages(tuple(dict.fromkeys(codes)), unresolved or None)


@lru_cache(maxsize=4096)
def place(text: str) -> PlaceResolution | None:
    return resolve_place(text) if text else None


def place_values(resolution: PlaceResolution | None) -> dict[str, Any]:
    """Location columns (app.places.models.LocationMixin) from a resolved place.

    A town outside the city is kept as the town; text nothing was read from is
    kept verbatim as the town too, so staff can still see and correct it.
    """
    r = resolution
    if r is None:
        return dict.fromkeys(("district", "borough", "postcode", "town", "lat", "lon"))
    town = None if r.district or r.borough else (r.value if r.is_resolved else r.text)[:100]
    return {
        "district": r.district,
        "borough": r.borough,
        "postcode": r.postcode,
        "town": town,
        "lat": r.lat,
        "lon": r.lon,
    }


def set_values(target: object, values: dict[str, Any]) -> None:
    for name, value in values.items():
        setattr(target, name, value)


def escape_formula(cell: str) -> str:
    """A leading apostrophe keeps spreadsheet programs from running the cell ("+49 511 …", "=HYPERLINK(…)")."""
    return f"'{cell}" if cell.startswith(FORMULA_START) else cell


def unescape_formula(cell: str) -> str:
    """Undo :func:`escape_formula`, so that a file we exported imports with the values it came from."""
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(FORMULA_START) else cell


def read_rows(data: bytes, columns: tuple[str, ...], errors: list[RowError]) -> Iterator[Row]:
    """The data rows of a UTF-8 CSV file whose header names exactly ``columns`` (in any order).

    ``canonical_…`` columns, which the export writes beside the verbatim ones, are skipped:
    the import normalises the verbatim values itself.

    Problems of the file as a whole (encoding, header) are added to ``errors``
    and yield no rows; a row with too many or too few cells is reported and skipped.
    """
    text = _decoded(data, errors)
    if text is None:
        return
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [name.strip().lower() for name in next(reader, [])]
    except csv.Error as exc:
        errors.append(_unreadable(reader.line_num, exc))
        return
    if not _header_ok(header, columns, errors):
        return
    end_of_previous = reader.line_num
    for cells in _cells(reader, errors):
        # A quoted cell may span lines: a row starts after the previous one ended.
        line, end_of_previous = end_of_previous + 1, reader.line_num
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(header):
            errors.append(RowError(line, None, f"{len(cells)} Zellen statt {len(header)} wie in der Kopfzeile"))
            continue
        yield Row(line, {name: unescape_formula(cell.strip()) for name, cell in zip(header, cells, strict=True)})


def _cells(reader: Any, errors: list[RowError]) -> Iterator[list[str]]:
    """The reader's rows; a row the csv module cannot read (a cell over its size limit) ends the file
    with an error there, since where the next row starts is then unknown."""
    try:
        yield from reader
    except csv.Error as exc:
        errors.append(_unreadable(reader.line_num, exc))


def _unreadable(line: int, exc: csv.Error) -> RowError:
    return RowError(max(line, 1), None, f"die Zeile ist als CSV nicht lesbar ({exc}); der Rest der Datei wurde nicht gelesen")


def _decoded(data: bytes, errors: list[RowError]) -> str | None:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        errors.append(RowError(line, None, "die Datei ist nicht UTF-8-kodiert (als CSV UTF-8 speichern)"))
        return None


def _header_ok(header: list[str], columns: tuple[str, ...], errors: list[RowError]) -> bool:
    found = len(errors)
    if not header:
        errors.append(RowError(1, None, "die Datei ist leer; erwartet wird eine Kopfzeile"))
        return False
    for name in columns:
        if name not in header:
            errors.append(RowError(1, name, "Spalte fehlt in der Kopfzeile"))
    for name in sorted(set(header) - set(columns)):
        if name.startswith(CANONICAL_PREFIX):
            continue
        errors.append(RowError(1, name or "(leer)", f"unbekannte Spalte (erwartet: {', '.join(columns)})"))
    for name in sorted({name for name in header if header.count(name) > 1}):
        errors.append(RowError(1, name, "Spalte kommt mehrfach vor"))
    return len(errors) == found


def check_unique_refs(rows: list[Row]) -> None:
    """A ``ref`` may occur once per file; a second row with it is an error of that row."""
    first_line: dict[str, int] = {}
    for row in rows:
        ref = row.values["ref"]
        if ref and ref in first_line:
            row.error("ref", f"»{ref}« steht schon in Zeile {first_line[ref]}")
        first_line.setdefault(ref, row.line)


def checked(data: bytes, columns: tuple[str, ...], parse: Callable[[Row], T]) -> list[T]:
    """Every row parsed by ``parse``; raises :class:`ImportFailed` with all errors of the file, if any."""
    errors: list[RowError] = []
    rows = list(read_rows(data, columns, errors))
    check_unique_refs(rows)
    parsed = [parse(row) for row in rows]
    errors.extend(error for row in rows for error in row.errors)
    if errors:
        raise ImportFailed(
            sorted(errors, key=lambda e: (e.line, columns.index(e.column) if e.column in columns else -1))
        )
    return parsed
