"""Several outbox senders (separate processes, as on several machines) never send a mail twice."""

from __future__ import annotations

import asyncio
from collections import Counter

import sqlalchemy as sa

from app.extensions import db
from app.outbox.models import OutboxMessage, OutboxStatus
from app.outbox.services import enqueue
from tests.conftest import MailSink
from tests.faults.support import run_sender, sender_env, start_sender, stop_process, wait_until

SENDERS = 4
MAILS = 300
CONTEXT = {"name": "Test", "offers": [], "confirm_url": "http://x/helfen/bestaetigen/t", "days": 7}


class GatedSink(MailSink):
    """Holds the first mails until every sender is in the middle of one, each with its row claimed.

    Only then is it certain that the senders ran at the same time: four rows locked at once by
    four processes, none waiting for another (SKIP LOCKED), none taking a row another holds.
    """

    def __init__(self, senders: int) -> None:
        super().__init__()
        self.senders = senders
        self.waiting: set = set()
        self.gate: asyncio.Event | None = None
        self.was_full = False

    async def handle_DATA(self, server, session, envelope):
        self.gate = self.gate or asyncio.Event()
        if not self.gate.is_set():
            self.waiting.add(session.peer)
            if len(self.waiting) >= self.senders:
                self.was_full = True
                self.gate.set()
            try:
                await asyncio.wait_for(self.gate.wait(), timeout=60)
            except TimeoutError:
                self.gate.set()  # the assertion on was_full reports it; the rest still goes out
        return await super().handle_DATA(server, session, envelope)


def pending() -> int:
    db.session.rollback()
    query = sa.select(sa.func.count()).select_from(OutboxMessage).where(OutboxMessage.status != OutboxStatus.SENT)
    return db.session.scalar(query)


def test_four_senders_deliver_every_mail_exactly_once(app, smtp_server, database):
    smtp_server.stop()
    smtp_server.sink = GatedSink(SENDERS)
    smtp_server.start()
    for n in range(MAILS):
        enqueue(f"helfer{n}@example.org", "offer_opt_in", "de", **CONTEXT)
    db.session.commit()

    env = sender_env(database, smtp_server.port)
    senders = [start_sender(env, "--forever", "--interval", "0.2") for _ in range(SENDERS)]
    try:
        assert wait_until(lambda: pending() == 0, timeout=180), f"{pending()} mails still waiting"
    finally:
        outputs = [stop_process(sender) for sender in senders]

    assert smtp_server.sink.was_full, "the senders never held a mail each at the same time"
    for _output, errors in outputs:
        assert "Traceback" not in errors, errors
    recipients = Counter(message["To"] for message in smtp_server.messages)
    assert len(recipients) == MAILS and set(recipients.values()) == {1}
    rows = db.session.scalars(sa.select(OutboxMessage)).all()
    assert {(row.status, row.attempts) for row in rows} == {(OutboxStatus.SENT, 1)}
    # Every process took its share.
    assert all("outbox: sent" in output for output, _errors in outputs)


class StallingSink(MailSink):
    """Never answers the first recipient: its sender is caught in the middle of a mail, row claimed."""

    def __init__(self) -> None:
        super().__init__()
        self.stalled = False

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if not self.stalled:
            self.stalled = True
            await asyncio.Event().wait()  # until the connection dies with its sender
        envelope.rcpt_tos.append(address)
        return "250 OK"


def test_a_sender_killed_in_the_middle_of_a_mail_loses_nothing_and_blocks_nothing(app, smtp_server, database):
    smtp_server.stop()
    smtp_server.sink = StallingSink()
    smtp_server.start()
    for n in range(5):
        enqueue(f"helfer{n}@example.org", "offer_opt_in", "de", **CONTEXT)
    db.session.commit()
    env = sender_env(database, smtp_server.port)

    crashed = start_sender(env)
    try:
        assert wait_until(lambda: smtp_server.sink.stalled), "the first sender never reached the mail server"
    finally:
        crashed.kill()  # SIGKILL: no clean-up, as in a power cut
        crashed.communicate(timeout=30)

    # The dead sender's row lock went with its connection: the next sender takes every mail.
    result = run_sender(env)
    assert result.stdout.strip() == "outbox: sent 5, retry later 0, failed 0", result.stderr
    recipients = Counter(message["To"] for message in smtp_server.messages)
    assert len(recipients) == 5 and set(recipients.values()) == {1}
    assert pending() == 0
