"""Fictional organisations, accounts, volunteers, offers and needs for a demo instance.

Everything here is invented. Names are drawn at random from lists of common
first and last names; mail addresses use the reserved domains ``example.org``
and ``.invalid``; phone numbers come from the blocks the Bundesnetzagentur
keeps unassigned for media productions ("Drama Numbers", Mitteilung 148/2021),
so a trainee who dials one reaches nobody. Hannover has no such block, hence
the Berlin, Hamburg, Frankfurt, Köln and München prefixes.

The generator is seeded, so every load yields the same data (except the
passwords and the dates, which count from today).
"""

from __future__ import annotations

import re
import secrets
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from random import Random

import pyotp
import sqlalchemy as sa
from flask import current_app

from app.accounts.models import Role, User
from app.accounts.second_factor import begin_setup
from app.core.db import utcnow
from app.demo.samples import (
    ACCOUNTS,
    ADMIN_EMAIL,
    DONATIONS,
    DRAMA_BLOCKS,
    HOUSING_SIZES,
    HOUSING_TEXTS,
    INTERPRETING_TEXTS,
    KIND_WEIGHTS,
    LANGUAGE_SUPPORT_TEXTS,
    MENTORING_TEXTS,
    MINORS_ACTIVITIES,
    NEEDS,
    ORGANISATIONS,
    ORIGINS,
    OTHER_TEXTS,
    OUTSIDE_POSTCODES,
    PEOPLE,
    PREMISES,
    SEED,
    SKILLS,
    STREETS,
    TRAVEL_RADII,
    Origin,
)
from app.extensions import db
from app.matching.models import Match, MatchOrigin, MatchStatus
from app.needs.models import Need, NeedStatus
from app.offers import vocabulary as v
from app.offers.models import Offer, OfferKind, OfferStatus
from app.offers.services import Location, OfferData, PersonData, submit_offers
from app.organisations.models import Organisation
from app.people.availability import DAYS, SLOTS, encode, slot_key
from app.people.models import Channel, Person
from app.places.gazetteer import District
from app.places.services import gazetteer, locate


@dataclass(frozen=True)
class Login:
    role: Role
    email: str
    #: Only known right after it was set: the database keeps the hash.
    password: str | None
    #: The second factor's key (admins must have one), shown with the first load's passwords.
    totp_key: str | None = None


def is_loaded() -> bool:
    return db.session.scalar(sa.select(User.id).where(User.email == ADMIN_EMAIL)) is not None


def load(today: date | None = None) -> list[Login]:
    """Add the whole demo data set to the session; the caller commits."""
    today = today or date.today()
    rng = Random(SEED)  # nosec B311 - reproducible demo data, no secret
    organisations = _organisations(rng)
    users, logins = _accounts(organisations[0])
    people = [_add_person(rng, index, today) for index in range(PEOPLE)]
    _review_offers(rng, people)
    creators = {organisations[0].id: users[Role.ORG_MEMBER].id}
    needs = _needs(rng, organisations, creators, users[Role.COORDINATOR].id, today)
    db.session.add_all(needs)
    db.session.add_all(_approved_matches(rng, needs, people, users[Role.COORDINATOR].id))
    _board(Random(SEED + 1), needs, people)  # nosec B311 - reproducible demo data, no secret
    return logins


def new_passwords() -> list[Login]:
    """Give every demo account a fresh password; the caller commits."""
    logins = []
    for role, email, _name in ACCOUNTS:
        user = db.session.scalar(sa.select(User).where(User.email == email))
        password = _password(user) if user else None
        logins.append(Login(role, email, password))
    return logins


def current_codes(at: float) -> list[tuple[str, str]]:
    """(email, code at ``at``) for the demo accounts with a second factor."""
    emails = [email for _role, email, _name in ACCOUNTS]
    users = db.session.scalars(sa.select(User).where(User.email.in_(emails), User.totp_secret.is_not(None)))
    return [(user.email, pyotp.TOTP(user.totp_secret).at(at)) for user in users]


def known_logins() -> list[Login]:
    return [Login(role, email, None) for role, email, _name in ACCOUNTS]


def counts() -> dict[str, int]:
    """Rows per table the demo fills, and offers per kind, for the summary."""
    totals = {model.__tablename__: _count(model) for model in (Organisation, User, Person, Offer, Need)}
    per_kind = db.session.execute(sa.select(Offer.kind, sa.func.count()).group_by(Offer.kind)).all()
    totals.update({f"offers:{kind.value}": number for kind, number in per_kind})
    return totals


def _count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


# --- Organisations and accounts ----------------------------------------------------


def _district(name: str) -> District:
    district = gazetteer().district(name)
    if district is None:
        # The city's data changed; better to stop than to place an organisation nowhere.
        raise LookupError(f"Stadtteil {name!r} is not in the gazetteer")
    return district


def _organisations(rng: Random) -> list[Organisation]:
    organisations = []
    for number, (name, kind, district_name, mailbox) in enumerate(ORGANISATIONS):
        district = _district(district_name)
        organisation = Organisation(
            name=name,
            kind=kind,
            email=f"{mailbox}@example.org",
            phone=_drama_number(900 + number),
            district=district.name,
            postcode=rng.choice(district.postcodes),
            street=_street(rng),
        )
        locate(organisation)
        organisations.append(organisation)
    db.session.add_all(organisations)
    db.session.flush()
    return organisations


def _accounts(home: Organisation) -> tuple[dict[Role, User], list[Login]]:
    users: dict[Role, User] = {}
    logins = []
    for role, email, name in ACCOUNTS:
        user = User(email=email, display_name=name, role=role, locale="de")
        if role is Role.ORG_MEMBER:
            user.organisation = home
        logins.append(Login(role, email, _password(user), _second_factor(user) if role is Role.ADMIN else None))
        users[role] = user
    db.session.add_all(users.values())
    db.session.flush()
    return users, logins


def _password(user: User) -> str:
    password = secrets.token_urlsafe(9)
    user.set_password(password)
    return password


def _second_factor(user: User) -> str:
    """A confirmed TOTP key: the demo admin logs in as production admins must (no exemption to forget)."""
    key = begin_setup(user)
    user.totp_enabled_at = utcnow()
    return key


def _drama_number(number: int) -> str:
    prefix, block = DRAMA_BLOCKS[number % len(DRAMA_BLOCKS)]
    return f"{prefix} {block} {number // len(DRAMA_BLOCKS) % 1000:03d}"


def _street(rng: Random) -> str:
    return f"{rng.choice(STREETS)} {rng.randint(1, 80)}"


# --- People and their offers ---------------------------------------------------------


@dataclass
class Profile:
    """What the generator knows about a volunteer beyond PersonData."""

    sex: str
    #: code -> level; German is always there and never counted as interpreting.
    languages: dict[str, str]


def _add_person(rng: Random, index: int, today: date) -> Person:
    person, profile = _person_data(rng, index)
    kinds = _kinds(rng, profile)
    offers = [OFFER_BUILDERS[kind](rng, profile, today) for kind in kinds]
    channel = rng.choices((Channel.PHONE, Channel.MAIL, Channel.IMPORT), weights=(5, 3, 2))[0]
    if channel is Channel.PHONE and rng.random() < 0.3:
        person.email = None  # callers often give only a number
    return submit_offers(person, offers, channel, current_app.config["PRIVACY_NOTICE_VERSION"])


def _person_data(rng: Random, index: int) -> tuple[PersonData, Profile]:
    origin = rng.choices(ORIGINS, weights=[o.weight for o in ORIGINS])[0]
    sex = rng.choice("fm")
    first = rng.choice(origin.women if sex == "f" else origin.men)
    last = rng.choice(origin.last_names)
    languages = _languages(rng, origin)
    person = PersonData(
        first_name=first,
        last_name=last,
        email=f"{_mailbox(first)}.{_mailbox(last)}.{index + 1}@example.org",
        phone=_drama_number(index) if rng.random() < 0.8 else None,
        locale="en" if "de" not in origin.native and rng.random() < 0.3 else "de",
        languages=list(languages),
        other_languages=rng.choice((None,) * 30 + ("Niederländisch", "Deutsche Gebärdensprache", "Tamil")),
        skills=_skills(rng, sex, languages),
        location=_home(rng),
        travel_radius_km=rng.choice(TRAVEL_RADII),
        availability=_availability(rng),
    )
    return person, Profile(sex, languages)


def _languages(rng: Random, origin: Origin) -> dict[str, str]:
    languages = {rng.choice(origin.native): "native"}
    for code, level, probability in origin.extra:
        if code not in languages and rng.random() < probability:
            languages[code] = level
    languages.setdefault("de", "fluent")
    return languages


def _mailbox(name: str) -> str:
    folded = name.lower().translate(str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "ı": "i"}))
    ascii_only = unicodedata.normalize("NFKD", folded).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_only).strip("-")


def _skills(rng: Random, sex: str, languages: dict[str, str]) -> str | None:
    if rng.random() < 0.25:
        return None
    fitting = [text for text, who, language in SKILLS if who in ("", sex) and language in ("", *languages)]
    return rng.choice(fitting)


def _home(rng: Random) -> Location:
    street = _street(rng) if rng.random() < 0.6 else None
    if rng.random() < 0.1:
        return Location(postcode=rng.choice(OUTSIDE_POSTCODES), street=street)
    district = rng.choice(gazetteer().districts)
    return Location(district=district.name, postcode=rng.choice(district.postcodes), street=street)


def _availability(rng: Random) -> int:
    pattern = rng.choice(("evenings", "weekend", "mornings", "mixed"))
    if pattern == "evenings":
        keys = [slot_key(day, "evening") for day in DAYS[:5]]
    elif pattern == "weekend":
        keys = [slot_key(day, slot) for day in DAYS[5:] for slot in SLOTS]
    elif pattern == "mornings":
        keys = [slot_key(day, "morning") for day in rng.sample(DAYS[:5], 3)]
    else:
        keys = [slot_key(rng.choice(DAYS), rng.choice(SLOTS)) for _ in range(rng.randint(2, 6))]
    return encode(keys)


def _kinds(rng: Random, profile: Profile) -> list[OfferKind]:
    """One to three different kinds; interpreting only with a language besides German."""
    weights = dict(KIND_WEIGHTS)
    if not _foreign(profile):
        del weights[OfferKind.INTERPRETING]
    chosen: list[OfferKind] = []
    for _ in range(rng.choices((1, 2, 3), weights=(5, 4, 2))[0]):
        kind = rng.choices(list(weights), weights=list(weights.values()))[0]
        del weights[kind]
        chosen.append(kind)
    return chosen


def _foreign(profile: Profile) -> dict[str, str]:
    return {code: level for code, level in profile.languages.items() if code != "de"}


def _subset(rng: Random, choices: list[tuple[str, object]], at_least: int = 1) -> list[str]:
    values = [value for value, _label in choices]
    return sorted(rng.sample(values, rng.randint(at_least, len(values))), key=values.index)


def _period(rng: Random, today: date, weeks: int) -> tuple[date | None, date | None]:
    if rng.random() < 0.5:
        return None, None
    start = today + timedelta(days=rng.randint(0, 30))
    return start, start + timedelta(weeks=rng.randint(4, weeks))


def _language_support(rng: Random, _profile: Profile, _today: date) -> OfferData:
    details = {"formats": _subset(rng, v.LANGUAGE_SUPPORT_FORMATS), "audiences": _subset(rng, v.AUDIENCES, 0)}
    return OfferData(OfferKind.LANGUAGE_SUPPORT, details, rng.choice(LANGUAGE_SUPPORT_TEXTS))


def _interpreting(rng: Random, profile: Profile, _today: date) -> OfferData:
    languages = [{"code": code, "level": level} for code, level in _foreign(profile).items()][:3]
    details = {"languages": languages, "settings": _subset(rng, v.INTERPRETING_SETTINGS)}
    return OfferData(OfferKind.INTERPRETING, details, rng.choice(INTERPRETING_TEXTS))


def _mentoring(rng: Random, _profile: Profile, _today: date) -> OfferData:
    details = {"targets": _subset(rng, v.MENTORING_TARGETS), "focus": _subset(rng, v.MENTORING_FOCUS, 0)}
    return OfferData(OfferKind.MENTORING, details, rng.choice(MENTORING_TEXTS))


def _minors_support(rng: Random, _profile: Profile, _today: date) -> OfferData:
    certificate = rng.choices(("available", "will_obtain", "no"), weights=(5, 3, 1))[0]
    return OfferData(OfferKind.MINORS_SUPPORT, {"certificate": certificate}, rng.choice(MINORS_ACTIVITIES))


def _housing(rng: Random, _profile: Profile, today: date) -> OfferData:
    housing_type = rng.choices(("room", "flat", "house"), weights=(4, 5, 1))[0]
    size, rooms, persons, rent = (rng.randint(*bounds) for bounds in HOUSING_SIZES[housing_type])
    details = {
        "housing_type": housing_type,
        "size_m2": size,
        "rooms": rooms,
        "persons": persons,
        "warm_rent": round(rent, -1) if rng.random() < 0.85 else 0,
        "furnished": rng.random() < 0.4,
        "step_free": rng.random() < 0.2,
    }
    start, end = _period(rng, today, 52)
    return OfferData(OfferKind.HOUSING, details, rng.choice(HOUSING_TEXTS), persons, start, end, _home(rng))


def _premises(rng: Random, _profile: Profile, today: date) -> OfferData:
    premises_type, sizes, conditions, description = rng.choice(PREMISES)
    details = {"premises_type": premises_type, "size_m2": rng.randint(*sizes), "conditions": conditions}
    start, end = _period(rng, today, 26)
    return OfferData(OfferKind.PREMISES, details, description, None, start, end, _home(rng))


def _donation(rng: Random, _profile: Profile, _today: date) -> OfferData:
    categories, items, quantities, condition = rng.choice(DONATIONS)
    quantity = rng.randint(*quantities)
    handover = rng.choice(("pick_up", "delivery"))
    details = {"categories": categories, "quantity": quantity, "condition": condition, "handover": handover}
    return OfferData(OfferKind.DONATION, details, items, quantity)


def _other(rng: Random, _profile: Profile, _today: date) -> OfferData:
    return OfferData(OfferKind.OTHER, {}, rng.choice(OTHER_TEXTS))


OFFER_BUILDERS: dict[OfferKind, Callable[[Random, Profile, date], OfferData]] = {
    OfferKind.LANGUAGE_SUPPORT: _language_support,
    OfferKind.INTERPRETING: _interpreting,
    OfferKind.MENTORING: _mentoring,
    OfferKind.MINORS_SUPPORT: _minors_support,
    OfferKind.HOUSING: _housing,
    OfferKind.PREMISES: _premises,
    OfferKind.DONATION: _donation,
    OfferKind.OTHER: _other,
}


def _review_offers(rng: Random, people: list[Person]) -> None:
    """Leave most offers new and mark some as screened or paused, as after a few weeks of work."""
    for person in people:
        for offer in person.offers:
            offer.status = rng.choices(
                (OfferStatus.NEW, OfferStatus.VERIFIED, OfferStatus.ON_HOLD), weights=(55, 37, 8)
            )[0]


# --- Needs ---------------------------------------------------------------------------


def _needs(
    rng: Random, organisations: list[Organisation], creators: dict[int, int], coordinator_id: int, today: date
) -> list[Need]:
    order = list(organisations)
    rng.shuffle(order)
    needs = []
    for number, (kind, title, description, required, helpful, quantity, urgency) in enumerate(NEEDS):
        organisation = order[number % len(order)]
        start = today + timedelta(days=rng.randint(0, 21)) if rng.random() < 0.5 else None
        need = Need(
            organisation=organisation,
            kind=kind,
            title=title,
            description=description,
            required_languages=required,
            helpful_languages=helpful,
            quantity=quantity,
            urgency=urgency,
            status=NeedStatus.PARTLY_FILLED if quantity > 1 and rng.random() < 0.25 else NeedStatus.OPEN,
            starts_on=start,
            ends_on=start + timedelta(weeks=rng.randint(2, 12)) if start and rng.random() < 0.5 else None,
            created_by_id=creators.get(organisation.id, coordinator_id),
            district=organisation.district,
            postcode=organisation.postcode,
            street=organisation.street,
        )
        locate(need)
        needs.append(need)
    return needs


def _board(rng: Random, needs: list[Need], people: list[Person]) -> None:
    """Most needs on the public board, some volunteers asking for alerts, and a few pledges waiting.

    A Random of its own, so the rest of the demo data stays as it was.
    """
    now = utcnow()
    for need in needs:
        if rng.random() < 0.8:
            need.is_public, need.published_at = True, now - timedelta(days=rng.randint(0, 20), hours=rng.randint(0, 23))
    for person in people:
        if person.email and person.confirmed_at and rng.random() < 0.3:
            person.alerts_enabled, person.alerts_changed_at = True, person.confirmed_at
    db.session.flush()
    paired = {match.offer_id for need in needs for match in need.matches}
    for need in [need for need in needs if need.is_public][:4]:
        fitting = [
            offer
            for person in people
            for offer in person.offers
            if offer.kind is need.kind and offer.status is OfferStatus.VERIFIED and offer.id not in paired
        ]
        if fitting:
            offer = rng.choice(fitting)
            paired.add(offer.id)
            db.session.add(Match(need=need, offer=offer, origin=MatchOrigin.PLEDGE))


def _approved_matches(rng: Random, needs: list[Need], people: list[Person], coordinator_id: int) -> list[Match]:
    """One approved volunteer for each partly filled need, so its page shows who helps."""
    verified = [offer for person in people for offer in person.offers if offer.status is OfferStatus.VERIFIED]
    matches = []
    for need in needs:
        fitting = [offer for offer in verified if offer.kind is need.kind]
        if need.status is NeedStatus.PARTLY_FILLED and fitting:
            offer = rng.choice(fitting)
            verified.remove(offer)
            matches.append(
                Match(
                    need=need,
                    offer=offer,
                    status=MatchStatus.APPROVED,
                    decided_by_id=coordinator_id,
                    decided_at=utcnow(),
                )
            )
    return matches
