"""The feedback pages in a real browser: axe finds nothing, and a screenshot of each.

In tests/e2e, where the session's browser starts before any test runs an event loop in this thread."""

from __future__ import annotations

import pytest

from app.accounts.models import Role
from app.extensions import db
from app.feedback.models import FeedbackAnswer, FeedbackSide
from tests.e2e.conftest import accessibility_violations, log_in_browser, screenshot
from tests.factories import make_user
from tests.feedback.feedback_data import a_need, decided_match, question_token, questions, shelter


@pytest.fixture
def asked(app):
    match = decided_match(a_need(shelter()), "Pia", 15)
    tokens = {
        "volunteer": question_token(match, FeedbackSide.VOLUNTEER, FeedbackAnswer.NOT_YET),
        "organisation": question_token(match, FeedbackSide.ORGANISATION, FeedbackAnswer.YES),
    }
    make_user(Role.COORDINATOR)
    db.session.commit()
    return match, tokens


@pytest.mark.parametrize("lang", ["de", "ar"])
def test_the_answer_pages_have_no_violations(page, asked, lang):
    match, tokens = asked
    page.goto(f"/rueckmeldung/{tokens['volunteer']}?lang={lang}")
    assert page.locator("input[value=not_yet]").is_checked()
    screenshot(page, f"a11y-feedback-answer-{lang}")
    assert accessibility_violations(page) == []

    page.locator("textarea").fill("Wir treffen uns nächste Woche.")
    page.locator("form button[type=submit]").click()
    page.wait_for_selector(".kern-alert--success")
    screenshot(page, f"a11y-feedback-answered-{lang}")
    assert accessibility_violations(page) == []
    db.session.expire_all()
    assert questions(match)[0].answer is FeedbackAnswer.NOT_YET

    page.goto(f"/rueckmeldung/{tokens['organisation']}?lang={lang}")
    page.locator("form button[type=submit]").click()
    page.goto(f"/rueckmeldung/{tokens['organisation']}?lang={lang}")
    assert page.get_by_role("heading", level=1).count() == 1
    screenshot(page, f"a11y-feedback-already-{lang}")
    assert accessibility_violations(page) == []


def test_the_match_page_and_list_with_answers_and_downloads_have_no_violations(page, asked):
    match, tokens = asked
    page.goto(f"/rueckmeldung/{tokens['volunteer']}")
    page.locator("form button[type=submit]").click()
    page.wait_for_selector(".kern-alert--success")
    log_in_browser(page, "coordinator@example.org")
    found = {}
    for number, path in enumerate([f"/intern/vermittlungen/{match.id}", "/intern/vermittlungen"]):
        assert page.goto(path).status == 200
        screenshot(page, f"a11y-feedback-coordinator-{number:02d}")
        if violations := accessibility_violations(page):
            found[path] = violations
    assert found == {}
    assert page.get_by_role("link", name="Als Excel-Datei (XLSX) herunterladen").count() == 1
