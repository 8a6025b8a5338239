"""Invitations: the admin invites, the mail carries a link that works once, the invitee chooses a password."""

from __future__ import annotations

import time

import pytest
import sqlalchemy as sa
from itsdangerous import TimestampSigner

from app.accounts.models import Role, User
from app.accounts.services import INVITATION, account_token, user_by_email
from app.core.audit import history
from app.extensions import db
from app.outbox.models import OutboxMessage
from app.outbox.services import deliver_due
from tests.accounts.helpers import NEW_PASSWORD, attempt_login, link_path, post_form
from tests.factories import log_in, make_organisation, make_user

INVITE = "/intern/konten/einladen"


@pytest.fixture
def admin_client(app, client):
    log_in(client, make_user(Role.ADMIN, display_name="Ada Admin"))
    return client


def invite(client, **fields):
    data = {"display_name": "Olga Ortsteil", "email": "Olga@Example.org", "role": "hotline", "locale": "de"}
    return post_form(client, INVITE, {**data, **fields})


def choose(client, path: str):
    return post_form(client, path, {"password": NEW_PASSWORD, "password_repeat": NEW_PASSWORD})


def test_invitation_end_to_end_through_the_mail_server(app, admin_client, smtp_server):
    organisation = make_organisation("Unterkunft Am Listholze")
    db.session.commit()
    response = invite(admin_client, role="org_member", organisation=organisation.public_id)
    olga = user_by_email("olga@example.org")
    assert response.status_code == 302 and response.headers["Location"] == f"/intern/konten/{olga.id}"
    assert olga.is_invited and olga.organisation == organisation
    assert attempt_login(app.test_client(), "olga@example.org", "").status_code == 422  # no password yet

    assert deliver_due().sent == 1
    [message] = smtp_server.messages
    assert message["To"] == "olga@example.org"
    assert message["Subject"] == "Einladung zum Helfernetz Hannover"
    text = message.get_body(preferencelist=("plain",)).get_content()
    assert "Ada Admin" in text and "Unterkunft Am Listholze" in text and "7 Tage" in text
    path = link_path(text, "/konto/einladung/")

    invitee = app.test_client()
    assert "Konto einrichten" in invitee.get(path).get_data(as_text=True)
    assert choose(invitee, path).headers["Location"] == "/intern"
    home = invitee.get("/intern").get_data(as_text=True)
    assert "Olga Ortsteil" in home and "Bedarfe Ihrer Organisation" in home

    used = app.test_client().get(path)
    assert used.status_code == 410 and "schon benutzt" in used.get_data(as_text=True)
    actions = [event.action for event in history(db.session.get(User, olga.id))]
    assert {"created", "invited", "password_set"} <= set(actions)


def test_an_org_member_needs_an_organisation(admin_client):
    response = invite(admin_client, role="org_member", organisation="")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Bitte wählen Sie die Organisation" in html and 'value="Olga Ortsteil"' in html
    assert user_by_email("olga@example.org") is None


def test_staff_belong_to_no_organisation(admin_client):
    organisation = make_organisation()
    db.session.commit()
    assert invite(admin_client, role="coordinator", organisation=organisation.public_id).status_code == 302
    assert user_by_email("olga@example.org").organisation is None


def test_a_second_account_for_one_address_is_refused(admin_client):
    make_user(Role.HOTLINE, email="olga@example.org")
    db.session.commit()
    response = invite(admin_client, email="OLGA@example.org ")
    assert response.status_code == 422
    assert "gibt es schon ein Konto" in response.get_data(as_text=True)


def test_bad_input_is_kept_and_explained(admin_client):
    response = invite(admin_client, email="keine-adresse", display_name="")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "gültige E-Mail-Adresse" in html and "Bitte geben Sie den Namen an." in html
    assert 'value="keine-adresse"' in html


def test_the_organisations_page_can_preselect_the_organisation(admin_client):
    organisation = make_organisation()
    retired = make_organisation("Geschlossene Unterkunft", is_active=False)
    db.session.commit()
    html = admin_client.get(f"{INVITE}?organisation={organisation.public_id}").get_data(as_text=True)
    assert f'<option selected value="{organisation.public_id}">' in html
    assert '<option selected value="org_member">' in html
    assert retired.public_id not in html
    assert '<option selected value="hotline">' in admin_client.get(f"{INVITE}?organisation=unknown").get_data(
        as_text=True
    )


def test_an_expired_invitation_is_gone_and_can_be_sent_again(app, admin_client, monkeypatch):
    invite(admin_client)
    olga = user_by_email("olga@example.org")
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: int(time.time()) - 7 * 86400 - 1)
    old_path = f"/konto/einladung/{account_token(INVITATION, olga)}"
    monkeypatch.undo()
    response = app.test_client().get(old_path)
    assert response.status_code == 410 and "abgelaufen" in response.get_data(as_text=True)

    resent = post_form(admin_client, f"/intern/konten/{olga.id}/einladung-erneut", {}, page=f"/intern/konten/{olga.id}")
    assert resent.status_code == 302
    mails = db.session.scalars(sa.select(OutboxMessage).where(OutboxMessage.template == "account_invitation")).all()
    assert len(mails) == 2
    assert "invitation_resent" in [event.action for event in history(olga)]
    fresh = app.test_client()
    assert choose(fresh, link_path(mails[-1].context["accept_url"], "/konto/einladung/")).status_code == 302


def test_only_open_invitations_can_be_resent(admin_client):
    hotline = make_user(Role.HOTLINE)
    db.session.commit()
    response = post_form(admin_client, f"/intern/konten/{hotline.id}/einladung-erneut", {}, page="/intern/konten")
    assert response.status_code == 302
    assert "Nur offene Einladungen" in admin_client.get(response.headers["Location"]).get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)) == 0


def test_a_deactivated_invitees_link_no_longer_works(app, admin_client):
    invite(admin_client)
    olga = user_by_email("olga@example.org")
    path = f"/konto/einladung/{account_token(INVITATION, olga)}"
    post_form(admin_client, f"/intern/konten/{olga.id}/deaktivieren", {}, page="/intern/konten")
    assert app.test_client().get(path).status_code == 404
