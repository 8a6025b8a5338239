"""Rate limits on logins and reset requests: per client, and per account for whoever tries it.

The per-account limit is keyed by a keyed hash of the address typed, so
neither Redis nor the limiter's log ever holds a mail address, and it counts
only failed logins (wrong passwords and wrong second-factor codes): the owner who then gets the password right is not
locked out by a success. Unknown addresses are limited the same way, so a
429 tells nothing about whether an account exists.
"""

from __future__ import annotations

import hashlib
import hmac

from flask import current_app, g, request
from flask.wrappers import Response
from flask_login import current_user

from app.accounts.second_factor import pending_account
from app.accounts.services import normalise_email
from app.extensions import limiter

FAILED_LOGIN = "login_failed"


def _attempted_address() -> str:
    """The address typed; on the code step the account waiting for it; else the logged-in account's."""
    if "email" in request.form:
        return request.form["email"]
    account = pending_account() or (current_user if current_user.is_authenticated else None)
    return account.email if account else ""


def account_key() -> str:
    secret = current_app.secret_key
    key = secret if isinstance(secret, bytes) else str(secret).encode()
    address = normalise_email(_attempted_address())
    return "account:" + hmac.new(key, address.encode(), hashlib.sha256).hexdigest()[:32]


def note_failed_login() -> None:
    setattr(g, FAILED_LOGIN, True)


def _login_failed(_response: Response) -> bool:
    return g.get(FAILED_LOGIN, False)


login_per_client = limiter.limit(lambda: current_app.config["LOGIN_CLIENT_LIMIT"], methods=["POST"])
#: Shared by the password step, the code step and switching the second factor off: wrong passwords and
#: wrong codes for one account count together.
failed_logins_per_account = limiter.shared_limit(
    lambda: current_app.config["LOGIN_ACCOUNT_LIMIT"],
    scope="failed-logins",
    methods=["POST"],
    key_func=account_key,
    deduct_when=_login_failed,
)
reset_per_client = limiter.limit(lambda: current_app.config["PASSWORD_RESET_LIMIT"], methods=["POST"])
reset_per_account = limiter.limit(
    lambda: current_app.config["PASSWORD_RESET_LIMIT"], methods=["POST"], key_func=account_key
)
