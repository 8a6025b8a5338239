"""Queue mails with the data they belong to; deliver them after commit."""

from __future__ import annotations

import contextlib
import smtplib
import sys
from dataclasses import dataclass
from datetime import datetime, timedelta

import flask_mail
import jinja2
import sqlalchemy as sa
from flask import current_app
from flask_babel import force_locale
from flask_mail import Message

from app.core.db import utcnow
from app.core.i18n import format_locale
from app.extensions import db
from app.outbox.models import OutboxMessage, OutboxStatus


def enqueue(recipient: str, template: str, locale: str, person_id: int | None = None, **context) -> OutboxMessage:
    """Queue ``email/<template>`` for ``recipient``, to be written in ``locale``.

    Call it inside the transaction that stores the data the mail is about:
    both are committed together or not at all. ``context`` must be JSON data.
    The mail is rendered on delivery, so a template mistake delays a mail
    instead of failing the request that stores a citizen's submission.

    A mail to the person it is about (``person_id``) carries a link to withdraw
    consent: built here, where the request knows the portal's address (the
    sender, ``flask outbox send``, runs without one), and stored with the mail.
    """
    if person_id is not None and "withdraw_url" not in context:
        url = _withdraw_url(person_id, recipient)
        if url:
            context["withdraw_url"] = url
    message = OutboxMessage(recipient=recipient, template=template, locale=locale, context=context, person_id=person_id)
    db.session.add(message)
    return message


def _withdraw_url(person_id: int, recipient: str) -> str | None:
    from app.privacy.services import withdraw_url  # here: app.privacy builds on the outbox

    return withdraw_url(person_id, recipient)


def render(message: OutboxMessage) -> None:
    """Fill subject and bodies from the templates, in the recipient's language."""
    environment = current_app.jinja_env
    with force_locale(format_locale(message.locale)):
        context = dict(message.context)
        if message.person_id is not None and not context.get("withdraw_url"):
            # Queued without a request (a cron job): built now if SERVER_NAME gives the address.
            context["withdraw_url"] = _withdraw_url(message.person_id, message.recipient)
        current_app.update_template_context(context)
        text = environment.get_template(f"email/{message.template}.txt")
        message.subject = "".join(text.blocks["subject"](text.new_context(context))).strip()
        message.body_text = text.render(context)
        message.body_html = environment.get_template(f"email/{message.template}.html").render(context)


@dataclass
class DeliveryReport:
    sent: int = 0
    retried: int = 0
    failed: int = 0

    def __str__(self) -> str:
        return f"sent {self.sent}, retry later {self.retried}, failed {self.failed}"


class ConnectionLost(Exception):
    """The mail server cannot be reached: stop this round, keep the rest queued."""


def retry_delay(attempts: int) -> timedelta:
    base = current_app.config["OUTBOX_RETRY_BASE"]
    ceiling = current_app.config["OUTBOX_RETRY_MAX"]
    return timedelta(seconds=min(base * 2 ** max(attempts - 1, 0), ceiling))


def _claim_next(now: datetime) -> OutboxMessage | None:
    # SKIP LOCKED lets several senders run at once without sending a mail
    # twice; SQLite has no row locks and ignores the clause.
    query = (
        sa.select(OutboxMessage)
        .where(OutboxMessage.status == OutboxStatus.PENDING)
        .where(OutboxMessage.next_attempt_at <= now)
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
        .limit(1)
        .with_for_update(skip_locked=True)
    )
    return db.session.scalars(query).first()


def _error_label(exc: BaseException) -> str:
    code = getattr(exc, "smtp_code", None)
    return f"{type(exc).__name__} {code}" if code else type(exc).__name__


def _is_permanent(exc: BaseException) -> bool:
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in exc.recipients.values())
    return isinstance(exc, smtplib.SMTPResponseException) and exc.smtp_code >= 500


class TimedConnection(flask_mail.Connection):
    """Flask-Mail's connection with a timeout (``MAIL_TIMEOUT``): it has none, and waits for ever."""

    def configure_host(self) -> smtplib.SMTP:
        mail, timeout = self.mail, current_app.config["MAIL_TIMEOUT"]
        smtp_class = smtplib.SMTP_SSL if mail.use_ssl else smtplib.SMTP
        host = smtp_class(mail.server, mail.port, timeout=timeout)
        if mail.use_tls:
            host.starttls()
        if mail.username and mail.password:
            host.login(mail.username, mail.password)
        return host


class SmtpTransport:
    """One SMTP connection per delivery round, opened on the first message."""

    def __init__(self) -> None:
        self._connection = None

    def send(self, message: OutboxMessage) -> None:
        try:
            if self._connection is None:
                # The app's own mail state: the global ``mail`` object keeps only the last app's.
                self._connection = TimedConnection(current_app.extensions["mail"]).__enter__()
            self._connection.send(_to_mail(message))
        except (smtplib.SMTPServerDisconnected, smtplib.SMTPConnectError) as exc:
            self._lose_connection(exc)
        except smtplib.SMTPException:
            raise  # the server answered: a verdict on this message, not on the connection
        except OSError as exc:  # refused, reset, timed out
            self._lose_connection(exc)

    def _lose_connection(self, exc: BaseException) -> None:
        self.close()
        raise ConnectionLost(_error_label(exc)) from exc

    def close(self) -> None:
        if self._connection is not None:
            connection, self._connection = self._connection, None
            # The server may have gone away after the last mail; nothing is lost.
            with contextlib.suppress(OSError):
                connection.__exit__(None, None, None)


class ConsoleTransport:
    """Development: print mails so a developer can click the links."""

    def send(self, message: OutboxMessage) -> None:
        out = sys.stdout
        out.write(f"\n----- mail to {message.recipient}: {message.subject}\n")
        out.write(message.body_text)
        out.write("\n----- end of mail\n")
        out.flush()

    def close(self) -> None:
        pass


def _to_mail(message: OutboxMessage) -> Message:
    headers = {}
    unsubscribe_url = (message.context or {}).get("unsubscribe_url")
    if unsubscribe_url:
        # RFC 8058 one-click unsubscribe: mail clients POST "List-Unsubscribe=One-Click" to the URL.
        headers = {"List-Unsubscribe": f"<{unsubscribe_url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
    return Message(
        subject=message.subject,
        recipients=[message.recipient],
        body=message.body_text,
        html=message.body_html,
        extra_headers=headers or None,
    )


def _transport():
    if current_app.config["MAIL_TRANSPORT"] == "console":
        return ConsoleTransport()
    return SmtpTransport()


def deliver_due(limit: int | None = None) -> DeliveryReport:
    """Send due messages one transaction each; failures are counted and retried."""
    limit = limit or current_app.config["OUTBOX_BATCH_SIZE"]
    report = DeliveryReport()
    transport = _transport()
    try:
        for _ in range(limit):
            message = _claim_next(utcnow())
            if message is None:
                break
            if not _deliver_one(transport, message, report):
                break
    finally:
        transport.close()
    return report


def _deliver_one(transport, message: OutboxMessage, report: DeliveryReport) -> bool:
    """Send one message and commit its new state; False ends the round."""
    message.attempts += 1
    keep_going = True
    try:
        if message.body_text is None:
            render(message)
        transport.send(message)
    except ConnectionLost as exc:
        _schedule_retry(message, str(exc), report)
        keep_going = False
    except jinja2.TemplateError as exc:
        # A template to fix: the mail waits for the fix, the data is safe.
        _schedule_retry(message, _error_label(exc), report)
    except smtplib.SMTPException as exc:
        if _is_permanent(exc):
            message.status = OutboxStatus.FAILED
            message.last_error = _error_label(exc)
            report.failed += 1
        else:
            _schedule_retry(message, _error_label(exc), report)
    else:
        message.status = OutboxStatus.SENT
        message.sent_at = utcnow()
        message.last_error = None
        report.sent += 1
    db.session.commit()
    return keep_going


def _schedule_retry(message: OutboxMessage, error: str, report: DeliveryReport) -> None:
    message.last_error = error
    message.next_attempt_at = utcnow() + retry_delay(message.attempts)
    report.retried += 1
