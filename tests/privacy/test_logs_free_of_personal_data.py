"""Application logs hold no personal data: a submission, the opt-in, a hotline entry and an approval, all logged at DEBUG."""

from __future__ import annotations

import logging
import re

import pytest
import sqlalchemy as sa

from app.accounts.models import Role
from app.extensions import db
from app.matching.models import Match
from app.offers.models import Offer, OfferKind, OfferStatus
from app.outbox.models import OutboxMessage
from tests.factories import log_in, make_need, make_organisation, make_user
from tests.offers.payloads import offer_form

WEB = {
    "first_name": "Quendolin",
    "last_name": "Wegscheider",
    "email": "quendolin.w@example.net",
    "phone": "0511 8765432",
}
PHONE = {"first_name": "Hiltrud", "last_name": "Ossenkopp", "phone": "0176 55511122"}
NEEDLES = ("quendolin", "wegscheider", "8765432", "hiltrud", "ossenkopp", "55511122", "+49")


@pytest.fixture
def config_overrides():
    return {"RATELIMIT_ENABLED": False}


@pytest.fixture
def logged(caplog):
    # The migrations' logging.config.fileConfig disabled every logger that existed then; not in production.
    loggers = [logging.getLogger(name) for name in list(logging.root.manager.loggerDict)]
    disabled = [logger for logger in loggers if logger.disabled]
    for logger in disabled:
        logger.disabled = False
    caplog.set_level(logging.DEBUG)
    for name in ("werkzeug", "app", "flask"):
        caplog.set_level(logging.DEBUG, logger=name)
    yield caplog
    for logger in disabled:
        logger.disabled = True


def csrf_from(html: str) -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)


def test_no_log_record_names_a_person(app, client, csrf_token, logged):
    # A public submission and its opt-in link.
    response = client.post(
        "/helfen/angebot", data={**offer_form("interpreting", **WEB), "csrf_token": csrf_token("/helfen/angebot")}
    )
    assert response.status_code in (302, 303), response.status_code
    confirm_url = db.session.scalar(sa.select(OutboxMessage.context))["confirm_url"]
    confirm_path = re.search(r"https?://[^/\s]+(/\S+)", confirm_url).group(1)
    page = client.get(confirm_path).get_data(as_text=True)
    assert client.post(confirm_path, data={"csrf_token": csrf_from(page)}).status_code == 200

    # A hotline entry.
    hotline = make_user(Role.HOTLINE)
    coordinator = make_user(Role.COORDINATOR, email="koordination@example.org")
    organisation = make_organisation(email="kontakt@unterkunft.example", contact_name="Sara Yilmaz")
    need = make_need(organisation, required_languages=[])
    db.session.commit()
    log_in(client, hotline)
    data = offer_form("interpreting", email=None, locale="de", note="Ruft abends an", consent="y", **PHONE)
    data = {key: value for key, value in data.items() if value is not None}
    response = client.post("/intern/hotline", data={**data, "csrf_token": csrf_token("/intern/hotline")})
    assert response.status_code in (200, 302, 303), response.status_code
    client.post("/abmelden", data={"csrf_token": csrf_token("/intern")})

    # A coordinator proposes the web volunteer's offer and approves it: mails to both sides.
    offer = db.session.scalar(sa.select(Offer).join(Offer.person).where(Offer.kind == OfferKind.INTERPRETING))
    offer.status = OfferStatus.VERIFIED
    db.session.commit()
    log_in(client, coordinator)
    response = client.post(
        "/intern/vermittlungen/vorschlagen",
        data={"need": need.public_id, "offer": offer.public_id, "approve": "y", "csrf_token": csrf_token("/intern")},
    )
    assert response.status_code in (302, 303), response.status_code
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Match)) == 1

    # The capture works at DEBUG for the app's own loggers (else this test could pass by hearing nothing).
    logging.getLogger("app.privacy").debug("canary")
    assert "canary" in [record.getMessage() for record in logged.records]
    text = "\n".join(f"{record.name} {record.getMessage()} {record.args!r}" for record in logged.records).lower()
    assert [needle for needle in NEEDLES if needle in text] == []
