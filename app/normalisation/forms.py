"""Forms of the taxonomy pages and of a correction of what a text was read as."""

from __future__ import annotations

import ast
import re
from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from app.core.forms import BaseForm, blank_to_none, options
from app.normalisation.concepts import GROUPS
from app.normalisation.taxonomy_store import Records
from app.offers.kind_forms import LONG
from app.offers.vocabulary import KIND_LABELS
from app.organisations.forms import ALL, PLEASE_CHOOSE, FilterForm

KEY = re.compile(r"[a-z][a-z0-9_]*")
#: The taxonomy's English problem for one name: ``key: 'name' is ... (of other)``.
NAME_PROBLEM = re.compile(r"^(?P<key>\w+): (?P<name>'.*'|\".*\") is (also a synonym of (?P<other>\w+)|empty.*)$")


def _group_choices(blank: object) -> list:
    return options([("", blank), *((group, KIND_LABELS[group]) for group in GROUPS)])


def _lines(text: str | None) -> list[str]:
    return list(dict.fromkeys(line.strip() for line in (text or "").splitlines() if line.strip()))


def _required(message: object) -> list:
    return [DataRequired(message=message), Length(max=120, message=_l("Höchstens %(max)d Zeichen."))]


class ConceptFilterForm(FilterForm):
    q = StringField(_l("Suche"), validators=[Optional(), Length(max=100)], filters=[blank_to_none])
    group = SelectField(_l("Bereich"), choices=_group_choices(ALL), default="")


class ConceptForm(BaseForm):
    """One concept; the whole taxonomy with it is checked before it is saved (:meth:`taxonomy_records`)."""

    key = StringField(
        _l("Schlüssel"),
        validators=[
            DataRequired(message=_l("Bitte geben Sie einen Schlüssel an.")),
            Length(max=64, message=_l("Höchstens %(max)d Zeichen.")),
        ],
        filters=[blank_to_none],
    )
    group = SelectField(
        _l("Bereich"),
        choices=_group_choices(PLEASE_CHOOSE),
        validators=[DataRequired(message=_l("Bitte wählen Sie einen Bereich."))],
    )
    label_de = StringField(
        _l("Bezeichnung (Deutsch)"), validators=_required(_l("Bitte geben Sie die deutsche Bezeichnung an."))
    )
    label_en = StringField(
        _l("Bezeichnung (Englisch)"), validators=_required(_l("Bitte geben Sie die englische Bezeichnung an."))
    )
    synonyms_de = TextAreaField(_l("Synonyme (Deutsch)"), validators=[Length(max=LONG * 5)])
    synonyms_en = TextAreaField(_l("Synonyme (Englisch)"), validators=[Length(max=LONG * 5)])
    related = SelectMultipleField(_l("Verwandte Begriffe"), validators=[Optional()])
    referral_only = BooleanField(_l("Nur Weitervermittlung an Fachleute (zum Beispiel Rechtsberatung)"))

    def __init__(self, *args, records: Records, editing: str | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        #: The stored taxonomy, and the key of the concept edited (``None`` for a new one).
        self.records, self.editing = records, editing
        if editing:
            del self.key
        labels = ((key, f"{record['de']} ({key})") for key, record in records.items() if key != editing)
        self.related.choices = options(sorted(labels, key=lambda choice: choice[1].casefold()))

    @classmethod
    def for_concept(cls, records: Records, key: str, formdata: Any = None) -> ConceptForm:
        record = records[key]
        data = {
            "group": record["group"],
            "label_de": record["de"],
            "label_en": record["en"],
            "synonyms_de": "\n".join(record["synonyms_de"]),
            "synonyms_en": "\n".join(record["synonyms_en"]),
            "related": record["related"],
            "referral_only": record["referral_only"],
        }
        return cls(formdata=formdata, data=data, records=records, editing=key)

    @property
    def concept_key(self) -> str:
        return self.editing or self.key.data

    def validate_key(self, field) -> None:
        if not KEY.fullmatch(field.data):
            raise ValidationError(_l("Nur kleine Buchstaben ohne Umlaute, Ziffern und _, zum Beispiel german_lessons."))
        if field.data in self.records:
            raise ValidationError(_l("Diesen Schlüssel gibt es schon."))

    def record(self) -> dict[str, Any]:
        """The concept as ``Taxonomy.from_records`` reads it."""
        return {
            "group": self.group.data,
            "de": self.label_de.data.strip(),
            "en": self.label_en.data.strip(),
            "synonyms_de": _lines(self.synonyms_de.data),
            "synonyms_en": _lines(self.synonyms_en.data),
            "related": list(self.related.data or []),
            "referral_only": self.referral_only.data,
        }

    def taxonomy_records(self) -> Records:
        """Every concept with this one last, so that a clash is always reported against this one's name."""
        return {
            **{key: r for key, r in self.records.items() if key != self.concept_key},
            self.concept_key: self.record(),
        }

    def show_problems(self, problems: list[str]) -> None:
        """The taxonomy's problems (``ValueError`` lines of ``Taxonomy.from_records``) as errors of the fields."""
        for problem in problems:
            found = NAME_PROBLEM.match(problem)
            if found and found["key"] == self.concept_key:
                name = ast.literal_eval(found["name"])
                self._field_naming(name).errors.append(self._message(name, found["other"]))
            else:  # not expected: the stored concepts were valid, and the fields check the rest
                self.synonyms_de.errors.append(_l("Die Begriffe wären so nicht lesbar: %(problem)s", problem=problem))

    def _field_naming(self, name: str):
        """The field holding ``name`` as typed; synonyms (German) if none does."""
        record = self.record()
        names = {
            "label_de": [record["de"]],
            "label_en": [record["en"]],
            "synonyms_de": record["synonyms_de"],
            "synonyms_en": record["synonyms_en"],
        }
        return self[next((field for field, values in names.items() if name in values), "synonyms_de")]

    def _message(self, name: str, other: str | None) -> object:
        if other is None:
            return _l(
                "„%(name)s“ lässt sich nicht als Begriff lesen (nur Füllwörter, oder durch Komma, Schrägstrich"
                " oder Klammer geteilt).",
                name=name,
            )
        return _l("„%(name)s“ gehört schon zum Begriff „%(other)s“.", name=name, other=self.records[other]["de"])


class CorrectionForm(BaseForm):
    """What one piece of text means: another value, or none of them (empty)."""

    value = SelectField(_l("Richtig gelesen als"))

    def __init__(self, choices: list, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.value.choices = choices
