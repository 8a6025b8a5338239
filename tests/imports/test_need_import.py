import sqlalchemy as sa

from app.extensions import db
from app.imports.needs import COLUMNS
from app.needs.models import Need, Urgency
from app.offers.models import OfferKind
from app.organisations.models import Organisation, OrganisationKind
from tests.factories import make_organisation

HEADER = list(COLUMNS)


def need_row(ref="N-1", **cells) -> list[str]:
    values = {
        "ref": ref,
        "organisation": "Unterkunft Am Listholze",
        "kind": "interpreting",
        "title": "Dolmetschen beim Kinderarzt",
        "description": "Dienstag 10 Uhr",
        "languages": "Dari, Farsi",
        "skills": "Arztbesuch begleiten",
        "location": "30451",
        "quantity": "2",
        "urgency": "high",
        **cells,
    }
    return [values[name] for name in HEADER]


def import_needs(runner, path):
    return runner.invoke(args=["needs", "import", path])


def test_imports_needs_into_known_and_new_organisations(runner, write_csv):
    known = make_organisation("Unterkunft Am Listholze")
    db.session.commit()
    rows = [need_row(), need_row("N-2", organisation="Unterstützerkreis Linden", quantity="", urgency="", languages="")]

    result = import_needs(runner, write_csv(HEADER, rows))

    assert result.exit_code == 0, result.output
    assert "2 Bedarfe importiert (2 neu, 0 aktualisiert)" in result.output
    first, second = db.session.scalars(sa.select(Need).order_by(Need.external_ref)).all()
    assert first.organisation_id == known.id
    assert first.required_languages == ["prs", "fa"]
    assert (first.quantity, first.urgency, first.kind) == (2, Urgency.HIGH, OfferKind.INTERPRETING)
    assert (first.district, first.borough, first.postcode) == ("Linden-Nord", "Linden-Limmer", "30451")
    assert (second.quantity, second.urgency, second.required_languages) == (1, Urgency.NORMAL, [])
    created = db.session.scalars(sa.select(Organisation).where(Organisation.name == "Unterstützerkreis Linden")).one()
    assert created.kind is OrganisationKind.OTHER and second.organisation_id == created.id


def test_reimport_updates_the_need(runner, write_csv):
    assert import_needs(runner, write_csv(HEADER, [need_row()])).exit_code == 0

    result = import_needs(runner, write_csv(HEADER, [need_row(title="Neu", urgency="low")], name="b.csv"))

    assert "(0 neu, 1 aktualisiert)" in result.output
    need = db.session.scalars(sa.select(Need)).one()
    assert (need.title, need.urgency) == ("Neu", Urgency.LOW)


def test_unknown_language_words_are_kept_in_the_description(runner, write_csv):
    path = write_csv(HEADER, [need_row(languages="Arabisch, Xyzabc", description="")])

    assert import_needs(runner, path).exit_code == 0

    need = db.session.scalars(sa.select(Need)).one()
    assert need.required_languages == ["ar"]
    assert need.description == "Sprachen (nicht erkannt): Xyzabc"


def test_bad_rows_report_line_and_column_and_import_nothing(runner, write_csv):
    rows = [
        need_row("N-1", organisation="Neue Organisation"),
        need_row("N-2", urgency="sofort"),
        need_row("N-3", quantity="zwei"),
        need_row("N-4", quantity="0", kind="Dolmetschen"),
        need_row("", title=""),
    ]

    result = import_needs(runner, write_csv(HEADER, rows))

    assert result.exit_code == 1
    assert "Zeile 3, Spalte »urgency«: »sofort« ist kein erlaubter Wert (erlaubt: low, normal, high)" in result.output
    assert "Zeile 4, Spalte »quantity«: »zwei« ist keine ganze Zahl größer als 0" in result.output
    assert "Zeile 5, Spalte »kind«: »Dolmetschen« ist kein erlaubter Wert" in result.output
    assert "Zeile 5, Spalte »quantity«: »0« ist keine ganze Zahl größer als 0" in result.output
    assert "Zeile 6, Spalte »ref«: darf nicht leer sein" in result.output
    assert "Zeile 6, Spalte »title«: darf nicht leer sein" in result.output
    assert db.session.scalar(sa.select(sa.func.count(Need.id))) == 0
    assert db.session.scalar(sa.select(sa.func.count(Organisation.id))) == 0


def test_a_missing_header_column_is_reported(runner, write_csv):
    header = [name for name in HEADER if name != "urgency"]

    result = import_needs(runner, write_csv(header, [need_row()[:-1]]))

    assert result.exit_code == 1
    assert "Zeile 1, Spalte »urgency«: Spalte fehlt in der Kopfzeile" in result.output
