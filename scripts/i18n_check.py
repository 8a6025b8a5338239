"""``make i18n-check``: every shipped language translates what it must, nothing fuzzy, placeholders intact.

What a language must translate: the back-office languages (``BACKOFFICE_LANGUAGES``) every string in
the code (``babel.cfg``); the other public languages (``LANGUAGES``) the strings of the public pages,
the offer form, the error pages and the mails to volunteers (``babel-public.cfg``). German is the
source; its plain-language catalogue (domain ``plain``) covers ``babel-plain.cfg``. The strings are extracted from the code as it is now, not read from a .pot that may be stale.
Exit status 1 and one line per problem when anything is missing.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]
CATALOGUES = ROOT / "app" / "translations"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]")
SOURCE_LANGUAGE = "de"


def extract(mapping: str) -> set[str]:
    """The msgids (singular) the code marks for translation, per the babel mapping file."""
    with tempfile.TemporaryDirectory() as folder:
        pot = Path(folder) / "messages.pot"
        babel = [sys.executable, "-m", "babel.messages.frontend", "extract", "--ignore-dirs=.* __pycache__"]
        subprocess.run(  # noqa: S603 - this interpreter and Babel, fixed arguments
            [*babel, "-F", mapping, "-k", "_l", "-o", str(pot), "."], cwd=ROOT, check=True, capture_output=True
        )
        with pot.open("rb") as f:
            return {_singular(message) for message in read_po(f) if message.id}


def catalogue(language: str, domain: str = "messages") -> Catalog | None:
    path = CATALOGUES / language / "LC_MESSAGES" / f"{domain}.po"
    if not path.exists():
        return None
    with path.open("rb") as f:
        return read_po(f)


def problems(language: str, required: set[str], domain: str = "messages") -> list[str]:
    """What is wrong with ``language``'s catalogue (of ``domain``), given the msgids it must translate."""
    found = catalogue(language, domain)
    if found is None:
        return [f"{language}: no catalogue at app/translations/{language}/LC_MESSAGES/{domain}.po"]
    messages = {_singular(m): m for m in found if m.id}
    wrong = [
        f"{language}: untranslated: {msgid[:70]!r}"
        for msgid in sorted(required)
        if not _done(messages.get(msgid), found)
    ]
    for msgid in sorted(required & messages.keys()):
        message = messages[msgid]
        if message.fuzzy:
            wrong.append(f"{language}: fuzzy: {msgid[:70]!r}")
        if _done(message, found) and not _placeholders_kept(message):
            wrong.append(f"{language}: placeholders differ: {msgid[:70]!r}")
    return wrong


def _singular(message: Message) -> str:
    return message.id if isinstance(message.id, str) else message.id[0]


def _strings(message: Message) -> list[str]:
    return [message.string] if isinstance(message.string, str) else list(message.string)


def _done(message: Message | None, found: Catalog) -> bool:
    if message is None or not all(_strings(message)):
        return False
    return isinstance(message.id, str) or len(_strings(message)) == found.num_plurals


def _placeholders_kept(message: Message) -> bool:
    ids = [message.id] if isinstance(message.id, str) else list(message.id)
    wanted = set().union(*(PLACEHOLDER.findall(text) for text in ids))
    got = [set(PLACEHOLDER.findall(text)) for text in _strings(message)]
    if isinstance(message.id, str):
        return got[0] == wanted
    # A plural form may leave out the number ("one offer"), never bring in another placeholder.
    return all(placeholders <= wanted for placeholders in got) and set().union(*got) == wanted


def shipped() -> tuple[tuple[str, ...], tuple[str, ...]]:
    sys.path.insert(0, str(ROOT))
    from config import Config

    return Config.LANGUAGES, Config.BACKOFFICE_LANGUAGES


def main() -> int:
    public, back_office = shipped()
    everything, public_ids = extract("babel.cfg"), extract("babel-public.cfg")
    wrong = [
        problem
        for language in public
        if language != SOURCE_LANGUAGE
        for problem in problems(language, everything if language in back_office else public_ids)
    ]
    wrong += problems(SOURCE_LANGUAGE, extract("babel-plain.cfg"), "plain")
    print("\n".join(wrong) or f"i18n-check: {', '.join(public)} complete")
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())
