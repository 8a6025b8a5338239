"""Approval tells both sides through the outbox: each gets the other's contact, and only then."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from app.accounts.models import Role
from app.core.audit import history
from app.extensions import db
from app.matching import decisions
from app.offers.models import OfferKind
from app.outbox.models import OutboxMessage
from tests.factories import make_need, make_offer, make_organisation, make_person, make_user


@pytest.fixture
def need(app):
    organisation = make_organisation(
        email="kontakt@listholze.example", contact_name="Sara Yilmaz", phone="0511 7654321"
    )
    return make_need(
        organisation,
        title="Dolmetschen beim Kinderarzt",
        description="Termin am Dienstagvormittag",
        district="Vahrenwald",
        required_languages=["ar"],
    )


def volunteer_offer(**person_fields):
    person = make_person("Amira", "Haddad", phone="0176 1234567", languages=["ar", "de"], **person_fields)
    return make_offer(person, OfferKind.INTERPRETING, description="Arabisch und Deutsch, vormittags")


def queued() -> list[OutboxMessage]:
    db.session.expire_all()
    return db.session.scalars(sa.select(OutboxMessage).order_by(OutboxMessage.id)).all()


def body(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def test_no_mail_before_approval(need):
    decisions.propose(need, volunteer_offer(), make_user(Role.COORDINATOR))
    db.session.commit()
    assert queued() == []


def test_both_sides_get_their_mail_after_approval(need, runner, smtp_server):
    match = decisions.propose(need, volunteer_offer(), None)
    decisions.approve(match, make_user(Role.COORDINATOR))
    db.session.commit()

    result = runner.invoke(args=["outbox", "send"])
    assert "sent 2" in result.output, result.output

    by_recipient = {message["To"]: message for message in smtp_server.messages}
    volunteer = by_recipient["amira.haddad@example.org"]
    assert volunteer["Subject"] == "Ihre Hilfe wird gebraucht: Dolmetschen beim Kinderarzt"
    text = body(volunteer)
    for expected in ("Unterkunft Am Listholze", "Sara Yilmaz", "kontakt@listholze.example", "0511 7654321"):
        assert expected in text
    assert "Stadtteil: Vahrenwald" in text and "Termin am Dienstagvormittag" in text

    organisation = by_recipient["kontakt@listholze.example"]
    assert organisation["Subject"] == "Helferin oder Helfer gefunden: Dolmetschen beim Kinderarzt"
    text = body(organisation)
    for expected in ("Amira Haddad", "amira.haddad@example.org", "0176 1234567", match.offer.reference):
        assert expected in text
    assert "Arabisch und Deutsch, vormittags" in text  # the offer summary
    assert 'lang="de"' in organisation.get_body(preferencelist=("html",)).get_content()


def test_volunteer_mail_is_queued_in_their_language_the_organisations_in_german(need):
    decisions.approve(decisions.propose(need, volunteer_offer(locale="en"), None), None)
    assert {(message.template, message.locale) for message in queued()} == {
        ("match_approved_volunteer", "en"),
        ("match_approved_organisation", "de"),
    }


def test_mails_belong_to_the_volunteer_so_erasure_takes_them_along(need):
    match = decisions.approve(decisions.propose(need, volunteer_offer(), None), None)
    assert {message.person_id for message in queued()} == {match.offer.person_id}


def test_a_volunteer_without_mail_address_is_called_instead(need):
    match = decisions.propose(need, volunteer_offer(email=None), None)
    decisions.approve(match, None)
    assert [message.template for message in queued()] == ["match_approved_organisation"]
    [sent, *_] = history(match)
    assert sent.action == "contacts_sent"
    assert sent.changes == {"volunteer": False, "organisation": True}


def test_a_refused_approval_queues_nothing(need):
    decisions.approve(decisions.propose(need, volunteer_offer(), None), None)
    late = decisions.propose(need, make_offer(make_person("Ben", "Okafor"), OfferKind.INTERPRETING), None)
    before = len(queued())
    with pytest.raises(decisions.CapacityExhausted):
        decisions.approve(late, None)
    assert len(queued()) == before
