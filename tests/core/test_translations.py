"""Every string the app shows has a real English translation with the same placeholders."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
CATALOGUES = ROOT / "app" / "translations"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


@pytest.fixture(scope="module")
def source_ids(tmp_path_factory) -> set[str]:
    """msgids extracted from the code as it is now, not from a possibly stale .pot."""
    pot = tmp_path_factory.mktemp("i18n") / "messages.pot"
    babel = [sys.executable, "-m", "babel.messages.frontend"]
    subprocess.run(
        [*babel, "-q", "extract", "--ignore-dirs=.* __pycache__", "-F", "babel.cfg", "-k", "_l", "-o", str(pot), "."],
        cwd=ROOT,
        check=True,
    )
    with pot.open("rb") as f:
        return {message.id if isinstance(message.id, str) else message.id[0] for message in read_po(f) if message.id}


def catalogue(locale: str):
    with (CATALOGUES / locale / "LC_MESSAGES" / "messages.po").open("rb") as f:
        return read_po(f)


def strings(message) -> list[str]:
    return [message.string] if isinstance(message.string, str) else list(message.string)


def test_english_translates_every_string_in_the_code(source_ids):
    translated = {
        (m.id if isinstance(m.id, str) else m.id[0])
        for m in catalogue("en")
        if m.id and all(strings(m)) and not m.fuzzy
    }
    assert sorted(source_ids - translated) == []


def test_english_keeps_every_placeholder():
    broken = [
        m.id
        for m in catalogue("en")
        if m.id
        for text in strings(m)
        if set(PLACEHOLDER.findall(text)) != set(PLACEHOLDER.findall(m.id if isinstance(m.id, str) else m.id[1]))
    ]
    assert broken == []
