"""The daily digest: one mail per person with their waiting alerts, once; ``flask alerts digest`` for cron."""

from __future__ import annotations

import pytest

from app.alerts.models import AlertMail, AlertResponse
from app.alerts.services import send_digests
from app.extensions import db
from app.needs.models import NeedStatus, Urgency
from tests.alerts.alert_factories import go_public, interpreting_need, outbox, volunteer
from tests.conftest import count
from tests.factories import make_organisation

BASE_URL = "https://helfernetz.example"


@pytest.fixture(autouse=True)
def request_context():
    """No request here: the command must build its links by itself (overrides the package's fixture)."""
    yield


@pytest.fixture
def organisation(app):
    return make_organisation()


def titles(message) -> list[str]:
    return [need["title"] for need in message.context["needs"]]


def test_one_digest_per_person_listing_their_needs_and_only_once(app, organisation):
    arabic = volunteer("Amal")
    arabic_and_farsi = volunteer("Badr", languages=("de", "ar", "fa"))
    go_public(interpreting_need(organisation, "Dolmetschen beim Kinderarzt"))
    go_public(interpreting_need(organisation, "Dolmetschen im Jobcenter", required_languages=["ar", "fa"]))
    assert outbox() == []

    with app.test_request_context(base_url=BASE_URL):
        assert send_digests() == 2
    by_person = {message.person_id: message for message in outbox("need_alert_digest")}
    assert titles(by_person[arabic.person_id]) == ["Dolmetschen beim Kinderarzt"]
    assert sorted(titles(by_person[arabic_and_farsi.person_id])) == [
        "Dolmetschen beim Kinderarzt",
        "Dolmetschen im Jobcenter",
    ]
    assert len(outbox()) == 2 and count(AlertMail) == 2

    with app.test_request_context(base_url=BASE_URL):
        assert send_digests() == 0
    assert len(outbox()) == 2


def test_the_digest_leaves_out_needs_no_longer_on_the_board_and_answered_alerts(app, organisation):
    volunteer("Amal")
    closed = interpreting_need(organisation, "Schon erledigt")
    go_public(closed)
    closed.status = NeedStatus.CLOSED
    [answered] = go_public(interpreting_need(organisation, "Schon beantwortet"))
    answered.response = AlertResponse.NOT_THIS_TIME
    go_public(interpreting_need(organisation, "Noch offen"))
    db.session.flush()
    with app.test_request_context(base_url=BASE_URL):
        assert send_digests() == 1
    [message] = outbox()
    assert titles(message) == ["Noch offen"]


def test_the_digest_leaves_out_needs_that_pledges_already_cover(app, organisation):
    from app.matching.models import Match, MatchOrigin

    volunteer("Amal")
    covered = interpreting_need(organisation, "Schon zugesagt", quantity=1)
    go_public(covered)
    go_public(interpreting_need(organisation, "Noch offen"))
    pledger = volunteer("Pia", alerts=False)
    db.session.add(Match(need=covered, offer=pledger, origin=MatchOrigin.PLEDGE))
    db.session.flush()
    with app.test_request_context(base_url=BASE_URL):
        assert send_digests() == 1
    [message] = outbox()
    assert titles(message) == ["Noch offen"]


def test_the_weekly_cap_holds_back_the_digest(app, organisation):
    app.config["ALERTS_PER_WEEK"] = 1
    amal = volunteer("Amal")
    with app.test_request_context(base_url=BASE_URL):
        go_public(interpreting_need(organisation, "Dringend", urgency=Urgency.HIGH))
        go_public(interpreting_need(organisation, "Später"))
        assert send_digests() == 0
    assert [message.template for message in outbox()] == ["need_alert"]
    assert outbox()[0].person_id == amal.person_id


def test_the_command_queues_the_digests_and_says_how_many(app, organisation, runner):
    volunteer("Amal")
    volunteer("Badr")
    go_public(interpreting_need(organisation))
    db.session.commit()

    result = runner.invoke(args=["alerts", "digest", "--base-url", BASE_URL])
    assert result.exit_code == 0, result.output
    assert "alerts: 2 digest mail(s) queued" in result.output
    db.session.expire_all()
    messages = outbox()
    assert len(messages) == 2
    assert all(message.context["unsubscribe_url"].startswith(f"{BASE_URL}/hinweise/abmelden/") for message in messages)

    result = runner.invoke(args=["alerts", "digest"], env={"HELFERNETZ_BASE_URL": BASE_URL})
    assert "alerts: 0 digest mail(s) queued" in result.output


def test_the_command_needs_the_portals_address(runner):
    result = runner.invoke(args=["alerts", "digest"], env={"HELFERNETZ_BASE_URL": ""})
    assert result.exit_code != 0
    assert "--base-url" in result.output
