"""Labels of match states, one list for every page that shows a match."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.matching.models import MatchOrigin, MatchStatus

MATCH_STATUS_LABELS = {
    MatchStatus.PROPOSED: _l("vorgeschlagen"),
    MatchStatus.APPROVED: _l("vermittelt"),
    MatchStatus.REJECTED: _l("abgelehnt"),
    MatchStatus.CONTACTED: _l("Kontakt aufgenommen"),
    MatchStatus.ACTIVE: _l("aktiv"),
    MatchStatus.COMPLETED: _l("abgeschlossen"),
    MatchStatus.CANCELLED: _l("abgebrochen"),
}

MATCH_ORIGIN_LABELS = {
    MatchOrigin.STAFF: _l("Vorschlag der Koordinierungsstelle"),
    MatchOrigin.PLEDGE: _l("Zusage über die Bedarfsliste"),
    MatchOrigin.ALERT: _l("Antwort auf einen Hinweis"),
}
