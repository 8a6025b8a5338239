"""Each list × role: who may export it, and exactly which columns they get."""

from __future__ import annotations

import pytest

from app.accounts.models import Role
from tests.exports.conftest import as_dicts, read_csv

OFFER_COLUMNS = [
    "Nummer",
    "Art",
    "Status",
    "Eingang",
    "Eingangsweg",
    "Stadtteil",
    "Stadtbezirk",
    "Sprachen",
    "Verfügbar ab",
    "Verfügbar bis",
    "Vorname",
    "Nachname",
    "E-Mail-Adresse",
    "Telefon",
    "Straße und Hausnummer",
    "Postleitzahl",
]
NEED_COLUMNS = [
    "Titel",
    "Organisation",
    "Art",
    "Dringlichkeit",
    "Status",
    "Anzahl",
    "Erforderliche Sprachen",
    "Stadtteil",
    "Stadtbezirk",
    "Beginn",
    "Ende",
    "Öffentlich",
    "Eingetragen",
]
NEED_CONTACT = ["Straße und Hausnummer", "Postleitzahl"]
MATCH_COLUMNS = [
    "Nummer",
    "Bedarf",
    "Organisation",
    "Angebot",
    "Art",
    "Stand",
    "Herkunft",
    "Anzahl",
    "Punkte",
    "Entschieden am",
    "Geändert",
    "Name",
    "E-Mail-Adresse",
    "Telefon",
]
ORGANISATION_COLUMNS = ["Name", "Art", "Stadtteil", "Stadtbezirk", "Offene Bedarfe", "Status"]
ORGANISATION_CONTACT = ["Ansprechperson", "E-Mail-Adresse", "Telefon", "Straße und Hausnummer", "Postleitzahl"]

#: (list, role) → the header row, or the status code of a refusal.
EXPECTED = {
    ("angebote", Role.COORDINATOR): OFFER_COLUMNS,
    ("angebote", Role.HOTLINE): OFFER_COLUMNS,
    ("angebote", Role.ADMIN): 403,
    ("angebote", Role.ORG_MEMBER): 403,
    ("bedarfe", Role.COORDINATOR): NEED_COLUMNS + NEED_CONTACT,
    ("bedarfe", Role.ORG_MEMBER): NEED_COLUMNS,
    ("bedarfe", Role.ADMIN): 403,
    ("bedarfe", Role.HOTLINE): 403,
    ("vermittlungen", Role.COORDINATOR): MATCH_COLUMNS,
    ("vermittlungen", Role.HOTLINE): 403,
    ("vermittlungen", Role.ADMIN): 403,
    ("vermittlungen", Role.ORG_MEMBER): 403,
    ("organisationen", Role.COORDINATOR): ORGANISATION_COLUMNS + ORGANISATION_CONTACT,
    # Admins keep organisations' contact data on their pages, so they may export it.
    ("organisationen", Role.ADMIN): ORGANISATION_COLUMNS + ORGANISATION_CONTACT,
    ("organisationen", Role.HOTLINE): 403,
    ("organisationen", Role.ORG_MEMBER): 403,
}


@pytest.mark.parametrize(("list_name", "role"), list(EXPECTED), ids=lambda v: getattr(v, "value", v))
def test_each_role_gets_exactly_the_allowed_columns(client_as, list_name, role):
    expected = EXPECTED[list_name, role]
    response = client_as(role).get(f"/intern/export/{list_name}.csv")
    if isinstance(expected, int):
        assert response.status_code == expected
        return
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/csv")
    assert response.headers["Content-Disposition"].startswith(f'attachment; filename="{list_name}-')
    assert response.headers["Cache-Control"] == "no-store"
    header = read_csv(response.data)[0]
    assert header == expected


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_anonymous_visitors_are_sent_to_the_login(client, export_world, file_format):
    response = client.get(f"/intern/export/bedarfe.{file_format}")
    assert response.status_code == 302
    assert "/anmelden" in response.headers["Location"]


def test_unknown_lists_and_formats_do_not_exist(client_as):
    client = client_as(Role.COORDINATOR)
    assert client.get("/intern/export/personen.csv").status_code == 404
    assert client.get("/intern/export/bedarfe.pdf").status_code == 404


def test_org_members_get_no_contact_data_they_may_not_see(client_as, export_world):
    """The mail addresses, phones and streets of the world appear in no file these roles may fetch."""
    contact = ["anna@example.org", "1234567", "Musterweg", "Listholze 1", "kontakt@listholze.example"]
    member_file = client_as(Role.ORG_MEMBER).get("/intern/export/bedarfe.csv").data.decode("utf-8-sig")
    for text in contact:
        assert text not in member_file
    # The hotline screens offers and so sees the volunteers' contact data there (as on the offer page).
    hotline = as_dicts(read_csv(client_as(Role.HOTLINE).get("/intern/export/angebote.csv").data))
    assert {row["E-Mail-Adresse"] for row in hotline} >= {"anna@example.org"}


def test_an_org_member_exports_only_their_own_needs(client_as, export_world):
    client = client_as(Role.ORG_MEMBER)
    rows = as_dicts(read_csv(client.get("/intern/export/bedarfe.csv").data))
    assert sorted(row["Titel"] for row in rows) == ["'-Deutschkurs für Mütter", "Dolmetschen beim Arzt"]
    assert {row["Organisation"] for row in rows} == {"Unterkunft Am Listholze"}
    # Asking for the other organisation's needs by its id changes nothing: the filter is not theirs.
    other = client.get("/intern/export/bedarfe.csv", query_string={"organisation": export_world.other.public_id})
    assert sorted(row["Titel"] for row in as_dicts(read_csv(other.data))) == sorted(row["Titel"] for row in rows)
    closed = client.get("/intern/export/bedarfe.csv", query_string={"status": "closed"})
    assert as_dicts(read_csv(closed.data)) == []
