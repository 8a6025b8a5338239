"""Settings per environment, read from environment variables.

Pick one with ``HELFERNETZ_CONFIG`` (``development``, ``testing``,
``production``; default ``production`` so that a forgotten variable never
runs a public server with development secrets).
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def database_url(raw: str | None, default: str) -> str:
    """The SQLAlchemy URL; plain ``postgresql://`` URLs get the psycopg 3 driver."""
    url = raw or default
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


class ConfigurationError(RuntimeError):
    """Raised when the settings would make an unsafe or broken instance."""


class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY")
    SQLALCHEMY_DATABASE_URI = database_url(
        os.environ.get("DATABASE_URL"), f"sqlite:///{BASE_DIR / 'instance' / 'helfernetz.sqlite'}"
    )
    # Optimistic disconnect handling: no ping round trip per request (measured
    # ~0.7 ms of a 12 ms submission); a connection found dead invalidates the
    # pool, that request gets the 503 page and the next one reconnects.
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_recycle": 1800}

    #: Folder under app/cities/ (or an absolute path) with the city's own data.
    CITY = os.environ.get("HELFERNETZ_CITY", "hannover")

    #: Languages of the public pages, forms and mails to volunteers; each needs a complete catalogue of the
    #: public strings (make i18n-check). The first is the default.
    LANGUAGES = ("de", "en", "ar", "fa", "uk", "ru", "tr")
    #: The back office (below /intern) speaks German and English only.
    BACKOFFICE_LANGUAGES = ("de", "en")
    BABEL_DEFAULT_LOCALE = "de"
    BABEL_DEFAULT_TIMEZONE = "Europe/Berlin"

    MAIL_SERVER = os.environ.get("MAIL_SERVER", "localhost")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "25"))
    MAIL_USE_TLS = env_bool("MAIL_USE_TLS")
    MAIL_USE_SSL = env_bool("MAIL_USE_SSL")
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD")
    MAIL_DEFAULT_SENDER = os.environ.get("MAIL_DEFAULT_SENDER", "helfernetz@localhost")
    #: ``smtp`` delivers through MAIL_SERVER; ``console`` prints (development only).
    MAIL_TRANSPORT = os.environ.get("MAIL_TRANSPORT", "smtp")
    #: Seconds the outbox sender waits for the mail server per step (tests/faults): a server that takes the
    #: connection and never answers would otherwise stop sending, and hold a mail's row lock, for good.
    MAIL_TIMEOUT = float(os.environ.get("MAIL_TIMEOUT", "30"))
    OUTBOX_BATCH_SIZE = 50
    #: Seconds before the first retry; doubles per attempt up to the maximum.
    OUTBOX_RETRY_BASE = int(os.environ.get("OUTBOX_RETRY_BASE", "60"))
    OUTBOX_RETRY_MAX = int(os.environ.get("OUTBOX_RETRY_MAX", "3600"))

    #: Matching: the travel radius of a person who gave none, and how often the offer index is rebuilt
    #: from scratch (it loads only changes in between).
    MATCHING_DEFAULT_RADIUS_KM = float(os.environ.get("MATCHING_DEFAULT_RADIUS_KM", "10"))
    MATCHING_INDEX_MAX_AGE = float(os.environ.get("MATCHING_INDEX_MAX_AGE", "300"))

    #: Alerts (app.alerts): mails per person and week at most, the score a need must reach for an
    #: offer to count as fitting, how many volunteers one need alerts at most (best first), how long
    #: the answer links work, and how old a waiting alert may be to still go into a digest.
    ALERTS_PER_WEEK = int(os.environ.get("ALERTS_PER_WEEK", "3"))
    ALERTS_MIN_SCORE = int(os.environ.get("ALERTS_MIN_SCORE", "60"))
    ALERTS_MAX_RECIPIENTS = int(os.environ.get("ALERTS_MAX_RECIPIENTS", "200"))
    ALERTS_ANSWER_DAYS = 30
    ALERTS_DIGEST_MAX_AGE_DAYS = 14
    #: Needs listed in one digest at most (the most urgent and newest).
    ALERTS_DIGEST_SIZE = 10

    #: Data protection (app.privacy): persons without an active offer or match for this many months are
    #: anonymised by ``flask privacy retention``; forwarded housing and premises details are deleted
    #: from the offer this many months after forwarding.
    RETENTION_MONTHS = int(os.environ.get("RETENTION_MONTHS", "12"))
    FORWARDED_DETAILS_MONTHS = int(os.environ.get("FORWARDED_DETAILS_MONTHS", "6"))
    #: "Did it work?" (app.feedback): asked this many days after approval; the answer link works this long.
    FEEDBACK_AFTER_DAYS = int(os.environ.get("FEEDBACK_AFTER_DAYS", "14"))
    FEEDBACK_ANSWER_DAYS = 60

    #: Days an unconfirmed submission waits for its opt-in before it is purged.
    OPT_IN_DAYS = 7
    PRIVACY_NOTICE_VERSION = "2026-11-23"

    RATELIMIT_ENABLED = env_bool("RATELIMIT_ENABLED", True)
    RATELIMIT_STORAGE_URI = os.environ.get("REDIS_URL", "memory://")
    # Faults (tests/faults): without Redis every limited request would be a 500; each server then counts in
    # its own memory (limits still hold per server) and goes back to Redis when it answers again.
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    RATELIMIT_HEADERS_ENABLED = True
    #: Only development and test instances may be filled with demo data.
    DEMO_DATA_ALLOWED = False
    #: Submissions per client; generous enough for a family sharing one address.
    SUBMIT_RATE_LIMIT = os.environ.get("SUBMIT_RATE_LIMIT", "10 per minute;60 per hour")

    #: Number of proxies in front of the app whose X-Forwarded-* headers to trust.
    PROXY_COUNT = int(os.environ.get("PROXY_COUNT", "0"))

    # Logs (app.core.logs): JSON lines on stderr for log collectors, or text for a terminal; the app's level.
    LOG_FORMAT = os.environ.get("LOG_FORMAT", "json")
    LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")

    #: Accounts: passwords, login throttling, sessions and mail links.
    PASSWORD_MIN_LENGTH = int(os.environ.get("PASSWORD_MIN_LENGTH", "12"))
    #: Werkzeug's method name; scrypt is its current default.
    PASSWORD_HASH_METHOD = "scrypt"  # noqa: S105  # nosec B105 - a method name, not a password
    #: Login attempts per client, and failed attempts per account (whoever tries them).
    LOGIN_CLIENT_LIMIT = os.environ.get("LOGIN_CLIENT_LIMIT", "10 per minute")
    LOGIN_ACCOUNT_LIMIT = os.environ.get("LOGIN_ACCOUNT_LIMIT", "5 per 15 minutes")
    #: "Forgot password" requests, per client and per address, so no one can flood a mailbox.
    PASSWORD_RESET_LIMIT = os.environ.get("PASSWORD_RESET_LIMIT", "5 per hour")
    SESSION_IDLE_MINUTES = int(os.environ.get("SESSION_IDLE_MINUTES", "30"))
    #: The absolute upper bound of one login, however active.
    PERMANENT_SESSION_LIFETIME = timedelta(hours=int(os.environ.get("SESSION_MAX_HOURS", "12")))
    INVITATION_DAYS = 7
    PASSWORD_RESET_MINUTES = 60
    # Second factor (app.accounts.second_factor): roles that must use a TOTP code after the password
    # (production refuses to run without admins in it), and how long a password-checked login waits for it.
    SECOND_FACTOR_ROLES = ("admin",)
    SECOND_FACTOR_PENDING_MINUTES = 5

    MAX_CONTENT_LENGTH = 256 * 1024
    # Input robustness (issue 7): Werkzeug's per-form limits, set deliberately rather than left at Flask's
    # defaults (500 KB, 1000 parts). The longest field takes 2000 characters (8 KB as UTF-8), so 64 KB per
    # field is ample; the largest form (the offer form, every kind and checkbox chosen) sends about 135
    # parts, so 500 leaves room and still stops a body of thousands of tiny fields before it is parsed.
    # Both apply to multipart bodies; urlencoded ones are bounded by MAX_CONTENT_LENGTH alone.
    MAX_FORM_MEMORY_SIZE = 64 * 1024
    MAX_FORM_PARTS = 500
    WTF_CSRF_TIME_LIMIT = 4 * 3600  # a long form filled slowly must still submit
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"

    @classmethod
    def validate(cls, config: dict) -> None:
        """Refuse settings that would be unsafe for this environment."""
        if not config.get("SECRET_KEY"):
            raise ConfigurationError(
                "SECRET_KEY is not set. Set it in the environment, or use "
                "HELFERNETZ_CONFIG=development for a local instance."
            )


class DevelopmentConfig(Config):
    DEMO_DATA_ALLOWED = True
    SECRET_KEY = os.environ.get("SECRET_KEY", "development-only-not-secret")
    MAIL_TRANSPORT = os.environ.get("MAIL_TRANSPORT", "console")
    LOG_FORMAT = os.environ.get("LOG_FORMAT", "text")  # logs: readable in a terminal


class TestingConfig(Config):
    TESTING = True
    DEMO_DATA_ALLOWED = True
    SECRET_KEY = "testing-only-not-secret"  # noqa: S105  # nosec B105 - tests only, never served
    #: The test suite points this at a fresh database (see tests/conftest.py).
    SQLALCHEMY_DATABASE_URI = database_url(os.environ.get("TEST_DATABASE_URL"), "sqlite://")
    RATELIMIT_STORAGE_URI = "memory://"
    MAIL_SERVER = "127.0.0.1"
    MAIL_PORT = 1  # nothing listens: a test that wants mail starts its own server
    MAIL_DEFAULT_SENDER = "helfernetz@test.invalid"
    MAIL_TRANSPORT = "smtp"
    MAIL_SUPPRESS_SEND = False
    LOG_FORMAT = os.environ.get("LOG_FORMAT", "text")  # logs: readable in pytest's captured output
    OUTBOX_RETRY_BASE = 60
    #: Cheap hashing keeps the suite fast; production keeps scrypt.
    PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"  # noqa: S105  # nosec B105 - a method name
    # Second factor: the suite's admins log in with their password alone (tests/factories.log_in);
    # tests/accounts/test_second_factor.py and the e2e journey switch the requirement on.
    SECOND_FACTOR_ROLES = ()


class ProductionConfig(Config):
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    PREFERRED_URL_SCHEME = "https"

    @classmethod
    def validate(cls, config: dict) -> None:
        super().validate(config)
        if config.get("DEBUG"):
            raise ConfigurationError("Debug mode must not be on in production.")
        if config.get("MAIL_TRANSPORT") != "smtp":
            raise ConfigurationError("Production mail must go through SMTP.")
        # Second factor: admins may never log in with a password alone here.
        if "admin" not in config.get("SECOND_FACTOR_ROLES", ()):
            raise ConfigurationError("Admins must use a second factor in production (SECOND_FACTOR_ROLES).")


CONFIGS = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}


def config_from_env() -> type[Config]:
    name = os.environ.get("HELFERNETZ_CONFIG", "production")
    try:
        return CONFIGS[name]
    except KeyError:
        raise ConfigurationError(f"HELFERNETZ_CONFIG={name!r} is unknown; use one of {', '.join(CONFIGS)}.") from None
