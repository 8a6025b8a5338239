"""The answer form behind the signed link: the answer (preselected from the link) and a comment."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, TextAreaField
from wtforms.validators import InputRequired, Length

from app.core.forms import BaseForm, blank_to_none, options
from app.feedback.models import FeedbackAnswer
from app.feedback.services import COMMENT_MAX

ANSWER_LABELS = {
    FeedbackAnswer.YES: _l("Ja, es hat geklappt"),
    FeedbackAnswer.NOT_YET: _l("Noch nicht"),
    FeedbackAnswer.NO: _l("Nein, es hat nicht geklappt"),
}
#: Short forms for the match page.
ANSWER_SHORT_LABELS = {
    FeedbackAnswer.YES: _l("ja"),
    FeedbackAnswer.NOT_YET: _l("noch nicht"),
    FeedbackAnswer.NO: _l("nein"),
}


class AnswerForm(BaseForm):
    answer = RadioField(
        _l("Hat es geklappt?"),
        choices=options((answer.value, label) for answer, label in ANSWER_LABELS.items()),
        validators=[InputRequired(message=_l("Bitte wählen Sie eine Antwort."))],
    )
    comment = TextAreaField(
        _l("Möchten Sie uns noch etwas sagen?"),
        validators=[Length(max=COMMENT_MAX, message=_l("Bitte fassen Sie sich kürzer (höchstens %(max)d Zeichen)."))],
        filters=[blank_to_none],
    )
