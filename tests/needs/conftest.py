"""Fixtures of the need pages: an organisation, and a member or coordinator logged in."""

from __future__ import annotations

import pytest

from app.accounts.models import Role
from app.extensions import db
from tests.factories import log_in, make_user
from tests.needs.test_need_pages import add_organisation


@pytest.fixture
def organisation(app):
    organisation = add_organisation()
    db.session.commit()
    return organisation


@pytest.fixture
def member(client, organisation):
    user = make_user(Role.ORG_MEMBER, display_name="Mo Mitglied", organisation=organisation)
    db.session.commit()
    log_in(client, user)
    return user


@pytest.fixture
def coordinator(client):
    user = make_user(Role.COORDINATOR, display_name="Kim Koordination")
    db.session.commit()
    log_in(client, user)
    return user
