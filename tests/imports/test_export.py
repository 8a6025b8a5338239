import csv
import io
import json
import os
import random
import stat

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.imports import export
from app.imports.csv_import import escape_formula, place_values, unescape_formula
from app.imports.export import availability_text, location_text
from app.imports.needs import COLUMNS as NEED_COLUMNS
from app.imports.offers import COLUMNS as OFFER_COLUMNS
from app.imports.offers import read_availability
from app.needs.models import Need, NeedStatus
from app.normalisation.places import resolve_place
from app.offers.models import Offer, OfferKind, OfferStatus
from app.people.availability import bit
from tests.conftest import _empty_tables
from tests.factories import make_need, make_offer, make_organisation, make_person

PERSON_FIELDS = ("first_name", "last_name", "email", "phone", "other_languages", "skills", "availability")
PLACE_FIELDS = ("postcode", "town", "district", "borough", "lat", "lon")
NEED_FIELDS = ("kind", "title", "description", "required_languages", "skills", "quantity", "urgency")


def cells(columns, **values) -> list[str]:
    return [values.get(name, "") for name in columns]


def offer_cells(ref, **values) -> list[str]:
    values = {"kind": "interpreting", "first_name": "Samira", "last_name": "Haddad", **values}
    return cells(OFFER_COLUMNS, ref=ref, **values)


def need_cells(ref, **values) -> list[str]:
    values = {"organisation": "Unterkunft Am Listholze", "kind": "interpreting", "title": "Dolmetschen", **values}
    return cells(NEED_COLUMNS, ref=ref, **values)


def run(runner, *args):
    result = runner.invoke(args=list(args))
    assert result.exit_code == 0, result.output
    return result


def read_csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def place_of(located) -> list:
    """The place's columns; the import keeps a town only for places outside the city, so in it the town is left out."""
    town = None if located.district or located.borough else located.town
    return [town if name == "town" else getattr(located, name) for name in PLACE_FIELDS]


def empty_database() -> None:
    db.session.rollback()  # the export's read transaction would block TRUNCATE on PostgreSQL
    _empty_tables()


def offers_snapshot() -> dict[str, dict]:
    """What the import columns carry, per ref (ids, timestamps and statuses are the database's own)."""
    db.session.expire_all()
    snapshot = {}
    for offer in db.session.scalars(sa.select(Offer)):
        person = offer.person
        snapshot[offer.external_ref or offer.reference] = {
            "kind": offer.kind,
            "description": offer.description,
            "languages": person.language_codes,
            "offer_place": place_of(offer),
            "person_place": place_of(person),
            **{name: getattr(person, name) for name in PERSON_FIELDS},
            "offers_of_person": sorted(o.external_ref or o.reference for o in person.offers),
        }
    return snapshot


def needs_snapshot() -> dict[str, dict]:
    db.session.expire_all()
    return {
        need.external_ref or need.public_id: {
            "organisation": need.organisation.name,
            **{name: getattr(need, name) for name in NEED_FIELDS},
            "place": place_of(need),
        }
        for need in db.session.scalars(sa.select(Need))
    }


@pytest.fixture
def varied_offers(runner, write_csv):
    """Offers from the import and from the web form, with cells that are hard to write back."""
    rows = [
        offer_cells(
            "ALT-1",
            email="samira@example.org",
            phone="+49 511 1234567",
            languages="Arabisch, Englisch, Xyzabc",
            skills='Behördengänge, "Papierkram"; Formulare',
            location="Linden Nord",
            availability="Mo vormittags, Mi abends, Sa",
            description='=HYPERLINK("http://example.org")\nzweite Zeile',
        ),
        offer_cells("ALT-2", kind="housing", email="ali@example.org", location="30159", description="-2 Zimmer"),
        offer_cells("ALT-3", first_name="@Jo", last_name="Łukasz", location="10115 Berlin", languages="Dari"),
        offer_cells("ALT-4", first_name="Ali", location="hinter dem Mond", availability="werktags abends"),
        offer_cells("ALT-5", first_name="Olena", location="Misburg", languages="ukrainisch, russisch"),
        offer_cells("ALT-6", kind="mentoring", email="samira@example.org"),  # Samira's second offer
    ]
    run(runner, "offers", "import", write_csv(OFFER_COLUMNS, rows))
    person = make_person("Maria", "Weber", languages=["es", "de"], skills="Nachhilfe Mathe", postcode="30159")
    make_offer(person, OfferKind.MENTORING, description="Begleitung")
    db.session.commit()


@pytest.mark.usefixtures("varied_offers")
def test_offers_export_imports_into_an_empty_database_as_the_same_data(runner, write_csv, tmp_path):
    before = offers_snapshot()
    path = str(tmp_path / "offers.csv")
    run(runner, "offers", "export", "--output", path)
    empty_database()

    result = run(runner, "offers", "import", path)

    assert f"{len(before)} Angebote importiert ({len(before)} neu" in result.output
    assert offers_snapshot() == before


def test_needs_export_imports_into_an_empty_database_as_the_same_data(runner, write_csv, tmp_path):
    rows = [
        need_cells("N-1", languages="Dari, Farsi", skills="Arzt", location="30451", quantity="2", urgency="high"),
        need_cells("N-2", organisation='Verein "Miteinander", Linden', description="+ Fahrdienst", location="List"),
        need_cells("N-3", kind="donation", title="Winterjacken", languages="Xyzabc", location="Misburg-Nord"),
    ]
    run(runner, "needs", "import", write_csv(NEED_COLUMNS, rows))
    make_need(make_organisation("Caritas"), required_languages=["ar"], **place_values(resolve_place("Mitte")))
    db.session.commit()
    before = needs_snapshot()
    path = str(tmp_path / "needs.csv")
    run(runner, "needs", "export", "--output", path)
    empty_database()

    run(runner, "needs", "import", path)

    assert needs_snapshot() == before


@pytest.mark.usefixtures("varied_offers")
def test_cells_a_spreadsheet_would_run_as_formulas_are_defused(runner):
    rows = {row["ref"]: row for row in read_csv(run(runner, "offers", "export").stdout)}

    assert rows["ALT-1"]["phone"] == "'+49 511 1234567"
    assert rows["ALT-1"]["description"].startswith("'=HYPERLINK(")
    assert rows["ALT-2"]["description"] == "'-2 Zimmer"
    assert rows["ALT-3"]["first_name"] == "'@Jo"
    assert rows["ALT-4"]["first_name"] == "Ali"


@pytest.mark.usefixtures("varied_offers")
def test_csv_has_the_import_columns_and_readable_values(runner):
    text = run(runner, "offers", "export", "--format", "csv").stdout

    header = text.splitlines()[0].split(",")
    assert header[: len(OFFER_COLUMNS)] == list(OFFER_COLUMNS)
    assert all(name.startswith("canonical_") for name in header[len(OFFER_COLUMNS) :])
    rows = {row["ref"]: row for row in read_csv(text)}
    assert rows["ALT-1"]["languages"] == "ar, en, Xyzabc"
    # The canonical values beside the verbatim ones.
    assert rows["ALT-1"]["canonical_languages"] == "ar en"
    assert rows["ALT-1"]["canonical_district"] == "Linden-Nord"
    assert rows["ALT-1"]["canonical_borough"] == "Linden-Limmer"
    assert rows["ALT-1"]["location"] == "Linden-Nord"
    assert rows["ALT-1"]["availability"] == "Mo vormittags, Mi abends, Sa"
    assert rows["ALT-6"]["location"] == "Linden-Nord"  # the person's
    assert rows["ALT-2"]["location"] == "30159"  # alone, as "30159 Mitte" would move the point to Mitte's centre
    assert rows["ALT-3"]["location"] == "10115 Berlin"
    assert rows["ALT-4"]["availability"] == "Mo Di Mi Do Fr abends"
    web = db.session.scalars(sa.select(Offer).where(Offer.external_ref.is_(None))).first()
    assert rows[web.reference]["email"] == "maria.weber@example.org"


@pytest.mark.usefixtures("varied_offers")
def test_json_adds_the_normalised_values(runner):
    records = {r["ref"]: r for r in json.loads(run(runner, "offers", "export", "--format", "json").stdout)}

    first = records["ALT-1"]
    assert list(first) == [*OFFER_COLUMNS, "normalised"]
    assert first["description"].startswith("=HYPERLINK(")  # JSON is not opened by spreadsheets
    normalised = first["normalised"]
    assert normalised["status"] == "new"
    assert normalised["languages"] == ["ar", "en"]
    assert (normalised["district"], normalised["borough"]) == ("Linden-Nord", "Linden-Limmer")
    assert normalised["availability"] == ["mon_morning", "wed_evening", "sat_morning", "sat_afternoon", "sat_evening"]
    assert isinstance(normalised["concepts"], list)
    assert records["ALT-5"]["normalised"]["languages"] == ["ru", "uk"]


def test_needs_json_has_status_languages_and_place(runner):
    need = make_need(
        make_organisation(), required_languages=["ar"], helpful_languages=["fa"], district="List", borough="List"
    )
    need.status = NeedStatus.PARTLY_FILLED
    db.session.commit()

    [record] = json.loads(run(runner, "needs", "export", "--format", "json").stdout)

    assert record["ref"] == need.public_id and record["languages"] == "ar" and record["quantity"] == 1
    assert record["normalised"]["status"] == "partly_filled"
    assert record["normalised"]["helpful_languages"] == ["fa"]
    assert (record["normalised"]["district"], record["location"]) == ("List", "List")


def test_empty_exports_are_valid(runner):
    assert json.loads(run(runner, "needs", "export", "--format", "json").stdout) == []
    assert run(runner, "offers", "export").stdout.splitlines() == [",".join(OFFER_COLUMNS)]


def offer_refs(runner, *args) -> list[str]:
    return [row["ref"] for row in read_csv(run(runner, "offers", "export", *args).stdout)]


def test_status_filter_and_unconfirmed_offers_only_when_asked_for(runner):
    person = make_person()
    offers = {status: make_offer(person, status=status) for status in OfferStatus}
    db.session.commit()
    ref = {status: offer.reference for status, offer in offers.items()}
    first = person.offers[0].reference  # the factory's own offer, new

    assert offer_refs(runner) == [first, *(ref[s] for s in OfferStatus if s is not OfferStatus.UNCONFIRMED)]
    assert offer_refs(runner, "--status", "unconfirmed") == [ref[OfferStatus.UNCONFIRMED]]
    assert offer_refs(runner, "--status", "verified", "--status", "withdrawn") == [
        ref[OfferStatus.VERIFIED],
        ref[OfferStatus.WITHDRAWN],
    ]
    result = runner.invoke(args=["offers", "export", "--status", "gone"])
    assert result.exit_code == 2 and "gone" in result.output


def test_needs_status_filter(runner):
    organisation = make_organisation()
    open_need = make_need(organisation)
    make_need(organisation, status=NeedStatus.CLOSED)
    db.session.commit()

    [row] = read_csv(run(runner, "needs", "export", "--status", "open").stdout)

    assert row["ref"] == open_need.public_id


def test_output_file_is_readable_by_its_owner_only(runner, tmp_path):
    make_person()
    db.session.commit()
    path = tmp_path / "offers.json"
    path.write_text("old")
    path.chmod(0o644)

    result = run(runner, "offers", "export", "--format", "json", "--output", str(path))

    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert "1 Angebote nach" in result.output
    assert len(json.loads(path.read_text(encoding="utf-8"))) == 1
    fresh = tmp_path / "needs.csv"
    run(runner, "needs", "export", "--output", str(fresh))
    assert stat.S_IMODE(os.stat(fresh).st_mode) == 0o600


def test_rows_are_read_in_chunks_without_loss(runner, monkeypatch):
    person = make_person()
    for _ in range(6):
        make_offer(person)
    db.session.commit()
    monkeypatch.setattr(export, "CHUNK", 2)

    refs = offer_refs(runner)

    assert refs == [offer.reference for offer in person.offers] and len(refs) == 7


@pytest.mark.parametrize("seed", range(3))
def test_availability_text_reads_back_as_the_same_grid(seed):
    masks = [0, (1 << 21) - 1, bit("sun", "evening"), *random.Random(seed).sample(range(1 << 21), 300)]
    for mask in masks:
        assert read_availability(availability_text(mask)) == mask, availability_text(mask)


def test_location_text_names_what_the_import_reads_back():
    nowhere = dict.fromkeys(PLACE_FIELDS)
    assert location_text(nowhere) is None
    assert location_text({**nowhere, "town": "hinter dem Mond"}) == "hinter dem Mond"
    # Stored postcode and Stadtteil that no wording reproduces exactly: both are written.
    odd = {**nowhere, "postcode": "30451", "district": "List", "borough": "List", "lat": 1.0, "lon": 2.0}
    assert location_text(odd) == "30451 List"


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ("=1+2", "'=1+2"),
        ("+49 511 1234567", "'+49 511 1234567"),
        ("-2 Zimmer", "'-2 Zimmer"),
        ("@Jo", "'@Jo"),
        ("\tTab", "'\tTab"),
        ("Zimmer - 2", "Zimmer - 2"),
        ("'Zitat'", "'Zitat'"),  # an apostrophe of its own stays
        ("", ""),
    ],
)
def test_formula_escape_and_its_reverse(cell, written):
    assert escape_formula(cell) == written
    assert unescape_formula(written) == cell
