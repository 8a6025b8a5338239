"""The mail server goes away: submissions are still taken, mail waits, and goes out once when it returns."""

from __future__ import annotations

import socket
from collections import Counter
from datetime import timedelta

import sqlalchemy as sa

from app.core.db import utcnow
from app.extensions import db
from app.outbox.models import OutboxMessage, OutboxStatus
from tests.faults.support import run_sender, sender_env, start_sender, stop_process, wait_until
from tests.offers.payloads import offer_form

ADDRESSES = [f"helferin{n}@example.org" for n in range(3)]


def outbox() -> list[OutboxMessage]:
    db.session.expire_all()
    return db.session.scalars(sa.select(OutboxMessage).order_by(OutboxMessage.id)).all()


def test_mail_waits_for_the_smtp_server_and_is_delivered_once_when_it_returns(submit, smtp_server, database):
    smtp_server.stop()
    for address in ADDRESSES:
        assert submit(offer_form("other", email=address)).status_code == 302
    env = sender_env(database, smtp_server.port)

    # The real command, as cron or systemd runs it: a soft failure, no traceback, no address in the output.
    result = run_sender(env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "outbox: sent 0, retry later 1, failed 0"
    assert "Traceback" not in result.stderr and "example.org" not in result.stdout + result.stderr
    rows = outbox()
    assert [row.status for row in rows] == [OutboxStatus.PENDING] * 3
    # The round stopped at the first refused connection: one attempt, with a time to try again.
    tried = [row for row in rows if row.attempts]
    assert len(tried) == 1 and tried[0].next_attempt_at > utcnow()
    assert tried[0].last_error == "ConnectionRefusedError"

    smtp_server.start()
    for row in tried:
        row.next_attempt_at = utcnow() - timedelta(seconds=1)  # the back-off has passed
    db.session.commit()
    result = run_sender(env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "outbox: sent 3, retry later 0, failed 0"
    assert run_sender(env).stdout.strip() == "outbox: sent 0, retry later 0, failed 0"

    assert Counter(message["To"] for message in smtp_server.messages) == Counter(ADDRESSES)
    assert all(row.status is OutboxStatus.SENT for row in outbox())


def test_the_running_sender_outlives_an_smtp_outage(submit, smtp_server, database):
    """``flask outbox send --forever`` keeps trying through the outage and delivers once the server is back."""
    smtp_server.stop()
    assert submit(offer_form("other")).status_code == 302
    # No back-off, so that the sender tries every round while the server is away.
    sender = start_sender(
        sender_env(database, smtp_server.port, OUTBOX_RETRY_BASE="0"), "--forever", "--interval", "0.1"
    )
    try:
        assert wait_until(lambda: outbox()[0].attempts >= 3), "the sender did not keep trying"
        smtp_server.start()
        assert wait_until(lambda: outbox()[0].status is OutboxStatus.SENT), "the mail was not sent"
    finally:
        output, errors = stop_process(sender)
    assert sender.returncode is not None and "Traceback" not in errors
    assert len(smtp_server.messages) == 1
    assert "outbox: sent 1, retry later 0, failed 0" in output


def test_a_mail_server_that_never_answers_does_not_hang_the_sender(submit, database):
    """A hung server (the connection is taken, no greeting ever comes) must not stop the sender for good.

    It would hold the mail's row lock and an open transaction for as long as it waits.
    """
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        assert submit(offer_form("other")).status_code == 302
        result = run_sender(sender_env(database, silent.getsockname()[1], MAIL_TIMEOUT="1"), timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "outbox: sent 0, retry later 1, failed 0"
    [row] = outbox()
    # smtplib reports the timed-out greeting as a lost connection.
    assert row.status is OutboxStatus.PENDING and row.last_error == "SMTPServerDisconnected"
