# Helfernetz — the two commands a newcomer needs: `make run` and `make test`.
# Everything lives in .venv; the only prerequisite is python3 with venv.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
DEV := HELFERNETZ_CONFIG=development
KERN_VERSION ?= 2.7.2

.DEFAULT_GOAL := help
.PHONY: help setup browser run test lint i18n-check i18n-extract i18n-update translations kern bench bench-load clean

help:
	@echo "make run    set up, migrate, load demo data, serve http://127.0.0.1:5000 (SQLite)"
	@echo "make test   set up and run ruff and the whole test suite"
	@echo "make bench  run the benchmarks under bench/ (needs PostgreSQL on 127.0.0.1:5432)"
	@echo "make bench-load, make backup-restore-test, make security: see README"

# --upgrade-deps: the pip and setuptools bundled with Python carry known vulnerabilities (make security).
$(BIN)/activate:
	$(PYTHON) -m venv --upgrade-deps $(VENV)

$(VENV)/.installed: $(BIN)/activate requirements.txt requirements-dev.txt
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

setup: $(VENV)/.installed translations

translations: $(VENV)/.installed
	$(BIN)/pybabel compile --statistics -d app/translations
	$(BIN)/pybabel compile --statistics -d app/translations -l de -D plain

run: setup
	mkdir -p instance
	$(DEV) $(FLASK) db upgrade
	$(DEV) $(FLASK) demo load --new-passwords
	@echo "Mail is printed below instead of being sent (development)."
	@$(DEV) $(FLASK) outbox send --forever --interval 2 & sender=$$!; \
	  trap 'kill $$sender 2>/dev/null' EXIT INT TERM; \
	  $(DEV) $(FLASK) run --host 127.0.0.1 --port 5000

test: setup lint i18n-check browser
	$(BIN)/pytest

# The browser tests drive Debian's Chromium; Playwright's own download does not work here.
browser:
	@command -v chromium >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get update -qq \
	  && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } \
	  || echo "Chromium is missing: sudo apt-get install chromium (browser tests are skipped without it, and fail in CI)"

lint: $(VENV)/.installed
	$(BIN)/ruff check .

# Fails when a shipped language lacks a translation, has a fuzzy one or breaks a placeholder.
i18n-check: $(VENV)/.installed
	$(BIN)/python scripts/i18n_check.py

i18n-extract: $(VENV)/.installed
	$(BIN)/pybabel extract --ignore-dirs=".* __pycache__" --no-location --sort-by-file -F babel.cfg -k _l -o app/translations/messages.pot .
	$(BIN)/pybabel extract --ignore-dirs=".* __pycache__" --no-location --sort-by-file -F babel-plain.cfg -k _l -o app/translations/plain.pot .

i18n-update: i18n-extract
	$(BIN)/pybabel update --no-fuzzy-matching -i app/translations/messages.pot -d app/translations
	$(BIN)/pybabel update --no-fuzzy-matching -i app/translations/plain.pot -d app/translations -l de -D plain

kern:
	bash scripts/vendor-kern.sh $(KERN_VERSION)

# Restore drill (docs/operations.md): dump, restore into a fresh database, compare; needs PostgreSQL on 127.0.0.1.
.PHONY: backup-restore-test
backup-restore-test: setup
	@command -v pg_dump >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get update -qq \
	  && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-client >/dev/null; }
	PYTHON=$(BIN)/python bash scripts/backup-restore-test.sh

bench: setup $(VENV)/.bench-installed
	$(BIN)/python bench/submit.py
	$(BIN)/python -m bench.backoffice
	$(BIN)/python -m bench.imports
	$(BIN)/python -m bench.matching
	$(BIN)/python -m bench.alerts
	$(BIN)/python -m bench.load

# bench-load: locust comes from requirements-bench.txt, installed for the benchmarks only (not by make test).
$(VENV)/.bench-installed: $(VENV)/.installed requirements-bench.txt
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-bench.txt
	touch $@

bench-load: setup $(VENV)/.bench-installed
	$(BIN)/python -m bench.load

# security: bandit, pip-audit, and Debian's sqlmap and wapiti against a throwaway local instance;
# reports in reports/security/, non-zero exit on anything of medium severity or above.
.PHONY: security
security: setup
	@command -v sqlmap >/dev/null && command -v wapiti >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get update -qq \
	  && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq sqlmap wapiti >/dev/null; } \
	  || { echo "sqlmap and wapiti are missing: sudo apt-get install sqlmap wapiti"; exit 1; }
	$(BIN)/python scripts/security_scan.py

clean:
	rm -rf $(VENV) instance .pytest_cache .ruff_cache
