"""Error pages in the user's language; no request data is echoed back."""

from __future__ import annotations

import contextlib

import sqlalchemy as sa
from flask import Flask, render_template
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from app.extensions import db, login_manager

MESSAGES = {
    400: (
        _l("Anfrage nicht verständlich"),
        _l("Die Anfrage konnte nicht verarbeitet werden. Bitte versuchen Sie es noch einmal."),
    ),
    403: (_l("Kein Zugriff"), _l("Sie haben keine Berechtigung für diese Seite.")),
    404: (_l("Seite nicht gefunden"), _l("Diese Seite gibt es nicht (mehr). Bitte prüfen Sie die Adresse.")),
    405: (_l("Nicht erlaubt"), _l("Diese Aktion ist hier nicht möglich.")),
    413: (_l("Zu viele Daten"), _l("Ihre Eingabe ist zu groß. Bitte kürzen Sie die Texte.")),
    429: (
        _l("Zu viele Anfragen"),
        _l(
            "Sie haben in kurzer Zeit sehr viele Anfragen gesendet. Bitte warten Sie ein paar Minuten und versuchen Sie es dann erneut."
        ),
    ),
    500: (
        _l("Ein Fehler ist aufgetreten"),
        _l(
            "Bei uns ist etwas schiefgegangen. Ihre Eingaben wurden nicht gespeichert. Bitte versuchen Sie es später noch einmal oder rufen Sie uns an."
        ),
    ),
    503: (
        _l("Vorübergehend nicht erreichbar"),
        _l("Der Dienst ist gerade nicht erreichbar. Bitte versuchen Sie es in ein paar Minuten noch einmal."),
    ),
}


def render_error(code: int, title=None, message=None):
    default_title, default_message = MESSAGES.get(code, MESSAGES[500])
    return (
        render_template(
            "errors/error.html",
            code=code,
            title=title or default_title,
            message=message or default_message,
        ),
        code,
    )


def handle_http_error(error: HTTPException):
    if error.code and error.code >= 500:
        db.session.rollback()
    return render_error(error.code or 500)


def handle_csrf_error(error: CSRFError):
    return render_error(
        400,
        title=_l("Sitzung abgelaufen"),
        message=_l("Die Seite war zu lange geöffnet. Bitte laden Sie sie neu und senden Sie erneut."),
    )


def handle_unexpected_error(error: Exception):
    db.session.rollback()
    return render_error(500)


#: Seconds a visitor's browser and a load balancer are asked to wait while the database is away
#: (about as long as a restart takes).
RETRY_AFTER_SECONDS = 30


def handle_database_down(error: sa.exc.OperationalError):
    # The connection is gone; the pool replaces it on the next request.
    with contextlib.suppress(sa.exc.SQLAlchemyError):
        db.session.rollback()
    # The page must render without the database: a logged-in visitor is shown it as a guest
    # (loading the account would fail again, and then the 500 page too).
    login_manager._update_request_context_with_user()
    body, code = render_error(503)
    return body, code, {"Retry-After": str(RETRY_AFTER_SECONDS)}


def register_error_handlers(app: Flask) -> None:
    app.register_error_handler(sa.exc.OperationalError, handle_database_down)
    app.register_error_handler(CSRFError, handle_csrf_error)
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(InternalServerError, handle_unexpected_error)
