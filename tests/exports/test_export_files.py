"""The files themselves: CSV for German Excel, XLSX, the list's filters, the screening search, audit, row limit."""

from __future__ import annotations

import io
import re
from datetime import date, datetime

import sqlalchemy as sa
from openpyxl import load_workbook

from app.accounts.models import Role
from app.core.audit import AuditEvent
from app.exports import tables
from app.extensions import db
from tests.conftest import csrf_token_from
from tests.exports.conftest import as_dicts, read_csv


def exported(client, list_name: str, file_format: str = "csv", **args):
    response = client.get(f"/intern/export/{list_name}.{file_format}", query_string=args)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return response


def download_link(html: str, file_format: str) -> str:
    pattern = rf'href="(/intern/export/[a-z]+\.{file_format}[^"]*)"'
    return re.search(pattern, html).group(1).replace("&amp;", "&")


def test_csv_is_semicolon_separated_utf8_with_iso_dates_and_no_formulas(client_as, export_world):
    rows = as_dicts(read_csv(exported(client_as(Role.COORDINATOR), "vermittlungen").data))
    by_need = {row["Bedarf"]: row for row in rows}
    assert set(by_need) == {"Dolmetschen beim Arzt", "'-Deutschkurs für Mütter"}
    approved = by_need["Dolmetschen beim Arzt"]
    assert approved["Name"] == "Anna Müller" and approved["Stand"] == "vermittelt"
    # The phone starts with "+": a spreadsheet would read it as a formula, so it is neutralised too.
    assert approved["Telefon"] == "'+49 511 1234567"
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", approved["Geändert"])
    assert by_need["'-Deutschkurs für Mütter"]["Name"] == 'Mallory =HYPERLINK("http://evil.example")'
    offers = as_dicts(read_csv(exported(client_as(Role.COORDINATOR), "angebote", status="all").data))
    mallory = next(row for row in offers if row["Vorname"] == "Mallory")
    assert mallory["Nachname"] == '\'=HYPERLINK("http://evil.example")'


def test_xlsx_has_a_bold_frozen_header_real_dates_and_no_formulas(client_as, export_world):
    export_world.needs["doctor"].starts_on = date(2026, 12, 1)
    db.session.commit()
    response = exported(client_as(Role.COORDINATOR), "bedarfe", "xlsx")
    assert response.headers["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = load_workbook(io.BytesIO(response.data)).active
    header = [cell.value for cell in sheet[1]]
    assert header[:3] == ["Titel", "Organisation", "Art"]
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    rows = {row[0].value: dict(zip(header, row, strict=True)) for row in sheet.iter_rows(min_row=2)}
    assert set(rows) == {"Dolmetschen beim Arzt", "-Deutschkurs für Mütter", "Betten"}
    course = rows["-Deutschkurs für Mütter"]["Titel"]
    assert course.data_type == "s"  # text, never a formula
    starts = rows["Dolmetschen beim Arzt"]["Beginn"]
    assert isinstance(starts.value, datetime) and starts.value.date() == date(2026, 12, 1)
    assert starts.number_format == "yyyy-mm-dd"
    assert isinstance(rows["Betten"]["Eingetragen"].value, datetime)
    assert rows["Dolmetschen beim Arzt"]["Anzahl"].value == 1


def test_formulas_in_xlsx_stay_text(client_as, export_world):
    response = exported(client_as(Role.COORDINATOR), "angebote", "xlsx", status="all")
    sheet = load_workbook(io.BytesIO(response.data)).active
    names = [row for row in sheet.iter_rows(min_row=2) if row[10].value == "Mallory"]
    assert names and all(row[11].data_type == "s" for row in names)
    assert names[0][11].value == '=HYPERLINK("http://evil.example")'


def test_the_needs_export_holds_the_rows_of_the_filtered_list_page(client_as, export_world):
    client = client_as(Role.COORDINATOR)
    page = client.get("/intern/bedarfe", query_string={"organisation": export_world.own.public_id, "urgency": "high"})
    html = page.get_data(as_text=True)
    link = download_link(html, "csv")
    assert f"organisation={export_world.own.public_id}" in link and "urgency=high" in link
    rows = as_dicts(read_csv(client.get(link).data))
    assert [row["Titel"] for row in rows] == ["Dolmetschen beim Arzt"]
    assert "1 Bedarf" in html and "Dolmetschen beim Arzt" in html and "Betten" not in html
    assert download_link(html, "xlsx") == link.replace(".csv", ".xlsx")


def test_the_matches_and_organisations_exports_follow_their_filters(client_as, export_world):
    client = client_as(Role.COORDINATOR)
    html = client.get("/intern/vermittlungen", query_string={"status": "proposed"}).get_data(as_text=True)
    rows = as_dicts(read_csv(client.get(download_link(html, "csv")).data))
    assert [row["Stand"] for row in rows] == ["vorgeschlagen"]
    assert as_dicts(read_csv(exported(client, "vermittlungen", origin="pledge").data)) == []
    unmatched = as_dicts(read_csv(exported(client, "angebote", status="all", matched="none").data))
    assert export_world.offers["anna_interpreting"].reference not in {row["Nummer"] for row in unmatched}
    assert export_world.offers["anna"].reference in {row["Nummer"] for row in unmatched}
    export_world.other.is_active = False
    db.session.commit()
    active = as_dicts(read_csv(exported(client, "organisationen").data))
    assert [row["Name"] for row in active] == ["Unterkunft Am Listholze"]
    assert active[0]["Offene Bedarfe"] == "2"
    everyone = as_dicts(read_csv(exported(client, "organisationen", active="all").data))
    assert sorted(row["Name"] for row in everyone) == ["Notunterkunft Messe", "Unterkunft Am Listholze"]


def test_the_screening_search_is_exported_by_its_session_key_never_its_text(client_as, export_world):
    client = client_as(Role.HOTLINE)
    token = csrf_token_from(client.get("/intern/angebote").get_data(as_text=True))
    response = client.post("/intern/angebote", data={"csrf_token": token, "q": "mueller", "status": "all"})
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    link = download_link(html, "csv")
    assert "mueller" not in link.lower() and "search=" in link and "status=all" in link
    rows = as_dicts(read_csv(client.get(link).data))
    assert sorted(row["Nummer"] for row in rows) == sorted(
        [export_world.offers["anna"].reference, export_world.offers["anna_interpreting"].reference]
    )
    # Another session does not know the key: the export says so instead of leaving the search out.
    other = client_as(Role.COORDINATOR).get(link)
    assert other.status_code == 422
    assert "nicht mehr gespeichert" in other.get_data(as_text=True)


def test_invalid_filters_are_refused_with_the_way_back(client_as, export_world):
    response = client_as(Role.COORDINATOR).get(
        "/intern/export/angebote.csv", query_string={"received_from": "2026-12-01", "received_until": "2026-11-01"}
    )
    assert response.status_code == 422
    assert 'href="/intern/angebote?received_from=2026-12-01&amp;received_until=2026-11-01"' in response.get_data(
        as_text=True
    )


def test_every_export_is_audited_with_its_filters_but_not_the_search_text(client_as, export_world):
    hotline = client_as(Role.HOTLINE)
    token = csrf_token_from(hotline.get("/intern/angebote").get_data(as_text=True))
    location = hotline.post("/intern/angebote", data={"csrf_token": token, "q": "Mallory", "kind": "language_support"})
    link = download_link(hotline.get(location.headers["Location"]).get_data(as_text=True), "xlsx")
    assert hotline.get(link).status_code == 200
    exported(client_as(Role.ORG_MEMBER), "bedarfe", urgency="high")

    events = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "exported").order_by(AuditEvent.id))
    first, second = events.all()
    assert (first.object_type, first.object_id, first.actor_id) == ("users", *[export_world.users[Role.HOTLINE].id] * 2)
    assert first.changes == {
        "list": "angebote",
        "format": "xlsx",
        "rows": 1,
        "columns": 16,
        "filters": {"kind": "language_support", "search": True},
    }
    assert "Mallory" not in str(first.changes)
    assert second.actor_id == export_world.users[Role.ORG_MEMBER].id
    assert second.changes == {
        "list": "bedarfe",
        "format": "csv",
        "rows": 1,
        "columns": 13,
        "filters": {"urgency": "high"},
    }


def test_a_list_longer_than_the_limit_is_refused_with_a_message(client_as, export_world, monkeypatch):
    monkeypatch.setattr(tables, "MAX_ROWS", 2)
    client = client_as(Role.COORDINATOR)
    response = client.get("/intern/export/bedarfe.xlsx")
    assert response.status_code == 422
    assert "mehr als 2 Zeilen" in response.get_data(as_text=True)
    assert client.get("/intern/export/bedarfe.csv", query_string={"status": "open"}).status_code == 200
    assert db.session.scalar(sa.select(sa.func.count()).where(AuditEvent.action == "exported")) == 1
