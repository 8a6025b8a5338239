"""Bugs the fuzzing found, each pinned by its smallest example."""

from __future__ import annotations

from app.core.audit import display_value
from app.imports.csv_import import ImportFailed, read_rows
from app.imports.offers import COLUMNS


def test_text_that_only_looks_like_a_date_is_shown_as_typed(app):
    # A note "2026-02-30" made the offer's page (its audit trail) a 500 for good.
    with app.test_request_context():
        assert display_value("2026-02-30") == "2026-02-30"


def test_a_cell_over_the_csv_modules_limit_is_reported_with_its_line(app):
    errors = []
    data = f'{",".join(COLUMNS)}\nr1,"{"z" * 200_000}"\n'.encode()
    assert list(read_rows(data, COLUMNS, errors)) == []
    assert [error.line for error in errors] == [2]
    assert ImportFailed(errors).errors
