"""docs/operations.md stays true: every setting is documented, and its backup commands are the drill's."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOC = (ROOT / "docs" / "operations.md").read_text(encoding="utf-8")
DRILL = (ROOT / "scripts" / "backup-restore-test.sh").read_text(encoding="utf-8")
ENV_READ = re.compile(r'(?:os\.environ\.get|env_bool)\(\s*"([A-Z0-9_]+)"')


def settings_read_from_the_environment() -> set[str]:
    names = set()
    for source in ("config.py", "gunicorn.conf.py"):
        names |= set(ENV_READ.findall((ROOT / source).read_text(encoding="utf-8")))
    return names


def test_every_environment_variable_is_documented():
    names = settings_read_from_the_environment()
    assert {"SECRET_KEY", "DATABASE_URL", "LOG_FORMAT", "WEB_CONCURRENCY", "MAIL_USE_TLS"} <= names
    assert sorted(name for name in names if f"`{name}`" not in DOC) == []


def test_the_doc_gives_operators_the_drills_backup_and_restore_commands():
    for tool in ("pg_dump", "pg_restore"):
        documented = [line for line in DOC.splitlines() if line.startswith(f"{tool} ")]
        assert len(documented) == 1, f"one {tool} command in the doc"
        assert documented[0] in DRILL.splitlines(), f"the doc's {tool} command is not the one the drill runs"


def load_backup_check():
    spec = importlib.util.spec_from_file_location("backup_check", ROOT / "scripts" / "backup_check.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_drill_fails_on_any_difference(capsys):
    report = load_backup_check().report
    source = {"rows people": 200, "alembic version": "0010", "md5 people": "abc"}
    assert report(source, dict(source)) == 0
    assert report(source, {**source, "rows people": 199}) == 1
    assert report(source, {**source, "md5 people": "abd"}) == 1
    assert report(source, {key: value for key, value in source.items() if key != "md5 people"}) == 1
    assert "<-- DIFFERENT" in capsys.readouterr().out
