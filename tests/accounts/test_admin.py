"""Account management: only admins; deactivation and a new role take effect on the very next request."""

from __future__ import annotations

import pytest

from app.accounts.models import Role, User
from app.core.audit import history
from app.extensions import db
from tests.accounts.helpers import PASSWORD, attempt_login, post_form
from tests.factories import log_in, make_organisation, make_user


@pytest.fixture
def admin(app):
    user = make_user(Role.ADMIN, display_name="Ada Admin")
    db.session.commit()
    return user


@pytest.fixture
def admin_client(client, admin):
    log_in(client, admin)
    return client


@pytest.fixture
def hotline(app):
    user = make_user(Role.HOTLINE, display_name="Hanna Hotline")
    db.session.commit()
    return user


def logged_in_as(app, user: User):
    other = app.test_client()
    log_in(other, user)
    return other


def edit(client, user: User, **fields):
    data = {"display_name": user.display_name, "role": user.role.value, "organisation": ""}
    return post_form(
        client, f"/intern/konten/{user.id}/bearbeiten", {**data, **fields}, page=f"/intern/konten/{user.id}"
    )


def action(client, user: User, name: str):
    return post_form(client, f"/intern/konten/{user.id}/{name}", {}, page=f"/intern/konten/{user.id}")


def test_the_list_shows_every_account_and_filters_by_role_and_status(admin_client, hotline):
    organisation = make_organisation("Unterkunft Am Listholze")
    make_user(Role.ORG_MEMBER, email="olga@example.org", display_name="Olga Ortsteil", organisation=organisation)
    make_user(Role.COORDINATOR, display_name="Kim Koordination", is_active=False)
    db.session.commit()
    html = admin_client.get("/intern/konten").get_data(as_text=True)
    for text in ("Ada Admin", "Hanna Hotline", "Olga Ortsteil", "Unterkunft Am Listholze", "Deaktiviert", "4 Konten"):
        assert text in html
    only_hotline = admin_client.get("/intern/konten?role=hotline").get_data(as_text=True)
    assert "Hanna Hotline" in only_hotline and "Olga Ortsteil" not in only_hotline
    inactive = admin_client.get("/intern/konten?status=inactive").get_data(as_text=True)
    assert "Kim Koordination" in inactive and "Hanna Hotline" not in inactive
    assert admin_client.get("/intern/konten?role=kaiser").status_code == 422


def test_the_detail_page_shows_the_account_and_its_trail(admin_client, hotline):
    edit(admin_client, hotline, display_name="Hanna Hörer")
    html = admin_client.get(f"/intern/konten/{hotline.id}").get_data(as_text=True)
    assert "Hanna Hörer" in html and "hotline@example.org" in html
    assert "Verlauf" in html and "Hanna Hotline → Hanna Hörer" in html
    assert admin_client.get("/intern/konten/999").status_code == 404


def test_deactivation_ends_an_active_session_at_once(app, admin_client, hotline):
    hotline_client = logged_in_as(app, hotline)
    assert hotline_client.get("/intern").status_code == 200
    response = action(admin_client, hotline, "deaktivieren")
    assert response.status_code == 302
    assert hotline_client.get("/intern").status_code == 302
    assert attempt_login(app.test_client(), "hotline@example.org", PASSWORD).status_code == 422
    assert "Deaktiviert" in admin_client.get(response.headers["Location"]).get_data(as_text=True)

    assert action(admin_client, hotline, "reaktivieren").status_code == 302
    assert attempt_login(app.test_client(), "hotline@example.org", PASSWORD).status_code == 302


def test_a_new_role_ends_the_sessions_and_takes_effect(app, admin_client, hotline):
    hotline_client = logged_in_as(app, hotline)
    assert edit(admin_client, hotline, role="coordinator").status_code == 302
    assert hotline_client.get("/intern").status_code == 302
    assert db.session.get(User, hotline.id).role is Role.COORDINATOR
    changes = history(hotline)[0].changes
    assert changes["role"] == ["hotline", "coordinator"] and "session_epoch" in changes


def test_a_new_name_alone_keeps_the_session(app, admin_client, hotline):
    hotline_client = logged_in_as(app, hotline)
    assert edit(admin_client, hotline, display_name="Hanna Hörer").status_code == 302
    assert hotline_client.get("/intern").status_code == 200


def test_an_org_member_keeps_an_organisation(admin_client, hotline):
    response = edit(admin_client, hotline, role="org_member", organisation="")
    assert response.status_code == 422
    assert "Bitte wählen Sie die Organisation" in response.get_data(as_text=True)
    organisation = make_organisation()
    db.session.commit()
    assert edit(admin_client, hotline, role="org_member", organisation=organisation.public_id).status_code == 302
    assert db.session.get(User, hotline.id).organisation_id == organisation.id


def test_an_admin_can_neither_deactivate_nor_demote_themself(admin_client, admin):
    response = action(admin_client, admin, "deaktivieren")
    assert "eigenes Konto nicht deaktivieren" in admin_client.get(response.headers["Location"]).get_data(as_text=True)
    demoted = edit(admin_client, admin, role="hotline")
    assert demoted.status_code == 422 and "eigene Rolle nicht ändern" in demoted.get_data(as_text=True)
    user = db.session.get(User, admin.id)
    assert user.is_active and user.role is Role.ADMIN
    assert admin_client.get("/intern/konten").status_code == 200


ADMIN_PAGES = ["/intern/konten", "/intern/konten/einladen", "/intern/konten/{id}"]
ADMIN_ACTIONS = [
    "/intern/konten/einladen",
    "/intern/konten/{id}/bearbeiten",
    "/intern/konten/{id}/deaktivieren",
    "/intern/konten/{id}/reaktivieren",
    "/intern/konten/{id}/einladung-erneut",
]


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.HOTLINE, Role.ORG_MEMBER])
def test_other_roles_get_403_on_every_admin_route(client, hotline, role):
    fields = {"organisation": make_organisation()} if role is Role.ORG_MEMBER else {}
    log_in(client, make_user(role, email=f"x-{role.value}@example.org", **fields))
    for url in ADMIN_PAGES:
        assert client.get(url.format(id=hotline.id)).status_code == 403, url
    for url in ADMIN_ACTIONS:
        assert post_form(client, url.format(id=hotline.id), {}, page="/intern/passwort").status_code == 403, url
    assert db.session.get(User, hotline.id).is_active


def test_anonymous_visitors_are_sent_to_the_login(client, hotline):
    for url in ADMIN_PAGES:
        response = client.get(url.format(id=hotline.id))
        assert response.status_code == 302 and response.headers["Location"].startswith("/anmelden"), url
    for url in ADMIN_ACTIONS:
        response = post_form(client, url.format(id=hotline.id), {}, page="/anmelden")
        assert response.status_code == 302 and response.headers["Location"].startswith("/anmelden"), url
