"""The report as sections of rows: the page's tables, the CSV and the XLSX read the same sections."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from app.core.i18n import language_name
from app.exports.writers import csv_cell
from app.feedback.forms import ANSWER_SHORT_LABELS
from app.feedback.models import FeedbackAnswer, FeedbackSide
from app.offers.models import OfferKind
from app.offers.vocabulary import CHANNEL_LABELS, KIND_LABELS
from app.people.models import Channel
from app.reports.services import Gap, Report

SIDE_LABELS = {FeedbackSide.VOLUNTEER: _l("Freiwillige"), FeedbackSide.ORGANISATION: _l("Organisationen")}


@dataclass
class Section:
    key: str
    #: The XLSX sheet's name (at most 31 characters).
    sheet: str
    title: str
    headings: list[str]
    rows: list[list[Any]]
    #: Shown as a bar chart of column 1 over the labels of column 0.
    chart: bool = False
    #: What the chart shows, for its <desc>.
    description: str = ""
    notes: list[str] = field(default_factory=list)

    def chart_rows(self) -> list[tuple[str, int]]:
        return [(str(row[0]), row[1]) for row in self.rows]


def kind_label(key: str) -> str:
    return str(KIND_LABELS[OfferKind(key)])


def borough_label(key: str | None) -> str:
    return key if key is not None else _("außerhalb oder unbekannt")


def _gap_rows(gaps: list[Gap], label) -> list[list[Any]]:
    return [[label(gap.key), gap.offers, gap.needs, gap.difference] for gap in gaps]


def days(value: float | None) -> float | str:
    return value if value is not None else "–"


def sections(report: Report) -> list[Section]:
    count = _("Anzahl")
    gap_headings = [_("Angebote ohne Vermittlung"), _("Offene Bedarfe"), _("Differenz")]
    return [
        Section(
            "offers_by_kind",
            _("Angebote nach Art"),
            _("Eingegangene Angebote nach Art"),
            [_("Art"), count],
            [[kind_label(key), n] for key, n in report.offers_by_kind.items()],
            chart=True,
            description=_("Balkendiagramm: eingegangene Angebote je Art im Zeitraum."),
        ),
        Section(
            "offers_by_source",
            _("Angebote nach Eingangsweg"),
            _("Eingegangene Angebote nach Eingangsweg"),
            [_("Eingangsweg"), count],
            [[str(CHANNEL_LABELS[Channel(key)]), n] for key, n in report.offers_by_source.items()],
            chart=True,
            description=_("Balkendiagramm: eingegangene Angebote je Eingangsweg im Zeitraum."),
        ),
        Section(
            "offers_by_borough",
            _("Angebote nach Stadtbezirk"),
            _("Eingegangene Angebote nach Stadtbezirk"),
            [_("Stadtbezirk"), count],
            [[borough_label(key), n] for key, n in report.offers_by_borough.items()],
            chart=True,
            description=_(
                "Balkendiagramm: eingegangene Angebote je Stadtbezirk (Ort des Angebots, sonst Wohnort der Person)."
            ),
        ),
        Section(
            "needs_by_kind",
            _("Bedarfe nach Art"),
            _("Eingetragene Bedarfe nach Art"),
            [_("Art"), count],
            [[kind_label(key), n] for key, n in report.needs_by_kind.items()],
            chart=True,
            description=_("Balkendiagramm: eingetragene Bedarfe je Art im Zeitraum."),
        ),
        Section(
            "needs_by_organisation",
            _("Bedarfe nach Organisation"),
            _("Eingetragene Bedarfe nach Organisation"),
            [_("Organisation"), count],
            [[name, n] for name, n in report.needs_by_organisation.items()],
            chart=bool(report.needs_by_organisation),
            description=_("Balkendiagramm: eingetragene Bedarfe je Organisation im Zeitraum."),
        ),
        Section(
            "matches",
            _("Vermittlungen"),
            _("Vermittlungen"),
            [_("Kennzahl"), _("Wert")],
            [
                [_("Zugesagte Vermittlungen im Zeitraum"), report.matches_approved],
                [
                    _("Median der Tage vom Eingang eines Angebots bis zur ersten Zusage"),
                    days(report.median_days_to_first_approval),
                ],
                [
                    _("Median der Tage vom Eintragen eines Bedarfs bis er ganz besetzt war"),
                    days(report.median_days_to_filled),
                ],
            ],
        ),
        Section(
            "gaps_by_kind",
            _("Lücken nach Art"),
            _("Angebote ohne Vermittlung und offene Bedarfe nach Art"),
            [_("Art"), *gap_headings],
            _gap_rows(report.kind_gaps, kind_label),
            notes=[_gap_note()],
        ),
        Section(
            "gaps_by_language",
            _("Lücken nach Sprache"),
            _("Angebote ohne Vermittlung und offene Bedarfe nach Sprache"),
            [_("Sprache"), *gap_headings],
            _gap_rows(report.language_gaps, language_name),
            notes=[
                _gap_note(),
                _(
                    "Angebote zählen bei jeder Sprache der Person und beim Dolmetschen auch bei den angebotenen "
                    "Sprachen; Bedarfe bei jeder erforderlichen Sprache."
                ),
            ],
        ),
        Section(
            "open_needs_by_borough",
            _("Offene Bedarfe nach Bezirk"),
            _("Offene Bedarfe nach Stadtbezirk"),
            [_("Stadtbezirk"), count],
            [[borough_label(key), n] for key, n in report.open_needs_by_borough.items()],
            notes=[
                _("Ort des Bedarfs, sonst der Organisation; eingetragen bis zum Ende des Zeitraums und heute offen.")
            ],
        ),
        Section(
            "feedback",
            _("Rückmeldungen"),
            _("Rückmeldungen „Hat es geklappt?“"),
            [_("Wer antwortet"), *(str(ANSWER_SHORT_LABELS[answer]) for answer in FeedbackAnswer)],
            [
                [str(SIDE_LABELS[FeedbackSide(side)]), *(answers[a.value] for a in FeedbackAnswer)]
                for side, answers in report.feedback.items()
            ],
            notes=[_("Antworten, die im Zeitraum eingegangen sind.")],
        ),
    ]


def _gap_note() -> str:
    return _(
        "Stand am Ende des Zeitraums: Angebote, die bis dahin eingegangen, heute noch verfügbar und bis dahin nicht "
        "zugesagt vermittelt waren; Bedarfe, die bis dahin eingetragen wurden und heute offen oder teilweise "
        "besetzt sind. Eine negative Differenz heißt: Hilfe fehlt."
    )


# Downloads ------------------------------------------------------------------------------------------------


def to_csv(report: Report) -> bytes:
    """Every section after the other: its title, its headings, its rows, an empty line.

    UTF-8 with byte order mark and ``;`` between cells, as German Excel reads it.
    """
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([csv_cell(_("Zeitraum")), report.period.start.isoformat(), report.period.end.isoformat()])
    writer.writerow([])
    for section in sections(report):
        writer.writerow([csv_cell(section.title)])
        writer.writerow([csv_cell(heading) for heading in section.headings])
        writer.writerows([[csv_cell(v) for v in row] for row in section.rows])
        writer.writerow([])
    return out.getvalue().encode("utf-8-sig")


def to_xlsx(report: Report) -> bytes:
    """One sheet per section (its title, its headings, its rows), a first sheet naming the period."""
    workbook = Workbook()
    cover = workbook.active
    cover.title = _("Zeitraum")[:31]
    cover.append([_("Zeitraum"), report.period.start, report.period.end])
    for cell in cover[1][1:]:
        cell.number_format = "yyyy-mm-dd"
    used = {cover.title}
    for section in sections(report):
        sheet = workbook.create_sheet(_sheet_name(section.sheet, used))
        sheet.append([_cell(section.title)])
        sheet.append([_cell(heading) for heading in section.headings])
        for cell in [*sheet[1], *sheet[2]]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A3"
        for row in section.rows:
            sheet.append([_cell(value) for value in row])
            for cell in sheet[sheet.max_row]:
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # never a formula
        sheet.column_dimensions["A"].width = 50
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _cell(value: Any) -> Any:
    if value is None or isinstance(value, int | float):
        return value
    return ILLEGAL_CHARACTERS_RE.sub("", str(value))


def _sheet_name(title: str, used: set[str]) -> str:
    """At most 31 characters, none of : \\ / ? * [ ], unique in the workbook."""
    cleaned = "".join(" " if char in ":\\/?*[]" else char for char in title)[:31].strip()
    name, number = cleaned, 2
    while name in used:
        suffix = f" {number}"
        name, number = cleaned[: 31 - len(suffix)] + suffix, number + 1
    used.add(name)
    return name
