"""The answer page behind the signed link: a GET records nothing, a POST records once; the match page shows it."""

from __future__ import annotations

import re

import pytest

from app.accounts.models import Role
from app.core.tokens import make_token
from app.extensions import db
from app.feedback.models import FeedbackAnswer, FeedbackSide
from app.feedback.services import PURPOSE, answer_token
from tests.conftest import csrf_token_from
from tests.factories import log_in, make_user
from tests.feedback.feedback_data import a_need, decided_match, question_token, questions, shelter


@pytest.fixture
def match(app):
    return decided_match(a_need(shelter()), "Pia", 15)


def url(token: str) -> str:
    return f"/rueckmeldung/{token}"


def post(client, token: str, **data):
    csrf = csrf_token_from(client.get(url(token)).get_data(as_text=True))
    return client.post(url(token), data={"csrf_token": csrf, **data})


def test_the_link_shows_the_question_with_its_answer_chosen_and_records_nothing(client, match):
    token = question_token(match, answer=FeedbackAnswer.NOT_YET)
    response = client.get(url(token))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Hat es geklappt?" in html and "Deutsch lernen im Café" in html
    assert re.findall(r'<input[^>]*\bchecked\b[^>]*value="([a-z_]+)"', html) == ["not_yet"]
    assert "Pia" not in html  # no name on a page anyone with the link could open
    db.session.expire_all()
    [feedback] = questions(match)
    assert feedback.answer is None and feedback.answered_at is None


def test_the_answer_is_recorded_once(client, match):
    token = question_token(match, answer=FeedbackAnswer.YES)
    response = post(client, token, answer="yes", comment="  Sehr nette Begegnung.  ")
    assert response.status_code == 200
    assert "Vielen Dank für Ihre Rückmeldung" in response.get_data(as_text=True)
    db.session.expire_all()
    [feedback] = questions(match)
    assert (feedback.answer, feedback.comment) == (FeedbackAnswer.YES, "Sehr nette Begegnung.")
    assert feedback.answered_at is not None

    # The same or another of the three links later: already answered, nothing changes.
    again = client.get(url(answer_token(feedback, FeedbackAnswer.NO)))
    assert "Diese Frage ist schon beantwortet" in again.get_data(as_text=True)
    assert "Ja, es hat geklappt" in again.get_data(as_text=True)
    csrf = csrf_token_from(client.get("/anmelden").get_data(as_text=True))
    late = client.post(url(answer_token(feedback, FeedbackAnswer.NO)), data={"csrf_token": csrf, "answer": "no"})
    assert "schon beantwortet" in late.get_data(as_text=True)
    db.session.expire_all()
    assert questions(match)[0].answer is FeedbackAnswer.YES


def test_the_chosen_answer_may_differ_from_the_link_and_the_comment_is_optional(client, match):
    token = question_token(match, FeedbackSide.ORGANISATION, FeedbackAnswer.YES)
    html = client.get(url(token)).get_data(as_text=True)
    assert match.offer.reference in html and "Pia" not in html
    assert post(client, token, answer="no").status_code == 200
    db.session.expire_all()
    [feedback] = questions(match)
    assert (feedback.side, feedback.answer, feedback.comment) == (FeedbackSide.ORGANISATION, FeedbackAnswer.NO, None)


def test_a_too_long_comment_or_no_answer_is_refused_and_nothing_recorded(client, match):
    token = question_token(match)
    too_long = post(client, token, answer="yes", comment="x" * 1001)
    assert too_long.status_code == 422
    assert "höchstens 1000 Zeichen" in too_long.get_data(as_text=True)
    assert post(client, token, answer="vielleicht").status_code == 422
    assert post(client, token).status_code == 422
    db.session.expire_all()
    assert questions(match)[0].answer is None


def test_a_post_without_csrf_token_records_nothing(client, match):
    response = client.post(url(question_token(match)), data={"answer": "yes"})
    assert response.status_code == 400  # the app's CSRF protection
    db.session.expire_all()
    assert questions(match)[0].answer is None


def test_tampered_foreign_and_expired_links(app, client, match):
    token = question_token(match)
    assert client.get(url(token[:-2] + ("AA" if not token.endswith("AA") else "BB"))).status_code == 404
    # Signed for another purpose (an alert answer) or naming a question that does not exist.
    assert client.get(url(make_token("alert-answer", f"{questions(match)[0].id}:yes"))).status_code == 404
    assert client.get(url(make_token(PURPOSE, "999999:yes"))).status_code == 404
    assert client.get(url(make_token(PURPOSE, f"{questions(match)[0].id}:maybe"))).status_code == 404
    app.config["FEEDBACK_ANSWER_DAYS"] = -1
    expired = client.get(url(token))
    assert expired.status_code == 410
    assert "abgelaufen" in expired.get_data(as_text=True)


def test_coordinators_see_the_answers_on_the_match_page(app, client, match):
    question_token(match, FeedbackSide.VOLUNTEER)
    question_token(match, FeedbackSide.ORGANISATION)
    volunteer, _organisation = questions(match)
    volunteer.answer, volunteer.comment = FeedbackAnswer.NOT_YET, "Wir treffen uns nächste Woche."
    db.session.commit()
    log_in(client, make_user(Role.COORDINATOR))
    db.session.commit()
    html = client.get(f"/intern/vermittlungen/{match.id}").get_data(as_text=True)
    assert "Rückmeldungen: Hat es geklappt?" in html
    assert "noch nicht" in html and "Wir treffen uns nächste Woche." in html
    assert "noch keine Antwort" in html


def test_the_match_page_says_when_the_question_will_go_out(app, client, match):
    log_in(client, make_user(Role.COORDINATOR))
    db.session.commit()
    html = client.get(f"/intern/vermittlungen/{match.id}").get_data(as_text=True)
    assert "Noch nicht gefragt. 14 Tage nach der Zusage" in html
