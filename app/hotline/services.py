"""Storing an offer taken on the phone, for a new caller or a known person."""

from __future__ import annotations

from app.accounts.models import User
from app.offers.models import Offer
from app.offers.services import OfferData, PersonData, add_offers, submit_offers
from app.people.models import Channel, Person
from app.people.services import data_values, fill_gaps, record_consent
from app.screening.services import add_note


def take_phone_offer(
    person_data: PersonData,
    offers: list[OfferData],
    consent_version: str,
    note: str | None = None,
    existing: Person | None = None,
    author: User | None = None,
) -> tuple[Person, list[Offer]]:
    """Store what a caller offers; consent was given on the phone, so the offers are confirmed at once.

    With ``existing`` the offers go to that person: their data stays, empty
    fields are filled from what was typed, languages are united. The note is
    added to every new offer. Flushes; the caller commits.
    """
    if existing is None:
        person = submit_offers(person_data, offers, Channel.PHONE, consent_version)
        added = list(person.offers)
    else:
        person = existing
        fill_gaps(person, data_values(person_data), person_data.languages)
        record_consent(person, Channel.PHONE, consent_version)
        added = add_offers(person, offers, Channel.PHONE)
    if note:
        for offer in added:
            add_note(offer, note, author)
    return person, added
