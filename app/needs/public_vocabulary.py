"""Need labels the public board shows too, so they are translated into every public language
(babel-public.cfg lists this module; the rest of app.needs.vocabulary is back office only)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.needs.models import Urgency

URGENCY_LABELS = {
    Urgency.LOW: _l("kann warten"),
    Urgency.NORMAL: _l("normal"),
    Urgency.HIGH: _l("dringend"),
}
