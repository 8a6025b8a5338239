"""The need form (posted by a member, or by staff on an organisation's behalf) and the list's filters."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import BooleanField, IntegerField, RadioField, SelectChoice, SelectField
from wtforms.validators import InputRequired, NumberRange, ValidationError

from app.board.privacy import public_text_problems
from app.core.forms import BaseForm, MultiCheckboxField, options
from app.core.i18n import current_locale_code
from app.needs.models import NeedStatus, Urgency
from app.needs.services import STILL_OPEN, NeedData, is_at_organisation
from app.needs.vocabulary import STATUS_LABELS, URGENCY_LABELS
from app.offers import vocabulary as offer_vocabulary
from app.offers.kind_forms import (
    LocatedForm,
    check_period,
    date_field,
    language_options,
    location_fields,
    long_text,
    short_text,
)
from app.offers.models import OfferKind
from app.organisations.forms import ALL, PLEASE_CHOOSE, FilterForm, borough_filter, kind_choices, typed_location
from app.organisations.models import Organisation
from app.organisations.services import active_organisations, all_organisations
from app.people.models import Channel

#: What a public title must not hold (app.board.privacy), as the error message names it.
PRIVATE_DATA_LABELS = {
    "email": _l("E-Mail-Adresse"),
    "phone": _l("Telefonnummer"),
    "address": _l("Anschrift"),
}
#: The list's age filter, as the dashboard groups open needs.
AGE_LABELS = {"lt7": _l("weniger als 7 Tagen"), "7to30": _l("7 bis 30 Tagen"), "gt30": _l("mehr als 30 Tagen")}
AT_ORGANISATION = "organisation"
ELSEWHERE = "other"


def organisation_choices(organisations: list[Organisation], blank: object) -> list[SelectChoice]:
    return options([("", blank), *((organisation.public_id, organisation.name) for organisation in organisations)])


class NeedForm(LocatedForm, BaseForm):
    """Posted on an organisation's behalf: staff choose it and say how the request came."""

    missing_place_message = _l(
        "Wo wird die Hilfe gebraucht? Bitte wählen Sie den Stadtteil oder geben Sie die Postleitzahl an."
    )
    organisation = SelectField(
        _l("Für welche Organisation?"),
        validators=[InputRequired(message=_l("Bitte wählen Sie die Organisation."))],
    )
    channel = RadioField(
        _l("Wie kam die Anfrage?"),
        choices=options(
            (channel.value, offer_vocabulary.CHANNEL_LABELS[channel]) for channel in (Channel.PHONE, Channel.MAIL)
        ),
        validators=[InputRequired(message=_l("Bitte sagen Sie, ob die Anfrage per Telefon oder per E-Mail kam."))],
    )
    kind = SelectField(
        _l("Welche Art von Hilfe wird gebraucht?"),
        choices=kind_choices(offer_vocabulary.KIND_LABELS, PLEASE_CHOOSE),
        validators=[InputRequired(message=_l("Bitte wählen Sie die Art der Hilfe."))],
    )
    title = short_text(_l("Kurzer Titel"), _l("Bitte geben Sie einen kurzen Titel an."))
    description = long_text(_l("Beschreibung"))
    required_languages = MultiCheckboxField(_l("Erforderliche Sprachen"))
    helpful_languages = MultiCheckboxField(_l("Hilfreiche Sprachen"))
    skills = long_text(_l("Gewünschte Kenntnisse und Erfahrungen"))
    quantity = IntegerField(
        _l("Wie viele Personen oder Gegenstände?"),
        default=1,
        validators=[
            InputRequired(message=_l("Bitte geben Sie an, wie viele Personen oder Gegenstände gebraucht werden.")),
            NumberRange(min=1, max=10_000, message=_l("Bitte eine Zahl von %(min)s bis %(max)s.")),
        ],
    )
    urgency = RadioField(
        _l("Wie dringend ist es?"),
        choices=options((urgency.value, URGENCY_LABELS[urgency]) for urgency in Urgency),
        default=Urgency.NORMAL.value,
        validators=[InputRequired(message=_l("Bitte wählen Sie, wie dringend es ist."))],
    )
    starts_on = date_field(_l("Ab wann?"))
    ends_on = date_field(_l("Bis wann?"))
    place = RadioField(
        _l("Wo wird die Hilfe gebraucht?"),
        choices=options([(AT_ORGANISATION, _l("bei der Organisation")), (ELSEWHERE, _l("an einem anderen Ort"))]),
        default=AT_ORGANISATION,
        validators=[InputRequired(message=_l("Bitte wählen Sie, wo die Hilfe gebraucht wird."))],
    )
    district, postcode, street, town = location_fields()
    is_public = BooleanField(_l("Auf der öffentlichen Bedarfsliste zeigen"))

    def __init__(self, *args, need=None, **kwargs) -> None:
        super().__init__(*args, obj=need, **kwargs)
        self.setup_places()
        languages, _ = language_options(current_locale_code())
        self.required_languages.choices = languages
        self.helpful_languages.choices = languages
        if "organisation" in self:
            self.organisation.choices = organisation_choices(active_organisations(), PLEASE_CHOOSE)
        if need is not None and not self.is_submitted():
            self.place.data = AT_ORGANISATION if is_at_organisation(need) else ELSEWHERE
        self.need = need

    @property
    def elsewhere(self) -> bool:
        return self.place.data == ELSEWHERE

    # The place fields count only when another place than the organisation's was chosen.
    def validate_district(self, field) -> None:
        if self.elsewhere:
            super().validate_district(field)

    def validate_postcode(self, field) -> None:
        if self.elsewhere:
            super().validate_postcode(field)

    def validate_ends_on(self, field) -> None:
        check_period(self.starts_on, field)

    def validate_helpful_languages(self, field) -> None:
        if set(field.data or ()) & set(self.required_languages.data or ()):
            raise ValidationError(_l("Eine Sprache ist entweder erforderlich oder hilfreich, nicht beides."))

    def validate_is_public(self, field) -> None:
        """A public title must not give away where the shelter is or how to reach anyone."""
        if not field.data or not self.title.data:
            return
        organisation = self.need.organisation if self.need else self._chosen_organisation()
        problems = public_text_problems(self.title.data, organisation)
        if problems:
            raise ValidationError(
                _l(
                    "Der Titel wird öffentlich gezeigt und darf keine %(what)s enthalten. "
                    "Bitte kürzen Sie ihn oder zeigen Sie den Bedarf nicht öffentlich.",
                    what=", ".join(str(PRIVATE_DATA_LABELS[problem]) for problem in problems),
                )
            )

    def _chosen_organisation(self) -> Organisation | None:
        if "organisation" in self:
            return next((o for o in active_organisations() if o.public_id == self.organisation.data), None)
        return current_user.organisation

    def to_data(self) -> NeedData:
        return NeedData(
            kind=OfferKind(self.kind.data),
            title=self.title.data,
            description=self.description.data,
            required_languages=list(self.required_languages.data or ()),
            helpful_languages=list(self.helpful_languages.data or ()),
            skills=self.skills.data,
            quantity=self.quantity.data,
            urgency=Urgency(self.urgency.data),
            starts_on=self.starts_on.data,
            ends_on=self.ends_on.data,
            location=typed_location(self) if self.elsewhere else None,
            is_public=bool(self.is_public.data),
        )


class OwnNeedForm(NeedForm):
    """A member's need, or any need being edited: the organisation is already known."""

    organisation = None
    channel = None


class NeedFilterForm(FilterForm):
    status = SelectField(
        _l("Status"),
        choices=options(
            [
                ("", ALL),
                (STILL_OPEN, _l("offen oder teilweise besetzt")),
                *((s.value, STATUS_LABELS[s]) for s in NeedStatus),
            ]
        ),
        default="",
    )
    kind = SelectField(_l("Art"), choices=kind_choices(offer_vocabulary.KIND_LABELS, ALL), default="")
    urgency = SelectField(
        _l("Dringlichkeit"),
        choices=options([("", ALL), *((u.value, URGENCY_LABELS[u]) for u in Urgency)]),
        default="",
    )
    organisation = SelectField(_l("Organisation"), default="")
    borough = borough_filter()
    #: Days since posting, in the coordinators' dashboard's groups (app.reports.services.AGE_GROUPS).
    age = SelectField(
        _l("Eingetragen vor"),
        choices=options(
            [("", ALL), *((key, AGE_LABELS[key]) for key in ("lt7", "7to30", "gt30"))],
        ),
        default="",
    )

    def __init__(self, formdata, *, choose_organisation: bool) -> None:
        super().__init__(formdata)
        if choose_organisation:
            self.organisation.choices = organisation_choices(all_organisations(), ALL)
        else:
            del self.organisation
