"""suggest_offers / suggest_needs on the database, and the in-process offer index kept fresh."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.matching.index import EXTENSION, offer_index
from app.matching.services import suggest_needs, suggest_offers
from app.needs.models import NeedStatus
from app.normalisation.taxonomy_store import save_concept
from app.offers.models import Offer, OfferKind, OfferStatus
from app.people.models import PersonLanguage
from tests.factories import make_match, make_need, make_offer, make_organisation, make_person


def volunteer(name: str, languages: list[str], kind: OfferKind = OfferKind.INTERPRETING, **fields) -> Offer:
    """A person with one open offer of ``kind`` (interpreting by default, concept "interpreting")."""
    person = make_person(name, "Test", languages=languages, kind=kind, **fields)
    offer = person.offers[0]
    offer.concepts = ["interpreting"] if kind is OfferKind.INTERPRETING else offer.concepts
    db.session.flush()
    return offer


@pytest.fixture
def organisation(app):
    return make_organisation()


@pytest.fixture
def arabic_need(organisation):
    return make_need(organisation, required_languages=["ar"], concepts=["interpreting"], lat=52.39, lon=9.75)


def offer_ids(suggestions) -> list[int]:
    return [suggestion.offer_id for suggestion in suggestions]


def test_suggestions_rank_open_offers_with_reasons(arabic_need):
    speaker = volunteer("Amal", ["de", "ar"])
    volunteer("Olena", ["de", "uk"])
    suggestions = suggest_offers(arabic_need)
    assert offer_ids(suggestions) == [speaker.id]
    (suggestion,) = suggestions
    assert suggestion.need_id == arabic_need.id
    assert 0 <= suggestion.score <= 100
    assert suggestion.reasons["languages"]["matched_required"] == ["ar"]
    assert {"need": "interpreting", "offer": "interpreting", "relation": "exact"} in suggestion.reasons["concepts"]
    assert suggestion.reasons["distance_km"] is not None  # both sides located (the person by Stadtteil)


def test_interpreting_languages_count_as_spoken(arabic_need):
    offer = volunteer("Jan", ["de"])
    offer.details = {"languages": [{"code": "ar", "level": "fluent"}], "settings": []}
    db.session.flush()
    assert offer_ids(suggest_offers(arabic_need)) == [offer.id]


def test_unconfirmed_and_closed_offers_are_not_suggested(arabic_need):
    for status in (OfferStatus.UNCONFIRMED, OfferStatus.ON_HOLD, OfferStatus.WITHDRAWN, OfferStatus.CLOSED):
        volunteer(f"P{status.value}", ["ar"]).status = status
    verified = volunteer("Vera", ["ar"])
    verified.status = OfferStatus.VERIFIED
    db.session.flush()
    assert offer_ids(suggest_offers(arabic_need)) == [verified.id]


def test_used_up_capacity_leaves_the_offer_out(arabic_need, organisation):
    single = volunteer("Amal", ["ar"])
    roomy = volunteer("Badr", ["ar"])
    roomy.quantity = 2
    other_need = make_need(organisation, "Anderer Termin")
    make_match(other_need, single, "approved")
    make_match(other_need, roomy, "approved")
    assert offer_ids(suggest_offers(arabic_need)) == [roomy.id]


def test_proposed_or_rejected_matches_hold_no_capacity(arabic_need, organisation):
    offer = volunteer("Amal", ["ar"])
    make_match(make_need(organisation, "Anderer Termin"), offer, "rejected")
    assert offer_ids(suggest_offers(arabic_need)) == [offer.id]


def test_decided_pairs_are_left_out_unless_asked_for(arabic_need):
    proposed = volunteer("Amal", ["ar"])
    rejected = volunteer("Badr", ["ar"])
    fresh = volunteer("Chadi", ["ar"])
    make_match(arabic_need, proposed, "proposed")
    make_match(arabic_need, rejected, "rejected")
    assert offer_ids(suggest_offers(arabic_need)) == [fresh.id]
    marked = {s.offer_id: s.reasons.get("match_status") for s in suggest_offers(arabic_need, include_decided=True)}
    assert marked == {proposed.id: "proposed", rejected.id: "rejected", fresh.id: None}


def test_an_approved_pair_stays_visible_when_decided_pairs_are_asked_for(arabic_need):
    offer = volunteer("Amal", ["ar"])
    make_match(arabic_need, offer, "approved")
    assert offer_ids(suggest_offers(arabic_need)) == []
    (suggestion,) = suggest_offers(arabic_need, include_decided=True)
    assert suggestion.reasons["match_status"] == "approved"


def test_filters_by_borough_and_kind(organisation):
    need = make_need(organisation, "Sprachcafé", kind=OfferKind.LANGUAGE_SUPPORT)
    linden = volunteer("Lina", ["de"], kind=OfferKind.LANGUAGE_SUPPORT, district="Linden-Nord")
    mentor = volunteer("Mara", ["de"], kind=OfferKind.MENTORING, district="Linden-Nord")
    list_ = volunteer("Lutz", ["de"], kind=OfferKind.LANGUAGE_SUPPORT, district="List")
    everyone = set(offer_ids(suggest_offers(need)))
    assert everyone == {linden.id, mentor.id, list_.id}
    assert set(offer_ids(suggest_offers(need, borough="Linden-Limmer"))) == {linden.id, mentor.id}
    assert offer_ids(suggest_offers(need, borough="Linden-Limmer", kind=OfferKind.MENTORING)) == [mentor.id]
    assert suggest_offers(need, borough="Nirgendwo") == []


def test_limit_and_ties_by_id(arabic_need):
    offers = [volunteer(f"Person{i}", ["ar"]) for i in range(5)]
    assert offer_ids(suggest_offers(arabic_need, limit=3)) == [offer.id for offer in offers[:3]]


# ── the index stays fresh without a restart ────────────────────────────────────────────────────


def test_a_new_offer_appears_in_the_next_suggestion(arabic_need):
    first = volunteer("Amal", ["ar"])
    assert offer_ids(suggest_offers(arabic_need)) == [first.id]
    built = offer_index().built_at
    second = volunteer("Badr", ["ar"])
    assert offer_ids(suggest_offers(arabic_need)) == [first.id, second.id]
    assert offer_index().built_at == built  # loaded as a change, not rebuilt


def test_a_withdrawn_offer_disappears_from_the_next_suggestion(arabic_need):
    offer = volunteer("Amal", ["ar"])
    assert offer_ids(suggest_offers(arabic_need)) == [offer.id]
    offer.status = OfferStatus.WITHDRAWN
    db.session.flush()
    assert suggest_offers(arabic_need) == []
    offer.status = OfferStatus.VERIFIED
    db.session.flush()
    assert offer_ids(suggest_offers(arabic_need)) == [offer.id]


def test_a_changed_language_counts_in_the_next_suggestion(arabic_need):
    offer = volunteer("Olena", ["de", "uk"])
    assert suggest_offers(arabic_need) == []
    offer.person.languages.append(PersonLanguage(code="ar"))
    db.session.flush()
    assert offer_ids(suggest_offers(arabic_need)) == [offer.id]
    offer.person.languages = [language for language in offer.person.languages if language.code != "ar"]
    db.session.flush()
    assert suggest_offers(arabic_need) == []


def test_a_changed_offer_text_is_scored_anew(organisation):
    need = make_need(organisation, "Xylophon bauen", kind=OfferKind.OTHER)  # no concept: texts compared
    offer = volunteer("Otto", ["de"], kind=OfferKind.OTHER)
    offer.description = "Strickkurs"
    db.session.flush()
    before = suggest_offers(need)[0].reasons["text_similarity"]
    offer.description = "Xylophon bauen"
    db.session.flush()
    assert suggest_offers(need)[0].reasons["text_similarity"] > before


@pytest.mark.parametrize("action", ["append", "remove"])
def test_changing_languages_bumps_the_person(app, action):
    person = make_person("Amal", "Test", languages=["de", "ar"])
    old = person.updated_at - timedelta(hours=1)
    db.session.execute(sa.update(type(person)).where(type(person).id == person.id).values(updated_at=old))
    db.session.expire(person, ["updated_at"])
    if action == "append":
        person.languages.append(PersonLanguage(code="fa"))
    else:
        person.languages.remove(person.languages[0])
    db.session.flush()
    db.session.expire(person, ["updated_at"])
    assert person.updated_at > old


def test_an_offer_deleted_outright_is_dropped_before_the_next_rebuild(arabic_need):
    gone = volunteer("Amal", ["ar"])
    kept = volunteer("Badr", ["ar"])
    suggest_offers(arabic_need)
    db.session.execute(sa.delete(Offer).where(Offer.id == gone.id))  # what an erasure's cascade does
    db.session.expire_all()
    assert offer_ids(suggest_offers(arabic_need)) == [kept.id]


@pytest.fixture
def config_overrides(request):
    return getattr(request, "param", {})


@pytest.mark.parametrize("config_overrides", [{"MATCHING_INDEX_MAX_AGE": 0}], indirect=True)
def test_the_index_is_rebuilt_when_old(app, arabic_need):
    volunteer("Amal", ["ar"])
    suggest_offers(arabic_need)
    built = offer_index().built_at
    suggest_offers(arabic_need)
    assert offer_index().built_at > built
    assert offer_index().build_seconds > 0


def test_each_app_has_its_own_index(app, make_app):
    index = offer_index()
    assert app.extensions[EXTENSION] is index
    with make_app().app_context():
        assert offer_index() is not index


# ── needs for an offer ─────────────────────────────────────────────────────────────────────────


def test_needs_for_an_offer(organisation, arabic_need):
    offer = volunteer("Amal", ["de", "ar"])
    ukrainian = make_need(organisation, "Ukrainisch", required_languages=["uk"])
    general = make_need(organisation, "Dolmetschen, egal welche Sprache", concepts=["interpreting"])
    filled = make_need(organisation, "Schon besetzt", status=NeedStatus.FILLED)
    housing = make_need(organisation, "Wohnung", kind=OfferKind.HOUSING)
    found = suggest_needs(offer)
    assert [s.need_id for s in found] == [arabic_need.id, general.id]
    assert all(s.offer_id == offer.id for s in found)
    assert {ukrainian.id, filled.id, housing.id}.isdisjoint(s.need_id for s in found)


def test_needs_already_paired_with_the_offer_are_left_out(organisation, arabic_need):
    offer = volunteer("Amal", ["ar"])
    make_match(arabic_need, offer, "rejected")
    assert suggest_needs(offer) == []


def test_a_used_up_offer_gets_no_needs(organisation, arabic_need):
    offer = volunteer("Amal", ["ar"])
    make_match(make_need(organisation, "Erster Termin"), offer, "active")
    assert suggest_needs(offer) == []
    closed = volunteer("Badr", ["ar"])
    closed.status = OfferStatus.CLOSED
    assert suggest_needs(closed) == []


def test_make_offer_defaults_are_open(arabic_need):
    # Guard for the factories this file relies on: make_offer's default status is an open one.
    offer = make_offer(make_person("Z", "Z", languages=["ar"]), concepts=["interpreting"])
    assert offer.id in offer_ids(suggest_offers(arabic_need))


def test_an_edited_taxonomy_rebuilds_the_index(arabic_need, restore_taxonomy):
    volunteer("Amal", ["ar"])
    suggest_offers(arabic_need)
    built = offer_index().built_at
    save_concept("chess", {"group": "other", "de": "Schach", "en": "Chess"})
    db.session.flush()
    suggest_offers(arabic_need)
    assert offer_index().built_at > built
