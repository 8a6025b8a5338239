"""Urgent needs are mailed at once, one mail per person; the mail carries one-click unsubscribe and the answer links."""

from __future__ import annotations

import re

import pytest
from flask_babel import force_locale

from app.alerts.models import NeedAlert
from app.alerts.services import send_digests
from app.extensions import db
from app.needs.models import Urgency
from app.outbox.services import deliver_due, enqueue, render
from tests.alerts.alert_factories import go_public, interpreting_need, outbox, volunteer
from tests.factories import make_organisation

LINK = re.compile(r"https://helfernetz\.example/\S+")


@pytest.fixture
def organisation(app):
    return make_organisation()


def test_an_urgent_need_is_mailed_at_once_one_mail_per_person(organisation):
    amal, badr = volunteer("Amal"), volunteer("Badr")
    need = interpreting_need(organisation, urgency=Urgency.HIGH)
    alerts = go_public(need)
    messages = outbox("need_alert")
    assert sorted(message.recipient for message in messages) == [amal.person.email, badr.person.email]
    assert all(alert.mail is not None and not alert.mail.is_digest for alert in alerts)
    [facts] = messages[0].context["needs"]
    assert facts["title"] == "Dolmetschen beim Kinderarzt"
    assert (facts["missing"], facts["quantity"], facts["borough"]) == (2, 2, "Vahrenwald-List")
    # Mailed already: the digest does not send it again.
    assert send_digests() == 0


def test_a_normal_need_waits_for_the_digest(organisation):
    volunteer("Amal")
    go_public(interpreting_need(organisation))
    assert outbox() == []
    assert send_digests() == 1
    assert [message.template for message in outbox()] == ["need_alert_digest"]


def body(message, kind: str) -> str:
    return message.get_body(preferencelist=(kind,)).get_content()


def test_the_delivered_mail_carries_one_click_unsubscribe_and_both_answer_links(organisation, smtp_server, client):
    amal = volunteer("Amal")
    need = interpreting_need(organisation, urgency=Urgency.HIGH)
    go_public(need)
    db.session.commit()
    assert deliver_due().sent == 1

    [mail] = smtp_server.messages
    assert mail["To"] == amal.person.email
    assert mail["Subject"] == "Dringend gesucht: Dolmetschen beim Kinderarzt"
    unsubscribe = mail["List-Unsubscribe"]
    assert re.fullmatch(r"<https://helfernetz\.example/hinweise/abmelden/[\w.-]+>", unsubscribe)
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    text = body(mail, "plain")
    for expected in (
        "Guten Tag Amal Test",
        "Art: Dolmetschen",
        "Stadtbezirk: Vahrenwald-List",
        "Noch gesucht: 2 von 2",
    ):
        assert expected in text
    assert "höchstens 3 E-Mails pro Woche" in text
    links = LINK.findall(text)
    answers = [link for link in links if "/hinweise/antwort/" in link]
    assert len(answers) == 2
    assert f"https://helfernetz.example/bedarfe/{need.public_id}" in links
    assert unsubscribe.strip("<>") in links
    html = body(mail, "html")
    assert all(f'href="{link}"' in html for link in [*answers, unsubscribe.strip("<>")])
    assert max(len(line) for line in html.splitlines()) < 998

    # The first answer link is "I can help": it shows the need and asks to confirm.
    page = client.get(answers[0].removeprefix("https://helfernetz.example"))
    assert page.status_code == 200
    assert "Sie können bei diesem Bedarf helfen?" in page.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.query(NeedAlert).one().response is None


def test_mail_without_an_unsubscribe_link_has_no_list_headers(app, smtp_server):
    enqueue(
        "amira@example.org", "offer_opt_in", "de", name="Amira", confirm_url="https://x.example/", days=7, offers=[]
    )
    db.session.commit()
    assert deliver_due().sent == 1
    [mail] = smtp_server.messages
    assert mail["List-Unsubscribe"] is None and mail["List-Unsubscribe-Post"] is None


@pytest.mark.parametrize("locale", ["de", "en", "ar", "fa", "uk", "ru", "tr"])
def test_both_alert_mails_render_in_every_locale(organisation, app, locale):
    volunteer("Amal", locale=locale)
    volunteer("Badr", locale=locale)
    go_public(interpreting_need(organisation, urgency=Urgency.HIGH))
    go_public(interpreting_need(organisation, "Begleitung zum Jobcenter"))
    send_digests()
    messages = outbox()
    assert {message.template for message in messages} == {"need_alert", "need_alert_digest"}
    for message in messages:
        render(message)
        assert "Amal Test" in message.body_text or "Badr Test" in message.body_text
        assert message.subject and "\n" not in message.subject
        assert message.context["unsubscribe_url"] in message.body_text


def test_digest_subject_counts_the_needs(organisation):
    volunteer("Amal")
    go_public(interpreting_need(organisation))
    go_public(interpreting_need(organisation, "Begleitung zum Jobcenter"))
    send_digests()
    [message] = outbox()
    with force_locale("de"):
        render(message)
    assert message.subject == "2 Bedarfe, bei denen Sie helfen könnten"
    assert "1. Begleitung zum Jobcenter" in message.body_text and "2. Dolmetschen beim Kinderarzt" in message.body_text
