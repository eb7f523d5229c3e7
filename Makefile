# Two commands for a newcomer: `make run` and `make test`. Only Python 3.11+ and make needed.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000

.PHONY: install run serve test lint format messages clean screenshots benchmark backup restore

# pip installs only uv (pinned here), and uv the pinned requirements: it downloads them side
# by side, where pip fetched some forty wheels one after another (a clean install took 186 s
# with pip, 46 s with uv, on the CI machine). Neither compiles the modules up front: Python
# compiles those actually imported, on first import (compiling moto's and boto's thousands
# tripled the install's CPU time).
UV_VERSION := 0.13.9
$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet uv==$(UV_VERSION)
	$(VENV)/bin/uv pip install --quiet --python $(PY) -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

# axe-core for the browser tests (package.json). Without npm the tests say loudly that they
# were skipped; `make run` never needs npm.
node_modules/.installed: package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --no-audit --no-fund && touch $@ \
			|| echo "!! npm ci failed: the axe-core accessibility tests will be skipped."; \
	else \
		echo "!! npm not found: the axe-core accessibility tests will be skipped (they fail with CI=true)."; \
	fi

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	$(PY) manage.py ensure_admin --port $(PORT)
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

# The site as production runs it (gunicorn, the worker, DEBUG off), on SQLite by default;
# the demo is loaded when the database is empty. See scripts/serve.py.
serve: install
	PORT=$(PORT) $(PY) scripts/serve.py

# The database and the media in one archive in BACKUP_DIR; `make restore ARCHIVE=...` puts one
# back into a fresh site (FORCE=1 replaces a site that holds content). README, "Backup and
# restore".
BACKUP_DIR ?= .backups
backup: install
	mkdir -p $(BACKUP_DIR)
	$(PY) manage.py backup $(BACKUP_DIR)

restore: install
	@test -n "$(ARCHIVE)" || { echo "Usage: make restore ARCHIVE=path/to/archive.tar.gz [FORCE=1]"; exit 2; }
	$(PY) manage.py restore $(if $(FORCE),--force) "$(ARCHIVE)"

# Python may write its bytecode cache (.pyc) whatever the environment says: with
# PYTHONDONTWRITEBYTECODE set (as on the CI machine) every process the tests start (servers,
# workers, commands) compiled each module it imports from source again, about 3 s of CPU
# each (5.5 s instead of 2.3 s to start Django).
test: install node_modules/.installed
	PYTHONDONTWRITEBYTECODE= $(PY) -m pytest $(PYTEST_ARGS)

# PNGs of the main page types in both languages at 375 and 1280 px, in screenshots/.
screenshots: install
	$(PY) scripts/screenshots.py

# Lighthouse scores and the story page weight against their budgets (needs Chromium, npm),
# and the speed targets of issue 15 (needs wrk; SPEED_ARGS="--stories 0" for the demo only).
SPEED_ARGS ?= --stories 10000
benchmark: install
	$(PY) scripts/benchmark_page_weight.py; weight=$$?; \
		$(PY) scripts/benchmark_writes.py || weight=1; \
		$(PY) scripts/benchmark_redis_outage.py || weight=1; \
		$(PY) scripts/benchmark_speed.py $(SPEED_ARGS) || weight=1; \
		$(PY) scripts/benchmark_lighthouse.py && exit $$weight

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Needs GNU gettext (xgettext, msgfmt): for developers who change user-facing strings.
messages: install
	$(PY) manage.py makemessages --locale it --locale en --ignore ".venv/*" --no-obsolete
	$(PY) manage.py compilemessages --ignore ".venv/*"

clean:
	rm -rf $(VENV) db.sqlite3 db.sqlite3-wal db.sqlite3-shm media private-media staticfiles .test-media .admin-credentials .serve-secret-key
	rm -rf node_modules .cache screenshots benchmarks
