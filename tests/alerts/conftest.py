import pytest


@pytest.fixture(autouse=True)
def request_context(app):
    """Alert mails carry absolute links: services that queue them run inside a request, as in the app."""
    with app.test_request_context(base_url="https://helfernetz.example"):
        yield
