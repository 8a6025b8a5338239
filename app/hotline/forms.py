"""The hotline's entry form: the public offer form as staff fill it in on the phone."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, StringField
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from app.offers.forms import OfferForm
from app.offers.kind_forms import long_text
from app.offers.models import OfferKind
from app.people.forms import CONTACT_FIELDS, PLACE_FIELDS, StaffPersonFields
from app.people.models import Person
from app.people.services import person_by_reference

#: ``attach_to`` value for "this caller is not one of the known persons".
NEW_PERSON = "new"


class HotlineOfferForm(StaffPersonFields, OfferForm):
    consent = BooleanField(
        _l("Einwilligung am Telefon eingeholt"),
        validators=[
            InputRequired(
                message=_l("Ohne Einwilligung dürfen wir die Angaben nicht speichern. Bitte fragen Sie danach.")
            )
        ],
    )
    note = long_text(_l("Notiz für die Koordination"))
    #: A known person's public id, or NEW_PERSON; rendered by hotline/_duplicates.html.
    attach_to = StringField(_l("Bekannte Person"), validators=[Optional(), Length(max=32)])

    page_order = (
        *CONTACT_FIELDS,
        "attach_to",
        "kinds",
        *(kind.value for kind in OfferKind),
        "available_from",
        "available_until",
        "languages",
        "other_languages",
        *PLACE_FIELDS,
        "locale",
        "availability",
        "skills",
        "note",
        "consent",
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        #: The known person chosen in ``attach_to``, once validated.
        self.existing_person: Person | None = None

    @property
    def typed_name(self) -> str:
        return " ".join(part for part in (self.first_name.data, self.last_name.data) if part)

    @property
    def attaches(self) -> bool:
        return bool(self.attach_to.data) and self.attach_to.data != NEW_PERSON

    def validate_attach_to(self, field) -> None:
        if not self.attaches:
            return
        self.existing_person = person_by_reference(field.data)
        if self.existing_person is None:
            raise ValidationError(_l("Diese Person gibt es nicht mehr. Bitte wählen Sie neu."))

    def validate_district(self, field) -> None:
        # A known person's place is on record already; only a new person needs one.
        if not self.attaches:
            super().validate_district(field)

    def require_decision(self, known_count: int) -> bool:
        """With likely known persons on screen, staff must say new or which one; False adds the message."""
        if known_count and not self.attach_to.data:
            self.attach_to.errors = [
                *self.attach_to.errors,
                _l(
                    "Diese Person ist vielleicht schon bekannt. Bitte wählen Sie: neue Person anlegen oder das Angebot einer bekannten Person zuordnen."
                ),
            ]
            return False
        return True
