"""Mail goes through the outbox to a real SMTP server; a server that is down delays, never loses."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from app.core.db import utcnow
from app.extensions import db
from app.outbox.models import OutboxMessage, OutboxStatus
from app.outbox.services import deliver_due, enqueue, retry_delay
from tests.offers.payloads import offer_form


def outbox() -> list[OutboxMessage]:
    db.session.expire_all()
    return db.session.scalars(sa.select(OutboxMessage).order_by(OutboxMessage.id)).all()


def test_opt_in_mail_reaches_the_smtp_server_in_german(submit, smtp_server):
    submit(offer_form("other"))
    report = deliver_due()
    assert (report.sent, report.retried, report.failed) == (1, 0, 0)
    [message] = smtp_server.messages
    assert message["To"] == "amira.haddad@example.org"
    assert message["Subject"] == "Bitte bestätigen Sie Ihr Hilfsangebot"
    text = message.get_body(preferencelist=("plain",)).get_content()
    assert "Guten Tag Amira Haddad" in text and "/helfen/bestaetigen/" in text
    html = message.get_body(preferencelist=("html",)).get_content()
    assert 'lang="de"' in html
    [row] = outbox()
    assert row.status is OutboxStatus.SENT and row.attempts == 1 and row.sent_at


def test_mail_is_written_in_the_submitters_language(submit, smtp_server, app):
    app.config["LANGUAGES"] = ("de", "en")
    submit(offer_form("other"), lang="en")
    deliver_due()
    [message] = smtp_server.messages
    assert message["Subject"] == "Please confirm your offer of help"
    assert 'lang="en"' in message.get_body(preferencelist=("html",)).get_content()


def test_server_down_keeps_the_mail_queued_and_counts_the_attempt(submit, smtp_server):
    submit(offer_form("other"))
    smtp_server.stop()
    report = deliver_due()
    assert (report.sent, report.retried) == (0, 1)
    [row] = outbox()
    assert row.status is OutboxStatus.PENDING
    assert row.attempts == 1
    assert row.last_error == "ConnectionRefusedError"
    assert row.next_attempt_at > utcnow()

    # Not due yet: nothing is tried while the back-off lasts.
    smtp_server.start()
    assert deliver_due().sent == 0

    row.next_attempt_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert deliver_due().sent == 1
    [row] = outbox()
    assert row.status is OutboxStatus.SENT and row.attempts == 2
    assert len(smtp_server.messages) == 1


def test_back_off_doubles_up_to_a_ceiling(app):
    app.config.update(OUTBOX_RETRY_BASE=60, OUTBOX_RETRY_MAX=3600)
    assert [retry_delay(n).total_seconds() for n in (1, 2, 3, 7, 20)] == [60, 120, 240, 3600, 3600]


OPT_IN_CONTEXT = {"name": "Test", "offers": [], "confirm_url": "http://x/helfen/bestaetigen/t", "days": 7}


def test_refused_recipient_is_marked_failed_not_retried(app, smtp_server):
    class Refusing:
        async def handle_RCPT(self, server, session, envelope, address, options):
            return "550 no such user here"

    smtp_server.stop()
    smtp_server.sink = Refusing()
    smtp_server.start()
    enqueue("nobody@example.org", "offer_opt_in", "de", **OPT_IN_CONTEXT)
    db.session.commit()
    report = deliver_due()
    assert report.failed == 1
    [row] = outbox()
    assert row.status is OutboxStatus.FAILED and row.last_error.startswith("SMTPRecipientsRefused")


def test_a_broken_template_delays_the_mail_and_loses_nothing(app, smtp_server):
    enqueue("someone@example.org", "no_such_template", "de", **OPT_IN_CONTEXT)
    db.session.commit()
    report = deliver_due()
    assert (report.sent, report.retried) == (0, 1)
    [row] = outbox()
    assert row.status is OutboxStatus.PENDING and row.last_error == "TemplateNotFound"


def test_what_was_sent_is_kept(submit, smtp_server):
    submit(offer_form("other"))
    deliver_due()
    [row] = outbox()
    assert row.subject == "Bitte bestätigen Sie Ihr Hilfsangebot"
    assert "Guten Tag Amira Haddad" in row.body_text and "/helfen/bestaetigen/" in row.body_text
    assert 'lang="de"' in row.body_html
    sent = smtp_server.messages[0].get_body(preferencelist=("plain",)).get_content()
    assert row.body_text.strip() == sent.replace("\r\n", "\n").strip()


def test_cli_sends_and_reports_without_personal_data(submit, smtp_server, runner):
    submit(offer_form("other"))
    result = runner.invoke(args=["outbox", "send"])
    assert result.exit_code == 0
    assert result.output.strip() == "outbox: sent 1, retry later 0, failed 0"
    assert "example.org" not in result.output


def test_console_transport_prints_for_developers(submit, app, capsys):
    app.config["MAIL_TRANSPORT"] = "console"
    submit(offer_form("other"))
    assert deliver_due().sent == 1
    assert "/helfen/bestaetigen/" in capsys.readouterr().out
