"""Two coordinators approve at the same moment: the need is never over-filled.

Each thread has its own app context, so its own session and database connection,
as two web requests would. Both read the need (one unit left) before either
approves; the row lock in ``decisions.approve`` makes the second one count again
after the first has committed. Runs on SQLite (the write lock serialises them)
and on PostgreSQL (a row lock) alike, whichever ``TEST_DATABASE_URL`` names.
"""

from __future__ import annotations

import threading

import sqlalchemy as sa

from app.accounts.models import Role, User
from app.extensions import db
from app.matching import decisions
from app.matching.models import Match, MatchStatus
from app.needs.models import NeedStatus
from app.offers.models import OfferKind
from app.outbox.models import OutboxMessage
from tests.factories import make_need, make_offer, make_organisation, make_person, make_user

WAIT_SECONDS = 20


def approve_in_own_session(app, match_id: int, user_id: int, barrier: threading.Barrier, outcomes: dict) -> None:
    with app.app_context():
        try:
            match = db.session.get(Match, match_id)
            need_left = decisions.remaining(match.need)
            barrier.wait()  # both have read one unit left; now both approve at once
            decisions.approve(match, db.session.get(User, user_id))
            db.session.commit()
            outcomes[match_id] = ("approved", need_left)
        except decisions.CapacityExhausted:
            db.session.rollback()
            outcomes[match_id] = ("refused", need_left)
        except Exception as exc:  # reported by the test, not lost in the thread
            db.session.rollback()
            outcomes[match_id] = ("error", repr(exc))


def test_two_simultaneous_approvals_fill_the_last_unit_once(app):
    organisation = make_organisation(email="kontakt@listholze.example")
    need = make_need(organisation, kind=OfferKind.INTERPRETING, quantity=2)
    decisions.approve(decisions.propose(need, make_offer(make_person("Cem"), OfferKind.INTERPRETING), None), None)
    contenders = [
        decisions.propose(need, make_offer(make_person(name), OfferKind.INTERPRETING), None).id
        for name in ("Anna", "Ben")
    ]
    coordinator = make_user(Role.COORDINATOR)
    db.session.commit()
    mails_before = db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage))

    barrier = threading.Barrier(2, timeout=WAIT_SECONDS)
    outcomes: dict[int, tuple] = {}
    threads = [
        threading.Thread(target=approve_in_own_session, args=(app, match_id, coordinator.id, barrier, outcomes))
        for match_id in contenders
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(WAIT_SECONDS)

    assert sorted(outcomes.values()) == [("approved", 1), ("refused", 1)], outcomes
    db.session.expire_all()
    statuses = sorted(db.session.get(Match, match_id).status for match_id in contenders)
    assert statuses == sorted([MatchStatus.APPROVED, MatchStatus.PROPOSED])
    assert decisions.remaining(need) == 0
    assert need.status is NeedStatus.FILLED
    # Only the winner's two mails were queued; the loser's transaction left nothing behind.
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)) == mails_before + 2
