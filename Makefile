# Akkoord — one command to run, one to test. Creates .venv itself.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PYTEST_WORKERS ?= 2

.PHONY: install run test lint typecheck pytest system-test-deps bench clean

install: $(STAMP) assets

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

assets: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	node scripts/build-assets.mjs
	@touch assets

run: install
	$(BIN)/akkoord init
	$(BIN)/akkoord serve

# Tools the tests drive from outside Python: Chromium (browser tests), LibreOffice
# (document conformance) and poppler (PDF rendering). Installed from Debian when missing.
system-test-deps:
	@missing=""; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	command -v soffice >/dev/null || missing="$$missing libreoffice-writer-nogui"; \
	command -v pdftoppm >/dev/null || missing="$$missing poppler-utils"; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install
	$(BIN)/mypy

pytest: install system-test-deps
	$(BIN)/pytest -n $(PYTEST_WORKERS)

test: lint typecheck pytest

bench: install
	$(BIN)/python -m bench.engine
	$(BIN)/python -m bench.documents

clean:
	rm -rf $(VENV) node_modules api/static/build assets var
