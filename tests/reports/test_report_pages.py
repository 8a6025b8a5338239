"""The dashboard, the report page and its downloads, as a coordinator uses them."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from app.accounts.models import Role
from app.core.audit import AuditEvent
from app.extensions import db
from app.matching.models import Match, MatchOrigin, MatchStatus
from app.needs.models import Need, NeedStatus, Urgency
from app.offers.models import Offer, OfferKind, OfferStatus
from app.organisations.models import Organisation, OrganisationKind
from app.people.models import Channel, Person
from app.reports import services
from tests.factories import log_in, make_user

BERLIN = ZoneInfo("Europe/Berlin")
CITY = Path(__file__).resolve().parents[2] / "app" / "cities" / "hannover"


def days_ago(days: int) -> datetime:
    day = services.local_today() - timedelta(days=days)
    return datetime.combine(day, time(12), tzinfo=BERLIN).astimezone(UTC)


@pytest.fixture
def coordinator(app, client):
    user = make_user(Role.COORDINATOR)
    db.session.commit()
    log_in(client, user)
    return user


@pytest.fixture
def today_set(app):
    """Open needs, offers and proposals dated relative to today."""
    owner = Person(
        first_name="Lina",
        last_name="Beispiel",
        consent_version="2026-01",
        consent_at=days_ago(200),
        consent_channel=Channel.PHONE,
        confirmed_at=days_ago(200),
    )
    organisation = Organisation(name="Unterkunft Am Listholze", kind=OrganisationKind.SHARED_HOUSING)
    db.session.add_all([owner, organisation])

    def need(urgency: Urgency, status: NeedStatus, age: int) -> Need:
        row = Need(
            organisation=organisation,
            kind=OfferKind.MENTORING,
            title=f"Bedarf {age}",
            urgency=urgency,
            status=status,
            created_at=days_ago(age),
            quantity=3,
        )
        db.session.add(row)
        return row

    def offer(status: OfferStatus, age: int) -> Offer:
        row = Offer(person=owner, kind=OfferKind.MENTORING, source=Channel.WEB, status=status, created_at=days_ago(age))
        db.session.add(row)
        return row

    d1 = need(Urgency.HIGH, NeedStatus.OPEN, 0)  # under 7 days
    d2 = need(Urgency.HIGH, NeedStatus.PARTLY_FILLED, 6)  # under 7 days
    d3 = need(Urgency.NORMAL, NeedStatus.OPEN, 7)  # 7 to 30
    need(Urgency.LOW, NeedStatus.OPEN, 30)  # 7 to 30
    d5 = need(Urgency.NORMAL, NeedStatus.OPEN, 31)  # over 30
    need(Urgency.HIGH, NeedStatus.FILLED, 14)  # not open
    need(Urgency.NORMAL, NeedStatus.CLOSED, 3)  # not open

    offer(OfferStatus.NEW, 5)  # to screen, not waiting long
    offer(OfferStatus.NEW, 15)  # to screen and waiting
    offer(OfferStatus.VERIFIED, 14)  # not yet waiting too long
    e4 = offer(OfferStatus.VERIFIED, 75)  # waiting
    e5 = offer(OfferStatus.VERIFIED, 75)  # matched
    e6 = offer(OfferStatus.VERIFIED, 75)  # only proposed: waiting
    e7 = offer(OfferStatus.ON_HOLD, 75)  # not available
    for for_need, for_offer, status, origin in (
        (d1, e6, MatchStatus.PROPOSED, MatchOrigin.PLEDGE),
        (d3, e4, MatchStatus.PROPOSED, MatchOrigin.ALERT),
        (d5, e7, MatchStatus.PROPOSED, MatchOrigin.STAFF),
        (d2, e5, MatchStatus.APPROVED, MatchOrigin.STAFF),
    ):
        db.session.add(Match(need=for_need, offer=for_offer, status=status, origin=origin))
    db.session.commit()


def test_dashboard_figures(today_set):
    figures = services.dashboard(services.local_today())
    assert figures.open_needs_by_urgency == {"high": 2, "normal": 2, "low": 1}
    assert figures.open_needs_by_age == {"lt7": 2, "7to30": 2, "gt30": 1}
    assert figures.offers_to_screen == 2
    assert figures.offers_waiting == {"new": 1, "verified": 2}
    assert figures.matches_proposed == 3
    assert figures.proposed_by_origin == {"staff": 1, "pledge": 1, "alert": 1}


def _links(html: str) -> dict[str, str]:
    """The dashboard's figures: link → its number."""
    return {
        href.replace("&amp;", "&"): number
        for href, number in re.findall(r'<a href="([^"]+)"><strong>(\d+)</strong>', html)
    }


def test_each_dashboard_figure_leads_to_a_list_of_that_many(client, coordinator, today_set):
    page = client.get("/intern/berichte/lage")
    assert page.status_code == 200
    links = _links(page.get_data(as_text=True))
    assert len(links) == 13
    for href, number in links.items():
        listed = client.get(href).get_data(as_text=True)
        if number == "0":
            continue
        heading = re.search(r"(\d+) (Bedarfe?|Angebote?|Vermittlung(?:en)?)\b", listed)
        assert heading is not None, href
        assert heading.group(1) == number, href


def test_reports_are_for_coordinators_only(app, client):
    user = make_user(Role.HOTLINE)
    db.session.commit()
    log_in(client, user)
    for url in ("/intern/berichte/lage", "/intern/berichte", "/intern/berichte/herunterladen?format=csv"):
        assert client.get(url).status_code == 403


def test_report_page_defaults_to_the_last_full_quarter(client, coordinator):
    quarter = services.last_full_quarter(services.local_today())
    html = client.get("/intern/berichte").get_data(as_text=True)
    assert f'value="{quarter.start.isoformat()}"' in html
    assert f'value="{quarter.end.isoformat()}"' in html
    assert f"{quarter.quarter_number}. Quartal {quarter.start.year}" in html


def test_a_malformed_period_says_so(client, coordinator):
    response = client.get("/intern/berichte?von=2026-03-01&bis=2026-02-01")
    assert response.status_code == 422
    assert "der erste vor dem letzten" in response.get_data(as_text=True)
    assert client.get("/intern/berichte/herunterladen?format=csv&von=kaputt").status_code == 400
    assert client.get("/intern/berichte/herunterladen?format=pdf").status_code == 400


def _open_need_in(borough: str, count: int) -> None:
    organisation = Organisation(name=f"Treff {borough}", kind=OrganisationKind.SHARED_HOUSING, borough=borough)
    db.session.add(organisation)
    for number in range(count):
        db.session.add(
            Need(organisation=organisation, kind=OfferKind.OTHER, title=f"Bedarf {number}", created_at=days_ago(200))
        )
    db.session.commit()


def test_the_map_has_a_named_shape_per_stadtbezirk(client, coordinator):
    _open_need_in("Ricklingen", 3)
    html = client.get("/intern/berichte").get_data(as_text=True)
    svg = re.search(r'<svg class="chart borough-map".*?</svg>', html, re.S).group(0)
    names = re.findall(r'<path class="borough-map__area[^"]*" role="img" aria-label="([^"]+)"', svg)
    assert len(names) == 13
    assert "Ricklingen: 3 offene Bedarfe" in names
    assert "Mitte: 0 offene Bedarfe" in names
    assert 'borough-map__area--4" role="img" aria-label="Ricklingen' in svg
    assert '<title id="map-open-needs-title">' in svg


def test_bar_charts_are_named_and_have_their_table(client, coordinator):
    html = client.get("/intern/berichte").get_data(as_text=True)
    charts = re.findall(r'<svg class="chart" id="([^"]+)" role="img" aria-labelledby="\1-title \1-desc"', html)
    assert set(charts) == {
        "chart-offers-by-kind",
        "chart-offers-by-source",
        "chart-offers-by-borough",
        "chart-needs-by-kind",
    }  # needs by organisation is drawn only when there are any
    # Every section has its table but the three without any rows in an empty database.
    assert html.count('<table class="kern-table">') == 7
    assert html.count("Keine Angaben in diesem Zeitraum.") == 3


def test_the_boundary_file_has_the_13_stadtbezirke():
    with (CITY / "stadtbezirke.csv").open(encoding="utf-8") as f:
        expected = [row["stadtbezirk"] for row in csv.DictReader(f)]
    data = json.loads((CITY / "stadtbezirke.geojson").read_text(encoding="utf-8"))
    assert len(expected) == 13
    assert [feature["properties"]["name"] for feature in data["features"]] == expected
    for feature in data["features"]:
        assert feature["geometry"]["type"] == "MultiPolygon"
        for polygon in feature["geometry"]["coordinates"]:
            for ring in polygon:
                assert ring[0] == ring[-1] and len(ring) >= 4
                assert all(9.5 < lon < 10.0 and 52.2 < lat < 52.5 for lon, lat in ring)


def _period_args():
    return "von=2026-01-01&bis=2026-03-31"


def _figures_set() -> None:
    owner = Person(
        first_name="Lina",
        last_name="Beispiel",
        consent_version="2026-01",
        consent_at=days_ago(400),
        consent_channel=Channel.PHONE,
        borough="Mitte",
    )
    db.session.add(owner)
    moment = datetime(2026, 2, 10, 11, tzinfo=UTC)
    for kind, source in (
        (OfferKind.HOUSING, Channel.WEB),
        (OfferKind.MENTORING, Channel.PHONE),
        (OfferKind.MENTORING, Channel.WEB),
    ):
        db.session.add(
            Offer(person=owner, kind=kind, source=source, status=OfferStatus.CLOSED, created_at=moment, borough="Nord")
        )
    db.session.add(
        Organisation(
            name="=Treff",
            kind=OrganisationKind.SHARED_HOUSING,
            borough="Mitte",
            needs=[Need(kind=OfferKind.OTHER, title="Tische", created_at=moment)],
        )
    )
    db.session.commit()


def test_csv_download_parses_back_to_the_figures(client, coordinator):
    _figures_set()
    response = client.get(f"/intern/berichte/herunterladen?format=csv&{_period_args()}")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == 'attachment; filename="bericht_2026-01-01_2026-03-31.csv"'
    text = response.get_data().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0] == ["Zeitraum", "2026-01-01", "2026-03-31"]
    sections = _csv_sections(rows[2:])
    assert sections["Eingegangene Angebote nach Art"][0] == ["Art", "Anzahl"]
    by_kind = dict(sections["Eingegangene Angebote nach Art"][1:])
    assert (by_kind["Wohnraum"], by_kind["Patenschaft"], by_kind["Dolmetschen"]) == ("1", "2", "0")
    assert len(by_kind) == 8
    assert dict(sections["Eingegangene Angebote nach Eingangsweg"][1:]) == {
        "Internet": "2",
        "Telefon": "1",
        "E-Mail oder Brief": "0",
        "Import": "0",
    }
    by_borough = dict(sections["Eingegangene Angebote nach Stadtbezirk"][1:])
    assert by_borough["Nord"] == "1"  # the housing offer's own place
    assert by_borough["Mitte"] == "2"  # the person's home for the others
    # An organisation name that a spreadsheet would run as a formula is defused.
    assert sections["Eingetragene Bedarfe nach Organisation"][1:] == [["'=Treff", "1"]]
    assert sections["Vermittlungen"][1][1] == "0"
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "report_exported"))
    assert event.object_type == "users" and event.object_id == coordinator.id
    assert event.changes == {"period": "2026-01-01/2026-03-31", "format": "csv"}


def _csv_sections(rows: list[list[str]]) -> dict[str, list[list[str]]]:
    sections, title, body = {}, None, []
    for row in rows:
        if not row:
            sections[title] = body
            title, body = None, []
        elif title is None:
            title = row[0]
        else:
            body.append(row)
    return sections


def test_xlsx_download_has_a_sheet_per_section_with_the_figures(client, coordinator):
    _figures_set()
    response = client.get(f"/intern/berichte/herunterladen?format=xlsx&{_period_args()}")
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.get_data()))
    assert workbook.sheetnames == [
        "Zeitraum",
        "Angebote nach Art",
        "Angebote nach Eingangsweg",
        "Angebote nach Stadtbezirk",
        "Bedarfe nach Art",
        "Bedarfe nach Organisation",
        "Vermittlungen",
        "Lücken nach Art",
        "Lücken nach Sprache",
        "Offene Bedarfe nach Bezirk",
        "Rückmeldungen",
    ]
    by_source = {row[0]: row[1] for row in workbook["Angebote nach Eingangsweg"].iter_rows(min_row=3, values_only=True)}
    assert by_source == {"Internet": 2, "Telefon": 1, "E-Mail oder Brief": 0, "Import": 0}
    # Stored as text, so a spreadsheet shows it and never runs it as a formula.
    name, count = next(workbook["Bedarfe nach Organisation"].iter_rows(min_row=3))
    assert (name.value, name.data_type, count.value) == ("=Treff", "s", 1)
    feedback = list(workbook["Rückmeldungen"].iter_rows(min_row=2, values_only=True))
    assert feedback[0] == ("Wer antwortet", "ja", "noch nicht", "nein")
    assert feedback[1:] == [("Freiwillige", 0, 0, 0), ("Organisationen", 0, 0, 0)]
    assert (
        db.session.scalar(
            sa.select(sa.func.count()).select_from(AuditEvent).where(AuditEvent.action == "report_exported")
        )
        == 1
    )


def test_the_start_page_and_the_navigation_lead_coordinators_to_the_reports(app, client):
    coordinator, hotline = make_user(Role.COORDINATOR), make_user(Role.HOTLINE)
    db.session.commit()
    log_in(client, coordinator)
    home = client.get("/intern").get_data(as_text=True)
    assert 'href="/intern/berichte/lage"' in home
    assert '<a href="/intern/berichte"' in home  # the navigation's "Berichte"
    other = app.test_client()
    log_in(other, hotline)
    home = other.get("/intern").get_data(as_text=True)
    assert "/intern/berichte" not in home
