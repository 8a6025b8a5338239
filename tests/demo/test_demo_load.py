"""``flask demo load`` fills a development or test instance once, and never a production one."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from app.accounts.models import Role, User
from app.demo.data import ACCOUNTS
from app.extensions import db
from app.needs.models import Need
from app.offers.models import Offer, OfferKind
from app.organisations.models import Organisation
from app.people.models import Person
from app.places.services import gazetteer
from config import ProductionConfig

DEMO_TABLES = (Organisation, User, Person, Offer, Need)


def count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def snapshot() -> dict[str, int]:
    db.session.expire_all()
    return {model.__tablename__: count(model) for model in DEMO_TABLES}


@pytest.fixture
def loaded(runner):
    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    return result


def printed_password(output: str, email: str) -> str:
    line = next(line for line in output.splitlines() if email in line)
    return line.split(email, 1)[1].strip()


def test_creates_one_account_per_role(loaded):
    assert sorted(db.session.scalars(sa.select(User.role))) == sorted(Role)
    member = db.session.scalar(sa.select(User).where(User.role == Role.ORG_MEMBER))
    assert member.organisation is not None


def test_offers_cover_every_kind(loaded):
    assert count(Offer) >= 190
    assert set(db.session.scalars(sa.select(Offer.kind).distinct())) == set(OfferKind)


def test_needs_and_organisations_sit_in_real_districts(loaded):
    assert count(Need) == 30
    assert set(db.session.scalars(sa.select(Need.kind).distinct())) == set(OfferKind)
    districts = {district.name for district in gazetteer().districts}
    organisations = db.session.scalars(sa.select(Organisation)).all()
    assert len(organisations) >= 10
    for organisation in organisations:
        assert organisation.district in districts
        assert organisation.lat is not None and organisation.lon is not None


def test_prints_every_login_with_a_working_password(loaded):
    for _role, email, _name in ACCOUNTS:
        password = printed_password(loaded.output, email)
        user = db.session.scalar(sa.select(User).where(User.email == email))
        assert user.check_password(password), email


def test_second_load_adds_nothing(runner, loaded):
    before = snapshot()
    again = runner.invoke(args=["demo", "load"])
    assert again.exit_code == 0, again.output
    assert snapshot() == before
    for _role, email, _name in ACCOUNTS:
        assert email in again.output


def test_new_passwords_replace_the_old_ones(runner, loaded):
    email = ACCOUNTS[0][1]
    old = printed_password(loaded.output, email)
    again = runner.invoke(args=["demo", "load", "--new-passwords"])
    assert again.exit_code == 0, again.output
    new = printed_password(again.output, email)
    user = db.session.scalar(sa.select(User).where(User.email == email))
    db.session.refresh(user)
    assert new != old
    assert user.check_password(new)
    assert not user.check_password(old)


def test_refuses_production(app, database, make_app):
    production = type("Prod", (ProductionConfig,), {"SECRET_KEY": "x" * 32, "SQLALCHEMY_DATABASE_URI": database})
    production_app = make_app(production)
    # The command must run in the production app, not in the test app around it.
    with production_app.app_context():
        result = production_app.test_cli_runner().invoke(args=["demo", "load"])
    assert result.exit_code != 0
    assert "HELFERNETZ_CONFIG=development" in result.output
    assert snapshot() == dict.fromkeys(snapshot(), 0)


@pytest.mark.parametrize("config_overrides", [{"DEMO_DATA_ALLOWED": False}])
def test_refuses_when_the_configuration_forbids_demo_data(runner):
    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code != 0
    assert count(User) == 0


def test_partly_filled_needs_show_an_approved_volunteer_of_their_kind(loaded):
    from app.matching.models import Match, MatchStatus
    from app.needs.models import NeedStatus

    matches = db.session.scalars(sa.select(Match).where(Match.status != MatchStatus.PROPOSED)).all()
    assert matches, "the demo shows approved volunteers on some needs"
    for match in matches:
        assert match.status is MatchStatus.APPROVED and match.need.status is NeedStatus.PARTLY_FILLED
        assert match.offer.kind is match.need.kind


def test_the_board_has_needs_pledges_and_volunteers_asking_for_alerts(loaded):
    from app.board.services import board, waiting_pledges

    entries = board()
    assert len(entries) >= 15
    assert any(waiting_pledges(entry.need) for entry in entries)
    assert count(Person) > db.session.scalar(sa.select(sa.func.count()).where(Person.alerts_enabled)) > 10
