"""Object-level checks: an organisation member who puts another organisation's ids in the URL.

Every route of the organisation and need pages is tried, taken from the URL
map so a new route is covered at once: routes a member may use answer 404
for a foreign id, admin-only routes 403 whatever the id; the other
organisation's data never appears and nothing of it changes.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from app.accounts.models import Role
from app.core.audit import AuditEvent
from app.extensions import db
from app.needs.models import NeedStatus
from tests.factories import log_in, make_match, make_need, make_offer, make_organisation, make_person, make_user

SECRETS = ("Notunterkunft Messe", "Messeschnellweg 9", "Betten für Halle 27", "Zarah Geheim", "zarah@example.org")


@pytest.fixture
def other(app):
    """Organisation B, with a need, a member and an approved volunteer."""
    organisation = make_organisation("Notunterkunft Messe", street="Messeschnellweg 9", email="messe@example.org")
    need = make_need(organisation, title="Betten für Halle 27", street="Messeschnellweg 9")
    make_user(Role.ORG_MEMBER, email="zarah@example.org", display_name="Zarah Geheim", organisation=organisation)
    make_match(need, make_offer(make_person("Vera", "Volunteer")))
    db.session.commit()
    return organisation, need


@pytest.fixture
def member(client, app):
    """A member of organisation A, logged in."""
    user = make_user(Role.ORG_MEMBER, display_name="Mo Mitglied", organisation=make_organisation())
    db.session.commit()
    log_in(client, user)
    return user


def object_routes(app) -> list[tuple[str, str]]:
    """(endpoint, method) of every organisation or need route that takes an object's id."""
    return sorted(
        (rule.endpoint, method)
        for rule in app.url_map.iter_rules()
        if rule.endpoint.split(".")[0] in {"organisations", "needs"} and "public_id" in rule.arguments
        for method in rule.methods & {"GET", "POST"}
    )


def expected_status(app, endpoint: str) -> int:
    allowed = app.view_functions[endpoint].allowed_roles
    return 404 if Role.ORG_MEMBER in allowed else 403


def test_every_route_with_a_foreign_id_is_a_dead_end(app, client, csrf_token, member, other):
    organisation, need = other
    routes = object_routes(app)
    assert len(routes) >= 9, routes  # five (route, method) pairs of organisations, four of needs
    ids = {"organisations": organisation.public_id, "needs": need.public_id}
    audit_rows = db.session.scalar(sa.select(sa.func.count(AuditEvent.id)))
    token = csrf_token("/intern")
    for endpoint, method in routes:
        rule = next(rule for rule in app.url_map.iter_rules() if rule.endpoint == endpoint)
        url = rule.build({"public_id": ids[endpoint.split(".")[0]]})[1]
        data = {"csrf_token": token, "status": "closed", "title": "Übernommen", "kind": "other", "name": "X"}
        response = client.get(url) if method == "GET" else client.post(url, data=data)
        html = response.get_data(as_text=True)
        assert response.status_code == expected_status(app, endpoint), (endpoint, method)
        assert not [secret for secret in SECRETS if secret in html], (endpoint, method)
    db.session.expire_all()
    assert (need.status, need.title, organisation.is_active) == (NeedStatus.OPEN, "Betten für Halle 27", True)
    assert db.session.scalar(sa.select(sa.func.count(AuditEvent.id))) == audit_rows


def test_lists_and_forms_never_show_the_other_organisation(client, member, other):
    organisation, _need = other
    pages = [
        "/intern/bedarfe",
        f"/intern/bedarfe?organisation={organisation.public_id}",
        "/intern/bedarfe/neu",
        "/intern",
    ]
    for url in pages:
        html = client.get(url).get_data(as_text=True)
        assert not [secret for secret in SECRETS if secret in html], url
    response = client.get("/intern/organisationen")
    assert response.headers["Location"].endswith(f"/intern/organisationen/{member.organisation.public_id}")


def test_an_id_that_does_not_exist_looks_the_same_as_a_foreign_one(client, member, other):
    organisation, need = other
    for prefix, foreign in (("/intern/organisationen", organisation.public_id), ("/intern/bedarfe", need.public_id)):
        missing = client.get(f"{prefix}/gibt-es-nicht")
        taken = client.get(f"{prefix}/{foreign}")
        assert missing.status_code == taken.status_code == 404
        # The pages differ only where they repeat the address (the language switcher's links).
        assert missing.get_data(as_text=True) == taken.get_data(as_text=True).replace(foreign, "gibt-es-nicht")
