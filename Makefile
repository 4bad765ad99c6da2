# Every target creates or reuses .venv and installs what it needs, so each one
# works as the first command on a fresh clone.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test check lint typecheck migrations bench clean java chromium pango

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "projectboard needs $(PYTHON) on PATH" >&2; exit 2; }
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip==25.3
	$(BIN)/python -m pip install --quiet -e '.[dev,mpp]'
	@touch $(STAMP)

# Reading .mpp files (the [mpp] extra, MPXJ) needs a Java runtime, 11 or newer; on a fresh
# Debian machine it is installed from Debian's packages.
JRE_PACKAGE ?= default-jre-headless

java:
	@command -v java >/dev/null 2>&1 || { \
	  command -v apt-get >/dev/null 2>&1 || { echo "reading .mpp files needs a Java runtime (11 or newer): install one" >&2; exit 2; }; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(JRE_PACKAGE); }

# PDF documents (WeasyPrint) need Pango; on a fresh Debian machine it comes from Debian.
PANGO_PACKAGES ?= libpango-1.0-0 libpangoft2-1.0-0

pango:
	@/sbin/ldconfig -p 2>/dev/null | grep -q libpangoft2-1.0.so.0 || { \
	  command -v apt-get >/dev/null 2>&1 || { echo "PDF export needs Pango (libpangoft2-1.0): install it" >&2; exit 2; }; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(PANGO_PACKAGES); }

# The web app serves htmx from node_modules (npm, pinned by package-lock.json).
# The browser tests (tests/browser) drive Debian's Chromium, at /usr/bin/chromium, through
# Playwright (the [dev] extra; its driver is in the wheel, so no `playwright install`) and run
# axe-core, from npm at the version package-lock.json pins, in the pages.
CHROMIUM_PACKAGE ?= chromium
NODE_MODULES := node_modules/.package-lock.json

chromium:
	@test -x /usr/bin/chromium || { \
	  command -v apt-get >/dev/null 2>&1 || { echo "the browser tests need Chromium at /usr/bin/chromium: install it" >&2; exit 2; }; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(CHROMIUM_PACKAGE); }

$(NODE_MODULES): package.json package-lock.json
	@command -v npm >/dev/null 2>&1 || { \
	  command -v apt-get >/dev/null 2>&1 || { echo "the browser tests need npm (Node.js) for axe-core: install it" >&2; exit 2; }; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends npm; }
	npm ci --no-audit --no-fund
	@touch $(NODE_MODULES)

demo: $(STAMP) java pango $(NODE_MODULES)
	$(BIN)/projectboard schedule examples/shared-ict/plan.yaml
	$(BIN)/projectboard gantt examples/shared-ict/plan.yaml -o shared-ict-gantt.svg
	@echo "Gantt chart written to shared-ict-gantt.svg"
	PROJECTBOARD_DEBUG=1 $(BIN)/projectboard-web migrate --no-input
	PROJECTBOARD_DEBUG=1 $(BIN)/projectboard-web projectboard_load_demo
	PROJECTBOARD_DEBUG=1 $(BIN)/projectboard-web runserver 127.0.0.1:8000

# The whole suite on SQLite, then the web app's tests again on a real PostgreSQL server that
# scripts/with-postgres installs (when missing), starts for the run and removes afterwards.
test: $(STAMP) java pango chromium $(NODE_MODULES)
	$(BIN)/python -m pytest -q
	scripts/with-postgres $(BIN)/python -m pytest -q tests/web

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck: $(STAMP)
	$(BIN)/mypy

migrations: $(STAMP)
	@mkdir -p var
	PROJECTBOARD_DEBUG=1 $(BIN)/projectboard-web makemigrations --check --dry-run

check: lint typecheck migrations test

bench: $(STAMP)
	$(BIN)/python bench/bench.py
	$(BIN)/python bench/web_bench.py

clean:
	rm -rf $(VENV) node_modules .pytest_cache .mypy_cache .ruff_cache
