"""Labels of alert answers, for the need page and the answer pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.alerts.models import AlertResponse

ALERT_RESPONSE_LABELS = {
    AlertResponse.CAN_HELP: _l("Ich kann helfen"),
    AlertResponse.NOT_THIS_TIME: _l("Diesmal nicht"),
}
