"""``flask outbox status``: the backlog by state for monitoring, counts only."""

from __future__ import annotations

import json
from datetime import timedelta

from app.core.db import utcnow
from app.extensions import db
from app.outbox.models import OutboxMessage, OutboxStatus


def queue(status: OutboxStatus, *, age_minutes: int = 0, attempts: int = 0, due_in_minutes: int = 0) -> None:
    now = utcnow()
    db.session.add(
        OutboxMessage(
            recipient="someone@example.org",
            template="offer_confirm",
            locale="de",
            context={},
            status=status,
            attempts=attempts,
            created_at=now - timedelta(minutes=age_minutes),
            next_attempt_at=now + timedelta(minutes=due_in_minutes),
        )
    )


def test_status_counts_mail_by_state_and_the_age_of_the_oldest_waiting(runner):
    queue(OutboxStatus.PENDING, age_minutes=42)
    queue(OutboxStatus.PENDING, age_minutes=5, attempts=2, due_in_minutes=10)
    queue(OutboxStatus.SENT, age_minutes=600, attempts=1)
    queue(OutboxStatus.FAILED, age_minutes=90, attempts=3)
    db.session.commit()

    result = runner.invoke(args=["outbox", "status", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == {
        "pending": 2,
        "due": 1,
        "retrying": 1,
        "sent": 1,
        "failed": 1,
        "oldest_pending_minutes": 42,
    }

    text = runner.invoke(args=["outbox", "status"]).output
    assert "pending                  2" in text and "example.org" not in text


def test_an_empty_outbox_has_no_oldest_mail(runner):
    result = runner.invoke(args=["outbox", "status"])
    assert result.exit_code == 0
    assert "oldest_pending_minutes   -" in result.output
    assert "pending                  0" in result.output
