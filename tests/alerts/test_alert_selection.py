"""Alert selection picks exactly the volunteers whose offer fits a new public need, and respects the weekly cap."""

from __future__ import annotations

from datetime import timedelta

import pytest

from app.alerts.models import AlertMail
from app.alerts.selection import capped_persons
from app.alerts.services import announce
from app.core.db import utcnow
from app.extensions import db
from app.offers.models import OfferKind, OfferStatus
from app.people.models import Channel
from tests.alerts.alert_factories import alerted_people, go_public, interpreting_need, volunteer
from tests.factories import make_match, make_offer, make_organisation


@pytest.fixture
def organisation(app):
    return make_organisation()


def test_exactly_the_fitting_volunteers_are_alerted(organisation):
    spoken_in_offer = volunteer("Dana", languages=("de",))
    spoken_in_offer.details = {"languages": [{"code": "ar", "level": "fluent"}], "settings": []}
    db.session.flush()  # the normaliser reads the details again
    spoken_in_offer.concepts = ["interpreting"]
    two_offers = volunteer("Emre")
    make_offer(two_offers.person, OfferKind.INTERPRETING, status=OfferStatus.VERIFIED, concepts=["interpreting"])
    fitting = {
        volunteer("Amal").person_id,
        volunteer("Badr", status=OfferStatus.NEW).person_id,  # open, not screened yet: matching takes it too
        volunteer("Chadi", travel_radius_km=5).person_id,  # 3.4 km away
        spoken_in_offer.person_id,  # languages named in an interpreting offer count, as in matching
        two_offers.person_id,  # one alert per person
    }
    not_fitting = {
        volunteer("Olena", languages=("de", "uk")).person_id,  # no Arabic
        volunteer("Fern", travel_radius_km=2).person_id,  # 3.4 km is beyond their 2 km
        volunteer("Hana", kind=OfferKind.HOUSING).person_id,  # a kind that cannot serve the need
        volunteer("Ulla", channel=Channel.WEB).person_id,  # opt-in not confirmed
        volunteer("Aus", alerts=False).person_id,  # did not ask for alerts
        volunteer("Nomail", email=None).person_id,
        volunteer("Weg", status=OfferStatus.WITHDRAWN).person_id,
        volunteer("Sport", concepts=("sports",)).person_id,  # the right kind, but not what the need asks for
    }
    need = interpreting_need(organisation)
    alerts = go_public(need)
    assert alerted_people(need) == fitting
    assert not fitting & not_fitting
    assert len(alerts) == len(fitting)
    assert all(alert.mail_id is None for alert in alerts)  # not urgent: they wait for the digest


def test_a_need_that_stays_private_alerts_nobody(organisation):
    volunteer("Amal")
    need = interpreting_need(organisation)
    assert announce(need) == []
    assert alerted_people(need) == set()


def test_an_offer_already_paired_with_the_need_is_not_alerted_again(organisation):
    paired = volunteer("Amal")
    fresh = volunteer("Badr")
    need = interpreting_need(organisation)
    make_match(need, paired, "proposed")
    go_public(need)
    assert alerted_people(need) == {fresh.person_id}


def mails(person_id: int, *ages_in_days: float) -> None:
    for age in ages_in_days:
        db.session.add(AlertMail(person_id=person_id, created_at=utcnow() - timedelta(days=age)))
    db.session.flush()


def test_the_weekly_cap_holds_back_a_person_with_enough_mails_in_seven_days(app, organisation):
    per_week = app.config["ALERTS_PER_WEEK"]
    capped = volunteer("Amal")
    mails(capped.person_id, *[1] * per_week)
    below = volunteer("Badr")
    mails(below.person_id, *[1] * (per_week - 1))
    old = volunteer("Chadi")
    mails(old.person_id, 8, *[1] * (per_week - 1))  # the one from eight days ago no longer counts
    assert capped_persons() == {capped.person_id}
    need = interpreting_need(organisation)
    go_public(need)
    assert alerted_people(need) == {below.person_id, old.person_id}
