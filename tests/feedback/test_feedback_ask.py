"""``flask feedback ask``: who is asked, exactly once, and the mail with its three links."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from app.core.db import utcnow
from app.extensions import db
from app.feedback.models import FeedbackSide
from app.outbox.models import OutboxMessage
from tests.feedback.feedback_data import BASE_URL, a_need, decided_match, questions, shelter


def ask(runner, *args: str):
    result = runner.invoke(args=["feedback", "ask", "--base-url", BASE_URL, *args])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    return result


def asked(match) -> set[str]:
    return {feedback.side.value for feedback in questions(match)}


def outbox() -> list[OutboxMessage]:
    return db.session.scalars(sa.select(OutboxMessage).order_by(OutboxMessage.id)).all()


def test_both_sides_are_asked_fourteen_days_after_approval_not_thirteen(app, runner):
    need = a_need(shelter())
    due = decided_match(need, "Vierzehn", 14.01)
    early = decided_match(need, "Dreizehn", 13.9)
    db.session.commit()

    result = ask(runner)
    assert "feedback: 2 question mail(s) queued" in result.output
    assert asked(due) == {"volunteer", "organisation"}
    assert asked(early) == set()
    assert {(m.recipient, m.template, m.person_id) for m in outbox()} == {
        ("vierzehn.test@example.org", "match_feedback", due.offer.person_id),
        ("kontakt@listholze.example", "match_feedback", due.offer.person_id),
    }


def test_matches_older_than_the_answer_window_are_left_alone(app, runner):
    # The first run after the feature went live must not ask about years of old matches.
    need = a_need(shelter())
    last_day = decided_match(need, "Letzter", 14 + 59.9)
    too_old = decided_match(need, "Alt", 14 + 60.1)
    db.session.commit()
    ask(runner)
    assert asked(last_day) == {"volunteer", "organisation"}
    assert asked(too_old) == set()


@pytest.mark.parametrize(
    ("status", "is_asked"),
    [
        ("approved", True),
        ("contacted", True),
        ("active", True),
        ("completed", True),
        ("proposed", False),
        ("rejected", False),
        ("cancelled", False),
    ],
)
def test_only_matches_that_went_ahead_are_asked(app, runner, status, is_asked):
    match = decided_match(a_need(shelter()), "Pia", 20, status)
    db.session.commit()
    ask(runner)
    assert asked(match) == ({"volunteer", "organisation"} if is_asked else set())


def test_sides_without_a_mail_address_or_anonymised_are_not_asked(app, runner):
    no_mail_shelter = a_need(shelter(name="Notunterkunft Messe", email=None), "Betten aufbauen")
    need = a_need(shelter())
    without_mail = decided_match(need, "Ohne", 15, email=None, phone="0511 123")
    erased = decided_match(need, "Gelöscht", 15)
    erased.offer.person.erased_at = utcnow()
    organisation_without_mail = decided_match(no_mail_shelter, "Nora", 15)
    db.session.commit()

    ask(runner)
    assert asked(without_mail) == {"organisation"}
    assert asked(erased) == {"organisation"}
    assert asked(organisation_without_mail) == {"volunteer"}
    # The organisation's question about an anonymised person does not name them.
    [about_erased] = [m for m in outbox() if m.person_id == erased.offer.person_id]
    assert about_erased.recipient == "kontakt@listholze.example" and about_erased.context["name"] is None


def test_each_match_is_asked_only_once(app, runner):
    match = decided_match(a_need(shelter()), "Pia", 30)
    db.session.commit()
    assert "2 question mail(s)" in ask(runner).output
    assert "0 question mail(s)" in ask(runner).output
    assert len(questions(match)) == 2 and len(outbox()) == 2


def test_the_command_needs_the_portals_address(runner):
    result = runner.invoke(args=["feedback", "ask"], env={"HELFERNETZ_BASE_URL": ""})
    assert result.exit_code != 0
    assert "--base-url" in result.output


def test_the_mails_carry_three_answer_links_in_the_recipients_language(app, runner, smtp_server):
    match = decided_match(a_need(shelter()), "Olena", 15, locale="uk")
    db.session.commit()
    runner.invoke(args=["feedback", "ask"], env={"HELFERNETZ_BASE_URL": BASE_URL})
    result = runner.invoke(args=["outbox", "send"])
    assert "sent 2" in result.output, result.output

    by_recipient = {message["To"]: message for message in smtp_server.messages}
    for recipient in ("olena.test@example.org", "kontakt@listholze.example"):
        text = by_recipient[recipient].get_body(preferencelist=("plain",)).get_content()
        links = re.findall(rf"{re.escape(BASE_URL)}/rueckmeldung/\S+", text)
        assert len(links) == 3, text
        html = by_recipient[recipient].get_body(preferencelist=("html",)).get_content()
        assert all(link in html for link in links)
    organisation_text = by_recipient["kontakt@listholze.example"].get_body(preferencelist=("plain",)).get_content()
    assert "Hat es geklappt?" in by_recipient["kontakt@listholze.example"]["Subject"]
    assert "Olena Test" in organisation_text and match.offer.reference in organisation_text
    assert {feedback.side for feedback in questions(match)} == set(FeedbackSide)
