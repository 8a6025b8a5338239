"""The database connection dies in the middle of a submission: nothing half-written remains."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.offers.models import Offer
from app.outbox.models import OutboxMessage
from app.people.models import Person
from tests.offers.payloads import offer_form


def cut_when(target, event: str, proxy) -> None:
    """Cut the database once, from inside the app, right after ``event`` (an ORM row or session event)."""
    sa.event.listen(target, event, lambda *_args: proxy.cut(), once=True)


@pytest.mark.parametrize(
    ("target", "event"),
    [
        (Person, "after_insert"),
        (Offer, "after_insert"),
        (OutboxMessage, "after_insert"),
        (db.session, "before_commit"),
    ],
    ids=["after-person", "after-offer", "after-outbox-row", "before-commit"],
)
def test_a_submission_cut_off_half_way_leaves_nothing_and_can_be_sent_again(submit, pg_proxy, counts, target, event):
    cut_when(target, event, pg_proxy)
    response = submit(offer_form("interpreting", "donation"))
    assert response.status_code == 503
    assert not pg_proxy.is_up, "the cut did not happen during the submission"
    pg_proxy.restore()

    assert counts() == (0, 0, 0)
    assert submit(offer_form("interpreting", "donation")).status_code == 302
    assert counts() == (1, 2, 1)
