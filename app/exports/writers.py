"""CSV for German Excel and XLSX, from a header row and value rows.

CSV: UTF-8 with byte order mark (so Excel reads the umlauts), ``;`` between
cells (German Excel), dates in ISO form, and text that a spreadsheet would
read as a formula (starting with = + - @, tab or carriage return) prefixed
with ``'`` (CSV injection). XLSX: the header row bold and frozen, dates as
dates, and every text stored as text, never as a formula.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from flask import current_app
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"


def neutralised(text: str) -> str:
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def local(moment: datetime) -> datetime:
    """A stored UTC time as the office's wall-clock time, without zone (spreadsheets know none)."""
    zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    return moment.astimezone(zone).replace(tzinfo=None) if moment.tzinfo else moment


def plain(value: Any) -> Any:
    """Numbers, dates and texts; ``None`` stays empty, lazy labels become text."""
    if value is None or isinstance(value, bool | int | float | date):
        return value
    return str(value)


def csv_cell(value: Any) -> str:
    value = plain(value)
    if value is None:
        return ""
    if isinstance(value, datetime):
        return local(value).isoformat(sep=" ", timespec="minutes")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        return neutralised(value)
    return str(value)


def to_csv(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([csv_cell(header) for header in headers])
    writer.writerows([csv_cell(value) for value in row] for row in rows)
    return out.getvalue().encode("utf-8-sig")


def to_xlsx(title: str, headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """Written row by row (openpyxl's write-only mode), so 50 000 rows stay small in memory."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    sheet.freeze_panes = "A2"
    for number, header in enumerate(headers, start=1):
        sheet.column_dimensions[get_column_letter(number)].width = max(12, min(40, len(str(header)) + 2))
    bold = Font(bold=True)
    sheet.append([_cell(sheet, str(header), font=bold) for header in headers])
    for row in rows:
        sheet.append([_cell(sheet, plain(value)) for value in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _cell(sheet, value: Any, font: Font | None = None) -> WriteOnlyCell:
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)  # control characters a workbook cannot hold
    if isinstance(value, datetime):
        value = local(value)
    cell = WriteOnlyCell(sheet, value=value)
    if font is not None:
        cell.font = font
    if isinstance(value, datetime):
        cell.number_format = DATETIME_FORMAT
    elif isinstance(value, date):
        cell.number_format = DATE_FORMAT
    elif isinstance(value, str):
        cell.data_type = "s"  # openpyxl would store "=…" as a formula
    return cell
