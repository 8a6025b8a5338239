"""The coordinator's matching pages: suggestions with reasons, proposing and approving, the match page."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from app.accounts.models import Role
from app.extensions import db
from app.matching.models import Match, MatchStatus
from app.matching.views import concept_label
from app.needs.models import NeedStatus
from app.needs.services import NeedData, create_need
from app.offers.models import OfferKind
from app.offers.services import Location
from app.organisations.models import OrganisationKind
from app.organisations.services import OrganisationData, create_organisation
from app.outbox.models import OutboxMessage
from tests.conftest import csrf_token_from
from tests.factories import log_in, make_match, make_person, make_user

URL = "/intern/vermittlungen"


@pytest.fixture
def organisation(app):
    return create_organisation(
        OrganisationData(
            name="Unterkunft Am Listholze",
            kind=OrganisationKind.SHARED_HOUSING,
            location=Location(district="List", street="Am Listholze 31", postcode="30177"),
            contact_name="Sara Yilmaz",
            email="kontakt@listholze.example",
            phone="0511 7654321",
        )
    )


@pytest.fixture
def coordinator(app):
    return make_user(Role.COORDINATOR)


@pytest.fixture
def need(organisation, coordinator):
    return create_need(
        organisation,
        NeedData(
            kind=OfferKind.INTERPRETING,
            title="Dolmetschen beim Kinderarzt",
            description="Familie aus Syrien, Termin am Vormittag",
            required_languages=["ar"],
        ),
        coordinator,
    )


def interpreter(first_name: str, languages: list[str], district: str = "List", **fields):
    person = make_person(
        first_name, "Haddad", kind=OfferKind.INTERPRETING, languages=languages, district=district, **fields
    )
    return person.offers[0]


@pytest.fixture
def signed_in(client, coordinator, need):
    db.session.commit()
    log_in(client, coordinator)
    return client


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def post(client, url: str, form_url: str, **data):
    token = csrf_token_from(page(client, form_url))
    return client.post(url, data={"csrf_token": token, **data})


def outbox_templates() -> list[str]:
    db.session.expire_all()
    return sorted(db.session.scalars(sa.select(OutboxMessage.template)))


def test_need_page_ranks_speakers_of_the_required_language_with_reasons(client, coordinator, need):
    speaker = interpreter("Amira", ["ar", "de"])
    other = interpreter("Olena", ["uk", "de"])
    db.session.commit()
    log_in(client, coordinator)
    html = page(client, f"{URL}/bedarfe/{need.public_id}")
    assert speaker.reference in html
    assert other.reference not in html  # required language: a hard filter
    assert "Spricht: Arabisch" in html
    assert " km entfernt" in html
    assert "Noch offen" in html and "1 von 1" in html
    assert "Vorschlagen" in html and "Zusagen" in html


def test_proposing_tells_nobody_and_marks_the_pair(signed_in, need):
    offer = interpreter("Amira", ["ar"])
    db.session.commit()
    suggestions = f"{URL}/bedarfe/{need.public_id}"
    response = post(signed_in, f"{URL}/vorschlagen", suggestions, need=need.public_id, offer=offer.public_id)
    assert response.status_code == 303 and response.headers["Location"].endswith(suggestions)
    match = db.session.scalar(sa.select(Match))
    assert match.status is MatchStatus.PROPOSED and match.score is not None and match.reasons
    assert outbox_templates() == []
    assert offer.reference not in page(signed_in, suggestions)  # decided pairs are left out ...
    shown = page(signed_in, f"{suggestions}?decided=y")  # ... unless asked for, then marked
    assert offer.reference in shown and "vorgeschlagen" in shown and "Zur Vermittlung" in shown


def test_approving_from_the_list_mails_both_sides(signed_in, need):
    offer = interpreter("Amira", ["ar"])
    db.session.commit()
    suggestions = f"{URL}/bedarfe/{need.public_id}"
    response = post(
        signed_in, f"{URL}/vorschlagen", suggestions, need=need.public_id, offer=offer.public_id, approve="y"
    )
    match = db.session.scalar(sa.select(Match))
    assert response.headers["Location"].endswith(f"{URL}/{match.id}")
    assert match.status is MatchStatus.APPROVED
    assert outbox_templates() == ["match_approved_organisation", "match_approved_volunteer"]
    detail = page(signed_in, f"{URL}/{match.id}")
    assert "vermittelt" in detail and "Sara Yilmaz" in detail and "Kontaktdaten per E-Mail weitergegeben" in detail
    db.session.refresh(need)
    assert need.status is NeedStatus.FILLED


def test_approving_a_full_need_is_refused_with_a_clear_message(signed_in, need):
    make_match(need, interpreter("Amira", ["ar"]), "approved")
    late = interpreter("Karim", ["ar"])
    db.session.commit()
    suggestions = f"{URL}/bedarfe/{need.public_id}"
    response = post(
        signed_in, f"{URL}/vorschlagen", suggestions, need=need.public_id, offer=late.public_id, approve="y"
    )
    assert response.status_code == 303 and response.headers["Location"].endswith(suggestions)
    shown = page(signed_in, suggestions)
    assert "Der Bedarf ist schon voll besetzt. Es wurde nichts geändert." in shown
    assert "0 von 1" in shown
    db.session.expire_all()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Match)) == 1
    assert outbox_templates() == []


def test_rejecting_needs_a_reason(signed_in, need):
    match = make_match(need, interpreter("Amira", ["ar"]), "proposed")
    db.session.commit()
    detail = f"{URL}/{match.id}"
    refused = post(signed_in, f"{detail}/entscheiden", detail, status="rejected", reason=" ")
    assert refused.status_code == 409
    assert "Bitte geben Sie einen Grund an." in refused.get_data(as_text=True)
    done = post(signed_in, f"{detail}/entscheiden", detail, status="rejected", reason="Termin passt nicht")
    assert done.status_code == 303
    db.session.expire_all()
    assert db.session.get(Match, match.id).status is MatchStatus.REJECTED
    html = page(signed_in, detail)
    assert "abgelehnt" in html and "Termin passt nicht" in html


def test_follow_up_moves_are_buttons_on_the_match_page(signed_in, need):
    match = make_match(need, interpreter("Amira", ["ar"]), "approved")
    db.session.commit()
    detail = f"{URL}/{match.id}"
    html = page(signed_in, detail)
    assert 'value="contacted"' in html and 'value="cancelled"' in html and 'value="approved"' not in html
    post(signed_in, f"{detail}/entscheiden", detail, status="contacted")
    db.session.expire_all()
    assert db.session.get(Match, match.id).status is MatchStatus.CONTACTED
    # An illegal move, e.g. from a stale page, changes nothing.
    assert post(signed_in, f"{detail}/entscheiden", detail, status="approved").status_code == 409


def test_a_phone_only_volunteer_is_to_be_called(signed_in, need):
    match = make_match(need, interpreter("Amira", ["ar"], email=None, phone="0176 1234567"), "proposed")
    db.session.commit()
    html = page(signed_in, f"{URL}/{match.id}")
    assert "Amira Haddad hat keine E-Mail-Adresse. Bitte rufen Sie an" in html
    assert "0176 1234567" in html


def test_offer_page_ranks_open_needs(signed_in, need):
    offer = interpreter("Amira", ["ar"])
    db.session.commit()
    html = page(signed_in, f"{URL}/angebote/{offer.public_id}")
    assert "Dolmetschen beim Kinderarzt" in html and "Unterkunft Am Listholze" in html
    assert "Spricht: Arabisch" in html


def test_the_list_of_matches_filters_by_state(signed_in, need):
    make_match(need, interpreter("Amira", ["ar"]), "proposed")
    make_match(need, interpreter("Karim", ["ar"]), "rejected")
    db.session.commit()
    assert "2 Vermittlungen" in page(signed_in, URL)
    only_rejected = page(signed_in, f"{URL}?status=rejected")
    assert "1 Vermittlung" in only_rejected and "Karim Haddad" in only_rejected
    assert "Amira Haddad" not in only_rejected


def test_only_coordinators_find_the_way_to_suggestions(client, organisation, need):
    member = make_user(Role.ORG_MEMBER, organisation=organisation)
    db.session.commit()
    log_in(client, member)
    assert "Passende Angebote finden" not in page(client, f"/intern/bedarfe/{need.public_id}")
    assert client.get(f"{URL}/bedarfe/{need.public_id}").status_code == 403


REASONS = {
    "languages": {"required": ["ar"], "matched_required": [], "missing_required": ["ar"], "helpful_matched": ["fa"]},
    "concepts": [
        {"need": "german_lessons", "offer": "german_lessons", "relation": "exact"},
        {"need": "german_lessons", "offer": "homework_help", "relation": "related"},
    ],
    "text_similarity": None,
    "distance_km": 13.4,
    "radius_km": 10,
    "within_radius": False,
    "availability": "none",
    "kind": "compatible",
    "kind_fit": {"persons": [3, 4]},
}


def test_reasons_are_put_into_words(app):
    with app.test_request_context():
        context: dict = {}
        app.update_template_context(context)  # language_name and the other helpers pages get
        macro = app.jinja_env.get_template("matching/_reasons.html").make_module(context).reasons
        text = " ".join(str(macro(REASONS, concept_label)).split())
    for expected in (
        "Fehlt: Arabisch",
        "Auch hilfreich: Persisch",
        "Genau: Deutschunterricht",
        "Verwandt: Hausaufgabenhilfe für Deutschunterricht",
        "13,4 km entfernt (Radius 10 km) – <strong>weiter als der Radius</strong>",
        "Zeitraum passt nicht",
        "Verwandte Art der Hilfe",
        "Platz für 4 Personen (3 gebraucht)",
    ):
        assert expected in text, expected


def test_need_page_names_the_helpful_languages_the_reasons_refer_to(signed_in, need):
    """The reasons said "Auch hilfreich: Dari" while the need's helpful languages were not shown."""
    need.helpful_languages = ["prs"]
    interpreter("Amira", ["ar", "prs"])
    db.session.commit()
    html = page(signed_in, f"{URL}/bedarfe/{need.public_id}")
    assert "Auch hilfreich: Dari" in html
    assert re.search(r"Hilfreiche Sprachen</dt>\s*<dd[^>]*>Dari</dd>", html)


def test_suggestions_remind_to_ask_the_volunteer_before_approving(signed_in, need):
    """The thank-you page promises to ask volunteers first; approving passes their contact on at once."""
    interpreter("Amira", ["ar"])
    db.session.commit()
    html = page(signed_in, f"{URL}/bedarfe/{need.public_id}")
    assert "gibt die Kontaktdaten an beide Seiten weiter" in html and "vorher zu fragen" in html
