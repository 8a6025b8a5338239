"""Signed, expiring tokens for links in mails (opt-in, later reset and unsubscribe)."""

from __future__ import annotations

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer


class InvalidToken(Exception):
    """The link was altered, or was made for another purpose."""


class ExpiredToken(InvalidToken):
    """The link was genuine but is too old."""


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    # The salt binds a token to its purpose: an opt-in link cannot reset a password.
    return URLSafeTimedSerializer(current_app.secret_key, salt=f"helfernetz.{purpose}")


def make_token(purpose: str, value: str) -> str:
    return _serializer(purpose).dumps(value)


def read_token(purpose: str, token: str, max_age_seconds: int) -> str:
    try:
        return _serializer(purpose).loads(token, max_age=max_age_seconds)
    except SignatureExpired as exc:
        raise ExpiredToken from exc
    except BadSignature as exc:
        raise InvalidToken from exc
