"""Helfernetz: volunteer and donation coordination for a city's refugee-help office."""

from __future__ import annotations

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from app.core.city import load_city
from app.core.logs import register_logging
from app.core.security import register_security_headers
from app.extensions import babel, csrf, db, limiter, login_manager, mail, migrate
from config import Config, config_from_env


def create_app(config_class: type[Config] | None = None) -> Flask:
    config_class = config_class or config_from_env()
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_object(config_class)
    config_class.validate(app.config)
    register_logging(app)  # first: its hooks wrap every other one
    register_extensions(app)
    register_city(app)
    register_blueprints(app)
    register_template_helpers(app)
    register_error_handlers(app)
    register_proxy(app)
    register_security_headers(app)
    return app


def register_extensions(app: Flask) -> None:
    from app.core.i18n import remember_requested_locale, select_locale
    from app.core.plain_language import PlainLanguageDomain, remember_plain_choice

    db.init_app(app)
    migrate.init_app(app, db)
    mail.init_app(app)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    babel.domain_instance = PlainLanguageDomain()
    limiter.init_app(app)
    login_manager.init_app(app)
    app.before_request(remember_requested_locale)
    app.before_request(remember_plain_choice)
    import_models()


def import_models() -> None:
    """Import every model so that metadata, migrations and relationships see them."""
    from app.accounts import models as _accounts  # noqa: F401
    from app.alerts import models as _alerts  # noqa: F401
    from app.core import audit as _audit  # noqa: F401
    from app.feedback import models as _feedback  # noqa: F401
    from app.matching import index as _matching_index  # noqa: F401 - keeps people.updated_at honest
    from app.matching import models as _matching  # noqa: F401
    from app.needs import models as _needs  # noqa: F401
    from app.normalisation import models as _normalisation  # noqa: F401
    from app.normalisation import stored as _normalisation_hook  # noqa: F401
    from app.offers import models as _offers  # noqa: F401
    from app.offers import search as _offer_search  # noqa: F401
    from app.organisations import models as _organisations  # noqa: F401
    from app.outbox import models as _outbox  # noqa: F401
    from app.people import models as _people  # noqa: F401


def register_city(app: Flask) -> None:
    from app.places.gazetteer import Gazetteer

    city = load_city(app.config["CITY"])
    app.extensions["helfernetz.city"] = city
    app.extensions["helfernetz.gazetteer"] = Gazetteer(city.folder)


def register_blueprints(app: Flask) -> None:
    from app.accounts.views import bp as accounts_bp
    from app.alerts.cli import bp as alerts_cli_bp
    from app.alerts.views import bp as alerts_bp
    from app.board.views import bp as board_bp
    from app.core.health import bp as health_bp
    from app.demo.cli import bp as demo_bp
    from app.exports.views import bp as exports_bp
    from app.feedback.cli import bp as feedback_cli_bp
    from app.feedback.views import bp as feedback_bp
    from app.hotline.views import bp as hotline_bp
    from app.imports.cli import needs_cli as needs_cli_bp
    from app.matching.cli import bp as matches_cli_bp
    from app.matching.views import bp as matching_bp
    from app.needs.views import bp as needs_bp
    from app.normalisation.cli import bp as normalisation_cli_bp
    from app.normalisation.views import bp as normalisation_bp
    from app.offers.cli import bp as offers_cli_bp
    from app.offers.views import bp as offers_bp
    from app.organisations.views import bp as organisations_bp
    from app.outbox.cli import bp as outbox_bp
    from app.people.views import bp as people_bp
    from app.privacy.cli import bp as privacy_cli_bp
    from app.privacy.views import bp as privacy_bp
    from app.public.views import bp as public_bp
    from app.reports.views import bp as reports_bp
    from app.screening.views import bp as screening_bp

    for blueprint in (
        public_bp,
        board_bp,
        offers_bp,
        alerts_bp,
        accounts_bp,
        hotline_bp,
        screening_bp,
        people_bp,
        organisations_bp,
        needs_bp,
        matching_bp,
        normalisation_bp,
        normalisation_cli_bp,
        health_bp,
        outbox_bp,
        alerts_cli_bp,
        offers_cli_bp,
        needs_cli_bp,
        matches_cli_bp,
        demo_bp,
        reports_bp,
        exports_bp,
        privacy_bp,
        privacy_cli_bp,
        feedback_bp,
        feedback_cli_bp,
    ):
        app.register_blueprint(blueprint)


def register_template_helpers(app: Flask) -> None:
    from app.core.forms import aria_attrs, error_list, own_messages
    from app.core.i18n import template_context
    from app.core.navigation import navigation
    from app.core.templating import register_filters
    from app.offers.vocabulary import KIND_LABELS

    @app.context_processor
    def inject_common() -> dict:
        return {"city": app.extensions["helfernetz.city"], **template_context()}

    app.jinja_env.globals.update(
        kind_labels=KIND_LABELS,
        form_errors=error_list,
        own_messages=own_messages,
        aria_attrs=aria_attrs,
        navigation=navigation,
    )
    register_filters(app)


def register_error_handlers(app: Flask) -> None:
    from app.core.errors import register_error_handlers as register

    register(app)


def register_proxy(app: Flask) -> None:
    count = app.config["PROXY_COUNT"]
    if count:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count)
