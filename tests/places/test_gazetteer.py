from __future__ import annotations

from datetime import time

from app.core.city import load_city
from app.people.models import Person
from app.places.gazetteer import Gazetteer
from app.places.services import locate


def test_hannover_profile_has_its_office_and_hotline_hours():
    city = load_city("hannover")
    assert city.name == "Hannover"
    hours = {day: (h.opens, h.closes) for h in city.office.hours for day in h.days}
    assert hours == {
        0: (time(9), time(17)),
        1: (time(9), time(17)),
        2: (time(9), time(17)),
        3: (time(9), time(17)),
        4: (time(9), time(16)),
    }
    assert {d.key for d in city.departments} == {"housing", "premises"}


def test_gazetteer_has_51_stadtteile_in_13_stadtbezirke():
    places = Gazetteer(load_city("hannover").folder)
    assert len(places.districts) == 51
    assert len(places.grouped_by_borough()) == 13
    assert places.grouped_by_borough()[0][0] == "Mitte"
    assert all(d.postcodes and 52.2 < d.lat < 52.5 and 9.6 < d.lon < 9.95 for d in places.districts)


def test_every_german_postcode_is_known_with_a_point():
    places = Gazetteer(load_city("hannover").folder)
    assert len(places.postcodes) == 10814
    assert places.postcode("30451").place == "Hannover"
    assert places.postcode("10115").place == "Berlin"
    assert places.postcode("99999") is None


def test_locate_prefers_the_chosen_stadtteil_over_the_postcode(app):
    person = Person(district="Linden-Nord", postcode="30159")
    locate(person)
    linden = next(d for d in Gazetteer(load_city("hannover").folder).districts if d.name == "Linden-Nord")
    assert (person.lat, person.lon) == (linden.lat, linden.lon)
    assert person.town == "Hannover"


def test_locate_keeps_places_outside_the_gazetteer(app):
    person = Person(postcode="31134")
    locate(person)
    assert person.district is None and person.town == "Hildesheim" and person.lat is not None
