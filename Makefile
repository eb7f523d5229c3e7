# Two commands for a newcomer: `make run` and `make test`. Only Python 3.11+ and make needed.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000

.PHONY: install run test lint format messages clean

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	$(PY) manage.py ensure_admin --port $(PORT)
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

test: install
	$(PY) -m pytest

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Needs GNU gettext (xgettext, msgfmt): for developers who change user-facing strings.
messages: install
	$(PY) manage.py makemessages --locale it --locale en --ignore ".venv/*" --no-obsolete
	$(PY) manage.py compilemessages --ignore ".venv/*"

clean:
	rm -rf $(VENV) db.sqlite3 db.sqlite3-wal db.sqlite3-shm media staticfiles .test-media .admin-credentials
