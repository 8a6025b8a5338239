"""Any file given to the CSV import gives stored rows or a report naming line and column, never an exception."""

from __future__ import annotations

import csv
import io

from hypothesis import given
from hypothesis import strategies as st

from app.extensions import db
from app.imports import needs, offers
from app.imports.csv_import import ImportFailed
from tests.robustness.conftest import FUZZ
from tests.robustness.form_discovery import TRICKY

IMPORTERS = {"offers": (offers.import_offers, offers.COLUMNS), "needs": (needs.import_needs, needs.COLUMNS)}

cell = st.one_of(
    st.sampled_from(TRICKY),
    st.sampled_from(["housing", "interpreting", "urgent", "3", "de, ar", "Linden-Nord", "a@b.de", "0511 123456"]),
    st.text(max_size=30),
    st.just("=cmd|' /C calc'!A0"),
    st.just("y" * 70_000),  # longer than any column allows
)


@st.composite
def csv_file(draw, columns: tuple[str, ...]) -> bytes:
    """A file with the right header (shuffled) and random cells, sometimes mangled on the way to bytes."""
    header = draw(st.permutations(columns))
    rows = draw(st.lists(st.lists(cell, min_size=len(columns) - 1, max_size=len(columns) + 1), max_size=4))
    delimiter = draw(st.sampled_from([",", ";"]))
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    text = out.getvalue()
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252", "latin-1"]))
    data = text.encode(encoding, errors="replace")
    return data


files = st.one_of(st.binary(max_size=300), st.builds(lambda t: t.encode(), st.text(max_size=300)))


def _import(kind: str, data: bytes) -> None:
    importer, columns = IMPORTERS[kind]
    try:
        imported = importer(data)
    except ImportFailed as failed:
        db.session.rollback()
        assert failed.errors
        for error in failed.errors:
            assert error.line >= 1 and error.message
            assert error.column is None or error.column in columns or error.line == 1
        return
    db.session.rollback()  # the next example starts from the same empty database
    assert imported.created + imported.updated >= 0


@FUZZ
@given(kind=st.sampled_from(sorted(IMPORTERS)), data=st.data())
def test_a_file_with_the_right_header_gives_rows_or_a_report(app, kind, data):
    _import(kind, data.draw(csv_file(IMPORTERS[kind][1])))


@FUZZ
@given(kind=st.sampled_from(sorted(IMPORTERS)), data=files)
def test_any_bytes_give_a_report(app, kind, data):
    _import(kind, data)


def test_a_cell_beyond_the_csv_modules_field_limit_gives_a_report(app):
    header = ",".join(offers.COLUMNS)
    data = f'{header}\n"{"z" * 200_000}",language_support,A,B,a@b.de,,,,,,\n'.encode()
    _import("offers", data)


def test_a_stray_quote_or_nul_byte_gives_a_report(app):
    header = ",".join(offers.COLUMNS)
    _import("offers", f'{header}\nr1,"language_support\n'.encode())
    _import("offers", f"{header}\nr1,language\x00_support,A,B,a@b.de,,,,,,\n".encode())
