"""Fuzzing settings shared by the robustness tests, and the forms found once per session."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

from app import create_app
from app.extensions import db
from tests.conftest import _empty_tables, _forget_request_globals, config_for
from tests.robustness.form_discovery import Source, discover
from tests.test_route_permissions import build_world

#: Fuzzed forms are posted as often as hypothesis likes. CSRF stays on (the templates render the token
#: field); each example sends its session's valid token, and the token itself is tested elsewhere.
FUZZ_CONFIG = {"RATELIMIT_ENABLED": False}
IN_CI = os.environ.get("CI") == "true"
#: CI replays the same examples every run, so a red build can be reproduced; locally each run explores anew.
FUZZ = settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "5")),
    deadline=None,
    derandomize=IN_CI,
    database=None,  # nothing written into the checkout
    # One app and world serve all examples of a test; each example logs in with a fresh client.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture
def config_overrides() -> dict:
    return dict(FUZZ_CONFIG)


@pytest.fixture(scope="session")
def form_sources(database) -> dict[tuple[str, str], list[Source]]:
    """Every form of every page as every role, found once on a world of its own."""
    app = create_app(config_for(database, **FUZZ_CONFIG))
    app.teardown_request(_forget_request_globals)
    with app.app_context():
        try:
            return discover(app, build_world())
        finally:
            db.session.remove()
            _empty_tables()
            db.engine.dispose()
