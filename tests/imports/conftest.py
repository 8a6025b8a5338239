import csv

import pytest


@pytest.fixture
def write_csv(tmp_path):
    """A CSV file from a header and rows (lists of cells), written as UTF-8."""

    def write(header: list[str], rows: list[list[str]], name: str = "import.csv") -> str:
        path = tmp_path / name
        with path.open("w", encoding="utf-8", newline="") as f:
            writer = csv.writer(f)
            writer.writerow(header)
            writer.writerows(rows)
        return str(path)

    return write
