"""The start page shows each role its work and nothing beyond its rights."""

from app.accounts.models import Role
from app.accounts.overview import overview_for
from app.extensions import db
from tests.factories import log_in, make_need, make_organisation, make_person, make_user


def test_each_role_gets_only_its_own_figures(app):
    own = make_organisation()
    other = make_organisation("Notunterkunft Messe")
    person = make_person("Samira", "Haddad")
    own_need, _foreign_need = make_need(own, "Fahrräder"), make_need(other, "Winterjacken")
    users = {role: make_user(role, organisation=own if role is Role.ORG_MEMBER else None) for role in Role}

    hotline = overview_for(users[Role.HOTLINE])
    assert hotline.counts == {"new_offers": 1}
    assert hotline.newest_offers == person.offers
    assert overview_for(users[Role.COORDINATOR]).counts == {"new_offers": 1, "open_needs": 2}
    admin = overview_for(users[Role.ADMIN])
    assert admin.counts == {"active_accounts": 4, "organisations": 2}
    assert admin.newest_offers == []
    member = overview_for(users[Role.ORG_MEMBER])
    assert (member.counts, member.own_needs) == ({}, [own_need])


def test_the_admin_page_names_no_volunteer(app, client):
    make_person("Samira", "Haddad")
    admin = make_user(Role.ADMIN)
    db.session.commit()
    log_in(client, admin)
    page = client.get("/intern").get_data(as_text=True)
    assert "aktive Konten" in page
    assert "Haddad" not in page and "HN-" not in page
