# Two commands matter: `make run` and `make test` (see README.md). Both set up
# everything they need from a fresh clone: .venv, locked Python and npm packages,
# compiled translations.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SW := $(BIN)/schreibwerkstatt
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test bench lint setup messages check-translations serve

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.base-installed: requirements/base.lock pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -r requirements/base.lock
	$(BIN)/pip install -q --no-deps -e .
	touch $@

$(VENV)/.dev-installed: requirements/dev.lock $(VENV)/.base-installed
	$(BIN)/pip install -q -r requirements/dev.lock
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

messages: $(VENV)/.base-installed
	$(SW) compilemessages -v0 --ignore=.venv --ignore=node_modules

setup: $(VENV)/.base-installed node_modules/.installed messages

run: setup
	$(SW) migrate --noinput -v0
	$(SW) collectstatic --noinput -v0
	$(SW) demo
	@echo "Schreibwerkstatt läuft auf / runs at http://$(HOST):$(PORT)/  (Strg+C beendet / Ctrl+C stops)"
	@# The task worker (exports, imports, reminders) runs beside the web server and stops with it.
	$(SW) worker -v0 & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/granian --interface wsgi --host $(HOST) --port $(PORT) --workers 2 --blocking-threads 8 --log-level warning schreibwerkstatt.wsgi:application

test: setup $(VENV)/.dev-installed
	$(BIN)/pytest $(PYTEST_ARGS)

lint: $(VENV)/.dev-installed
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .

check-translations: $(VENV)/.base-installed
	$(BIN)/python tools/check_translations.py

bench: setup $(VENV)/.dev-installed
	$(SW) collectstatic --noinput -v0
	$(BIN)/python bench/run.py
