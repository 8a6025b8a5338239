"""The board, every need's page and the feed never show personal data or an address (issue 8).

Organisations with a full address and contact, needs whose descriptions name a person with mail
and phone, pledges from volunteers with their own contact: render everything public and scan it.
"""

from __future__ import annotations

import re

import pytest

from app.board.services import pledge
from app.extensions import db
from app.offers.models import OfferKind
from app.people.models import Person
from tests.board.board_data import public_need
from tests.factories import make_offer, make_organisation, make_person

ORGANISATIONS = [
    {
        "name": "Notunterkunft Sonnenhof Ostwende",
        "street": "Ostwender Straße 17",
        "postcode": "30161",
        "district": "Oststadt",
        "contact_name": "Jutta Feldkamp",
        "email": "leitung@sonnenhof-ostwende.example",
        "phone": "0511 9876543",
    },
    {
        "name": "Unterstützerkreis Lindenblüte",
        "street": "Am Lindenhain 4a",
        "postcode": "30449",
        "district": "Linden-Mitte",
        "contact_name": "Piotr Zawadzki",
        "email": "kreis@lindenbluete.example",
        "phone": "+49 511 2223334",
    },
]
DESCRIPTIONS = [
    "Bitte bei Frau Margarete Kowalczyk melden, margarete.kowalczyk@example.net, Tel. 0170 5556667.",
    "Ansprechpartner ist Herr Yusuf Demirtaş (0157-88899900, yusuf.d@example.com), Hintereingang Gartenweg 9.",
]
VOLUNTEERS = [
    ("Hildegard", "Brunnenmeier", "hildegard.b@example.org", "0176 12121212"),
    ("Karim", "Al-Nouri", "karim.alnouri@example.org", "+49 160 3434343"),
]

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE = re.compile(r"(?:\+\d{2}[\s/-]?|\b0)\d{2,4}[\s/-]?\d{3,}(?:[\s/-]?\d+)*")
STREET = re.compile(r"\b[\w-]*(?:straße|strasse|str\.|weg|platz|allee|gasse|ring|damm|hain)\s+\d+[a-z]?\b", re.I)


@pytest.fixture
def published(app):
    needs = []
    for number, (fields, description) in enumerate(zip(ORGANISATIONS, DESCRIPTIONS, strict=True)):
        organisation = make_organisation(fields["name"])
        for field, value in fields.items():
            setattr(organisation, field, value)
        for kind in (OfferKind.DONATION, OfferKind.INTERPRETING):
            needs.append(
                public_need(
                    organisation,
                    f"Bedarf {number}-{kind.value}",
                    kind=kind,
                    quantity=5,
                    description=description,
                    skills=description,
                    street=fields["street"],
                    postcode=fields["postcode"],
                    district=fields["district"],
                    borough="Mitte",
                )
            )
    for first, last, email, phone in VOLUNTEERS:
        person = make_person(first, last, email=email, phone=phone, postcode="30161")
        offers = [
            make_offer(person, kind, quantity=2, description=f"{first} {last}, {phone}")
            for kind in (OfferKind.DONATION, OfferKind.INTERPRETING)
        ]
        for need in needs:
            pledge(need, offers)
    db.session.commit()
    return needs


def secrets() -> list[str]:
    """Every personal or address detail in the database that must not reach a public page."""
    found = [value for fields in ORGANISATIONS for value in fields.values()]
    found += DESCRIPTIONS
    for person in db.session.scalars(db.select(Person)):
        found += [person.first_name, person.last_name, person.email, person.phone]
        found += [offer.description for offer in person.offers if offer.description]
    return [value for value in found if value]


def public_documents(client, app, needs) -> dict[str, str]:
    office = app.extensions["helfernetz.city"].office
    documents = {}
    for lang in ("de", "ar"):
        urls = ["/bedarfe", "/bedarfe.atom", *(f"/bedarfe/{need.public_id}" for need in needs)]
        for url in urls:
            response = client.get(f"{url}?lang={lang}")
            assert response.status_code == 200, url
            # The office's own public contact (page footer) is meant to be there.
            text = response.get_data(as_text=True)
            for public in (office.email, office.phone, re.sub(r"[\s-]", "", office.phone)):
                text = text.replace(public, "")
            documents[f"{url}?lang={lang}"] = text
    return documents


def test_patterns_find_what_they_look_for():
    """The generic scans would catch the planted data (so a clean scan means something)."""
    planted = " ".join([*DESCRIPTIONS, *(f"{o['street']} {o['email']} {o['phone']}" for o in ORGANISATIONS)])
    assert len(EMAIL.findall(planted)) == 4
    assert len(PHONE.findall(planted)) == 4
    assert STREET.findall(planted) == ["Gartenweg 9", "Straße 17", "Lindenhain 4a"]


def test_no_personal_data_or_address_on_any_public_board_page(client, app, published):
    assert published and all(need.organisation.street for need in published)
    documents = public_documents(client, app, published)
    values = secrets()
    leaks = {
        url: sorted(
            {value for value in values if value in text}
            | set(EMAIL.findall(text))
            | set(PHONE.findall(text))
            | set(STREET.findall(text))
        )
        for url, text in documents.items()
    }
    assert {url: found for url, found in leaks.items() if found} == {}
    # The scan read real pages: the board and the feed list every need, each page has its own.
    for need in published:
        assert need.title in documents["/bedarfe?lang=de"] and need.title in documents["/bedarfe.atom?lang=ar"]
        assert need.title in documents[f"/bedarfe/{need.public_id}?lang=ar"]
