import sqlalchemy as sa

from app.core.audit import AuditEvent
from app.extensions import db
from app.imports.offers import COLUMNS, read_availability
from app.offers.models import Offer, OfferKind, OfferStatus
from app.people.availability import bit, encode
from app.people.models import Channel, Person
from tests.factories import make_person

HEADER = list(COLUMNS)


def offer_row(ref="ALT-1", kind="interpreting", **cells) -> list[str]:
    values = {
        "ref": ref,
        "kind": kind,
        "first_name": "Samira",
        "last_name": "Haddad",
        "email": "samira@example.org",
        "phone": "0511 1234567",
        "languages": "Arabisch (Muttersprache), Englisch, Xyzabc",
        "skills": "Behördengänge begleiten",
        "location": "Linden Nord",
        "availability": "Mo vormittags, Mi abends",
        "description": "Kann beim Arzt dolmetschen",
        **cells,
    }
    return [values[name] for name in HEADER]


def import_offers(runner, path):
    return runner.invoke(args=["offers", "import", path])


def test_imports_offers_with_normalised_values(runner, write_csv):
    path = write_csv(HEADER, [offer_row(), offer_row("ALT-2", "housing", email="Samira@Example.org ")])

    result = import_offers(runner, path)

    assert result.exit_code == 0, result.output
    assert "2 Angebote importiert (2 neu, 0 aktualisiert)" in result.output
    person = db.session.scalars(sa.select(Person)).one()  # the same mail address is one person
    assert person.language_codes == ["ar", "en"]
    assert person.other_languages == "Xyzabc"
    assert person.district == "Linden-Nord" and person.borough == "Linden-Limmer" and person.lat
    assert person.availability == bit("mon", "morning") | bit("wed", "evening")
    assert person.consent_channel is Channel.IMPORT and person.confirmed_at is not None
    assert person.consent_version == runner.app.config["PRIVACY_NOTICE_VERSION"]
    assert person.phone_e164 == "+495111234567" and person.name_key == "haddad samira"
    offers = {offer.external_ref: offer for offer in person.offers}
    assert offers["ALT-1"].status is OfferStatus.NEW and offers["ALT-1"].source is Channel.IMPORT
    assert offers["ALT-1"].district is None  # at the person's home
    assert offers["ALT-2"].kind is OfferKind.HOUSING and offers["ALT-2"].district == "Linden-Nord"
    assert "samira" in offers["ALT-1"].search_text and "arzt" in offers["ALT-1"].search_text
    created = db.session.scalars(sa.select(AuditEvent.object_type).where(AuditEvent.action == "created")).all()
    assert sorted(created) == ["offers", "offers", "people"]


def test_unknown_language_words_are_kept(runner, write_csv):
    path = write_csv(HEADER, [offer_row(languages="Arabisch, Xyzabc")])

    assert import_offers(runner, path).exit_code == 0

    person = db.session.scalars(sa.select(Person)).one()
    assert person.language_codes == ["ar"]
    assert person.other_languages == "Xyzabc"


def test_places_outside_the_city_and_unreadable_ones_are_kept(runner, write_csv):
    rows = [
        offer_row("A", email="a@example.org", location="10115 Berlin"),
        offer_row("B", email="b@example.org", location="hinter dem Mond"),
    ]

    assert import_offers(runner, write_csv(HEADER, rows)).exit_code == 0

    berlin, unknown = db.session.scalars(sa.select(Person).order_by(Person.email)).all()
    assert (berlin.district, berlin.postcode, berlin.town) == (None, "10115", "Berlin")
    assert berlin.lat is not None
    assert (unknown.district, unknown.town, unknown.lat) == (None, "hinter dem Mond", None)


def test_offers_attach_to_a_known_person_by_mail(runner, write_csv):
    person = make_person("Samira", "Haddad", email="SAMIRA@example.org", languages=["de"])
    db.session.commit()

    assert import_offers(runner, write_csv(HEADER, [offer_row()])).exit_code == 0

    db.session.refresh(person)
    assert len(person.offers) == 2
    assert person.language_codes == ["ar", "de", "en"]  # added, never removed
    assert db.session.scalar(sa.select(sa.func.count(Person.id))) == 1


def test_reimport_updates_instead_of_duplicating(runner, write_csv):
    assert import_offers(runner, write_csv(HEADER, [offer_row()])).exit_code == 0

    changed = offer_row(kind="mentoring", description="Jetzt Mentoring", last_name="Haddad-Nour")
    result = import_offers(runner, write_csv(HEADER, [changed], name="again.csv"))

    assert result.exit_code == 0, result.output
    assert "(0 neu, 1 aktualisiert)" in result.output
    offer = db.session.scalars(sa.select(Offer)).one()
    assert (offer.kind, offer.description) == (OfferKind.MENTORING, "Jetzt Mentoring")
    assert offer.person.last_name == "Haddad-Nour"
    updated = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "updated")).all()
    assert {event.object_type for event in updated} == {"offers", "people"}


def test_bad_rows_are_all_reported_with_line_and_column_and_nothing_is_imported(runner, write_csv):
    rows = [
        offer_row("A", email="a@example.org"),
        offer_row("B", kind="gardening", email="b@example.org"),
        offer_row("C", email="not-a-mail"),
        offer_row("D", first_name="", phone="12", email="d@example.org"),
        offer_row("A", email="e@example.org"),
    ]

    result = import_offers(runner, write_csv(HEADER, rows))

    assert result.exit_code == 1
    assert "Zeile 3, Spalte »kind«: »gardening« ist kein erlaubter Wert" in result.output
    assert "Zeile 4, Spalte »email«: »not-a-mail« ist keine gültige E-Mail-Adresse" in result.output
    assert "Zeile 5, Spalte »first_name«: darf nicht leer sein" in result.output
    assert "Zeile 5, Spalte »phone«: »12« ist keine gültige Telefonnummer" in result.output
    assert "Zeile 6, Spalte »ref«: »A« steht schon in Zeile 2" in result.output
    assert "Nichts importiert: 5 Fehler" in result.output
    assert db.session.scalar(sa.select(sa.func.count(Offer.id))) == 0
    assert db.session.scalar(sa.select(sa.func.count(Person.id))) == 0


def test_missing_and_unknown_columns_are_reported_in_the_header(runner, write_csv):
    header = [name for name in HEADER if name != "kind"] + ["notes"]
    row = [cell for name, cell in zip(HEADER, offer_row(), strict=True) if name != "kind"] + ["x"]

    result = import_offers(runner, write_csv(header, [row]))

    assert result.exit_code == 1
    assert "Zeile 1, Spalte »kind«: Spalte fehlt in der Kopfzeile" in result.output
    assert "Zeile 1, Spalte »notes«: unbekannte Spalte" in result.output
    assert db.session.scalar(sa.select(sa.func.count(Offer.id))) == 0


def test_a_row_with_a_wrong_number_of_cells_and_a_file_not_in_utf8_are_reported(runner, write_csv, tmp_path):
    short = write_csv(HEADER, [offer_row(), ["ALT-2", "other"]])
    latin1 = tmp_path / "latin1.csv"
    latin1.write_bytes((",".join(HEADER) + "\nA,other,J\xfcrgen,,,,,,,,\n").encode("latin-1"))

    assert "Zeile 3: 2 Zellen statt 11" in import_offers(runner, short).output
    result = import_offers(runner, str(latin1))
    assert result.exit_code == 1
    assert "Zeile 2: die Datei ist nicht UTF-8-kodiert" in result.output


def test_availability_rules():
    assert read_availability("") == 0
    assert read_availability("werktags") == encode(
        f"{d}_{s}" for d in ("mon", "tue", "wed", "thu", "fri") for s in ("morning", "afternoon", "evening")
    )
    assert read_availability("am Wochenende abends") == bit("sat", "evening") | bit("sun", "evening")
    assert read_availability("Di-Do nachmittags") == bit("tue", "afternoon") | bit("wed", "afternoon") | bit(
        "thu", "afternoon"
    )
    assert read_availability("nach Absprache") is None


def test_unreadable_availability_stays_in_the_description(runner, write_csv):
    path = write_csv(HEADER, [offer_row(availability="nach Absprache", description="Gern")])

    assert import_offers(runner, path).exit_code == 0

    offer = db.session.scalars(sa.select(Offer)).one()
    assert offer.description == "Gern\n\nVerfügbarkeit: nach Absprache"
    assert offer.person.availability == 0
