from __future__ import annotations

import pytest

from app import create_app
from config import ConfigurationError, ProductionConfig, TestingConfig


def test_healthz_answers_200_with_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}


def test_healthz_answers_503_without_the_database(tmp_path):
    missing = tmp_path / "no" / "such" / "dir" / "db.sqlite"
    config = type("Broken", (TestingConfig,), {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{missing}"})
    response = create_app(config).test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["database"] == "unreachable"


def production(**settings) -> type[ProductionConfig]:
    return type("Prod", (ProductionConfig,), {"SECRET_KEY": "x" * 32, **settings})


def test_production_refuses_to_start_without_secret_key():
    with pytest.raises(ConfigurationError, match="SECRET_KEY"):
        create_app(production(SECRET_KEY=None))


def test_production_refuses_debug_mode():
    with pytest.raises(ConfigurationError, match="Debug"):
        create_app(production(DEBUG=True))


def test_production_refuses_console_mail():
    with pytest.raises(ConfigurationError, match="SMTP"):
        create_app(production(MAIL_TRANSPORT="console"))


def test_production_starts_with_safe_settings():
    app = create_app(production())
    assert app.config["SESSION_COOKIE_SECURE"] is True


def test_postgres_urls_get_the_psycopg_driver():
    from config import database_url

    assert (
        database_url("postgresql://postgres@127.0.0.1:5432/test", "x")
        == "postgresql+psycopg://postgres@127.0.0.1:5432/test"
    )
    assert database_url(None, "sqlite:///a.db") == "sqlite:///a.db"


def test_locale_outside_a_request_is_the_default(app):
    from app.core.i18n import current_locale_code

    assert current_locale_code() == "de"
