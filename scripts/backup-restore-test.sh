#!/usr/bin/env bash
# Restore drill (make backup-restore-test): fill a database, back it up and restore it into a fresh one with
# the very commands docs/operations.md gives operators, then compare both; exit status 1 on any difference.
# Needs PostgreSQL (client tools and a server; PGHOST, PGPORT and PGUSER as for psql, default
# 127.0.0.1:5432 as postgres). Both databases are dropped at the end, also after a failure.
set -euo pipefail
cd "$(dirname "$0")/.."

export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
SOURCE_DB="${BACKUP_TEST_SOURCE_DB:-helfernetz_backup_src}"
RESTORED_DB="${BACKUP_TEST_RESTORED_DB:-helfernetz_backup_restored}"
SERVER="postgresql://$PGUSER@$PGHOST:$PGPORT"
PYTHON="${PYTHON:-.venv/bin/python}"
FLASK="$PYTHON -m flask --app wsgi"
WORK="$(mktemp -d)"

cleanup() {
  dropdb --if-exists "$SOURCE_DB"
  dropdb --if-exists "$RESTORED_DB"
  rm -rf "$WORK"
}
trap cleanup EXIT

echo "== source database $SOURCE_DB: schema, demo data, a few rows in every table demo data leaves empty"
dropdb --if-exists "$SOURCE_DB"
createdb "$SOURCE_DB"
export HELFERNETZ_CONFIG=development LOG_LEVEL=WARNING DATABASE_URL="$SERVER/$SOURCE_DB"
$FLASK db upgrade
$FLASK demo load >/dev/null
PYTHONPATH=. "$PYTHON" scripts/backup_check.py fill

echo "== backup (pg_dump, custom format)"
BACKUP="$WORK/helfernetz.dump"
# --- backup: quoted in docs/operations.md ---
pg_dump --format=custom --no-owner --no-privileges --file="$BACKUP" "$DATABASE_URL"
ls -l "$BACKUP"

echo "== restore into the fresh database $RESTORED_DB (pg_restore)"
dropdb --if-exists "$RESTORED_DB"
createdb "$RESTORED_DB"
RESTORE_URL="$SERVER/$RESTORED_DB"
# --- restore: quoted in docs/operations.md ---
pg_restore --no-owner --no-privileges --exit-on-error --single-transaction --dbname="$RESTORE_URL" "$BACKUP"

echo "== comparison"
PYTHONPATH=. "$PYTHON" scripts/backup_check.py compare "$DATABASE_URL" "$RESTORE_URL"
