"""The links in alert mails: an answer is recorded once and only by a POST; tokens cannot be bent."""

from __future__ import annotations

import base64
import json

import pytest
import sqlalchemy as sa

from app.alerts import services
from app.alerts.models import AlertResponse, NeedAlert
from app.board.services import waiting_pledges
from app.extensions import db
from app.matching.models import Match, MatchOrigin, MatchStatus
from app.needs.models import NeedStatus
from tests.alerts.alert_factories import go_public, interpreting_need, volunteer
from tests.conftest import csrf_token_from
from tests.factories import make_organisation

CAN_HELP, NOT_THIS_TIME = AlertResponse.CAN_HELP, AlertResponse.NOT_THIS_TIME


@pytest.fixture
def alert(app) -> NeedAlert:
    volunteer("Amal")
    [alert] = go_public(interpreting_need(make_organisation()))
    db.session.commit()
    return alert


def answer_url(alert: NeedAlert, response: AlertResponse) -> str:
    return f"/hinweise/antwort/{services.answer_token(alert, response)}"


def fresh(alert: NeedAlert) -> NeedAlert:
    db.session.expire_all()
    return db.session.get(NeedAlert, alert.id)


def matches() -> list[Match]:
    db.session.expire_all()
    return db.session.scalars(sa.select(Match)).all()


def form_token(client) -> str:
    """A CSRF token of the client's session, taken from another page."""
    return csrf_token_from(client.get("/helfen/angebot").get_data(as_text=True))


def confirm(client, url: str):
    """What a person does: open the link, press the one button."""
    page = client.get(url)
    assert page.status_code == 200
    return client.post(url, data={"csrf_token": csrf_token_from(page.get_data(as_text=True))})


def test_opening_the_link_shows_the_need_and_records_nothing(client, alert):
    page = client.get(answer_url(alert, CAN_HELP))
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    for expected in ("Dolmetschen beim Kinderarzt", "Dolmetschen", "Vahrenwald-List", "Ja, ich kann helfen"):
        assert expected in html
    assert 'method="post"' in html and 'name="csrf_token"' in html
    assert "Unterkunft Am Listholze" not in html  # the mail and the page name no organisation
    client.get(answer_url(alert, NOT_THIS_TIME))
    assert fresh(alert).response is None and matches() == []


def test_i_can_help_proposes_the_offer_once(client, alert):
    response = confirm(client, answer_url(alert, CAN_HELP))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Vielen Dank für Ihre Zusage!" in html
    assert "meldet sich bei Ihnen" in html and "Kontaktdaten" in html
    recorded = fresh(alert)
    assert recorded.response is CAN_HELP and recorded.responded_at is not None
    [match] = waiting_pledges(recorded.need)
    assert (match.offer_id, match.status, match.origin) == (recorded.offer_id, MatchStatus.PROPOSED, MatchOrigin.ALERT)

    # The link works once: a second use says so and changes nothing, nor does the other answer.
    responded_at = recorded.responded_at
    token = form_token(client)
    for url in (answer_url(alert, CAN_HELP), answer_url(alert, NOT_THIS_TIME)):
        for again in (client.get(url), client.post(url, data={"csrf_token": token})):
            assert again.status_code == 200
            html = again.get_data(as_text=True)
            assert "Ihre Antwort ist bereits gespeichert" in html
            assert "Sie haben geantwortet: Ich kann helfen." in html
    recorded = fresh(alert)
    assert (recorded.response, recorded.responded_at) == (CAN_HELP, responded_at)
    assert len(matches()) == 1


def test_not_this_time_is_recorded_without_a_match(client, alert):
    response = confirm(client, answer_url(alert, NOT_THIS_TIME))
    assert "Vielen Dank für Ihre Antwort" in response.get_data(as_text=True)
    assert fresh(alert).response is NOT_THIS_TIME
    assert matches() == []


def test_a_post_without_the_forms_token_records_nothing(client, alert):
    assert client.post(answer_url(alert, CAN_HELP)).status_code == 400
    assert fresh(alert).response is None and matches() == []


def test_i_can_help_for_a_need_that_left_the_board_records_nothing(client, alert):
    alert.need.status = NeedStatus.FILLED
    db.session.commit()
    page = client.get(answer_url(alert, CAN_HELP))
    assert page.status_code == 200
    assert "Dieser Bedarf ist nicht mehr offen" in page.get_data(as_text=True)
    client.post(answer_url(alert, CAN_HELP), data={"csrf_token": form_token(client)})
    assert fresh(alert).response is None and matches() == []


def resigned(token: str, value: str) -> str:
    """The token with its payload replaced and the signature kept (what a tamperer can do)."""
    _payload, timestamp, signature = token.split(".")
    payload = base64.urlsafe_b64encode(json.dumps(value).encode()).rstrip(b"=").decode()
    return f"{payload}.{timestamp}.{signature}"


def test_tampered_tokens_are_rejected(client, alert, app):
    other = volunteer("Badr")
    alerts = go_public(interpreting_need(make_organisation("Zweite Unterkunft"), "Anderer Bedarf"))
    [other_alert] = [a for a in alerts if a.person_id == other.person_id]
    db.session.commit()
    token = services.answer_token(alert, NOT_THIS_TIME)
    bent = [
        token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb"),  # signature altered
        resigned(token, f"{alert.id}:can_help"),  # the other answer
        resigned(token, f"{other_alert.id}:not_this_time"),  # another alert
        services.unsubscribe_token(alert.person),  # a token made for another purpose
        "nonsense",
    ]
    csrf = form_token(client)
    for value in bent:
        url = f"/hinweise/antwort/{value}"
        for response in (client.get(url), client.post(url, data={"csrf_token": csrf})):
            assert response.status_code == 404, value
            assert "Dieser Link ist ungültig" in response.get_data(as_text=True)
    assert fresh(alert).response is None and fresh(other_alert).response is None and matches() == []


def test_an_expired_answer_link_says_so(client, alert, app):
    app.config["ALERTS_ANSWER_DAYS"] = -1
    response = client.get(answer_url(alert, CAN_HELP))
    assert response.status_code == 410
    assert "Dieser Link ist abgelaufen" in response.get_data(as_text=True)


def test_an_answer_link_of_an_erased_person_is_invalid(client, alert):
    url = answer_url(alert, CAN_HELP)
    db.session.delete(alert.person)
    db.session.commit()
    assert client.get(url).status_code == 404


def test_an_answer_recorded_meanwhile_by_another_request_is_kept(alert):
    """A double click: the first POST recorded its answer after the second one had read the alert."""
    loaded = fresh(alert)
    with db.engine.begin() as other_request:
        other_request.execute(sa.update(NeedAlert).where(NeedAlert.id == alert.id).values(response=NOT_THIS_TIME.value))
    assert loaded.response is None  # what this request read before
    assert services.answer(loaded, CAN_HELP) is False
    assert loaded.response is NOT_THIS_TIME
    assert matches() == []
