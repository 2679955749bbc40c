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

# Benchmark-only reference tools (WeasyPrint, pandoc); see requirements/bench.lock.
$(VENV)/.bench-installed: requirements/bench.lock $(VENV)/.dev-installed
	$(BIN)/pip install -q -r requirements/bench.lock
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# The KERN font for PDF exports: WOFF2 from npm converted to TTF (Typst cannot read WOFF2).
FONTS := schreibwerkstatt/exports/fonts/OFL.txt
$(FONTS): tools/build_fonts.py tools/licenses/OFL-1.1.txt node_modules/.installed $(VENV)/.base-installed
	$(BIN)/python tools/build_fonts.py

messages: $(VENV)/.base-installed
	$(SW) compilemessages -v0 --ignore=.venv --ignore=node_modules

setup: $(VENV)/.base-installed node_modules/.installed $(FONTS) messages

run: setup
	$(SW) migrate --noinput -v0
	$(SW) collectstatic --noinput -v0
	$(SW) demo
	@echo "Schreibwerkstatt läuft auf / runs at http://$(HOST):$(PORT)/  (Strg+C beendet / Ctrl+C stops)"
	@# The task worker (exports, imports, reminders) runs beside the web server and stops with it.
	@# ASGI (HTTP and the boards' WebSockets). Without REDIS_URL the live updates travel
	@# inside one process (Channels' in-memory layer), so one worker; with Redis two.
	$(SW) worker -v0 & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/granian --interface asginl --host $(HOST) --port $(PORT) \
	  --workers $$([ -n "$$REDIS_URL" ] && echo 2 || echo 1) --log-level warning schreibwerkstatt.asgi:application

# One test process per core (pytest-xdist); `make test PYTEST_WORKERS=0` runs them in one.
PYTEST_WORKERS ?= auto
test: setup $(VENV)/.dev-installed
	$(BIN)/pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

# The house rules (tools/house_rules.py, docs/architecture.md) the tree keeps; a rule joins
# the list once `$(BIN)/python tools/house_rules.py --rule <ID>` finds nothing.
HOUSE_RULES := HR101 HR102 HR201 HR301 HR302 HR401
lint: $(VENV)/.dev-installed
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/python tools/house_rules.py $(addprefix --rule ,$(HOUSE_RULES))

check-translations: $(VENV)/.base-installed
	$(BIN)/python tools/check_translations.py

bench: setup $(VENV)/.dev-installed $(VENV)/.bench-installed
	$(SW) collectstatic --noinput -v0
	$(BIN)/python bench/run.py
