# The two commands a newcomer needs: `make serve` and `make test`. Each sets up
# the virtual environment (.venv) from pyproject.toml on first use.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# The PostgreSQL half of the tests runs against this server; unreachable is a failure.
INCIDENTS_TEST_POSTGRES_URL ?= postgresql://postgres@127.0.0.1:5432/postgres
export INCIDENTS_TEST_POSTGRES_URL

# The browser tests drive Debian's Chromium (Playwright cannot download its own here).
CHROMIUM := /usr/bin/chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: serve demo test lint contract check clean screenshots

$(BIN)/incidents: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $@

serve: $(BIN)/incidents  ## serve the API on the embedded SQLite default (incidents.db here)
	$(BIN)/incidents serve --host $(HOST) --port $(PORT)

demo: $(BIN)/incidents  ## serve a fresh database holding the demo incident
	$(BIN)/incidents demo --host $(HOST) --port $(PORT)

$(CHROMIUM):
	$(SUDO) apt-get update -qq
	$(SUDO) apt-get install -y -qq chromium

test: $(BIN)/incidents $(CHROMIUM)  ## every test: unit, integration, API and browser, on SQLite and PostgreSQL
	$(BIN)/python -m pytest

screenshots: $(BIN)/incidents $(CHROMIUM)  ## the README's page screenshots (docs/screenshots/*.png), made by the tests' browser
	$(BIN)/python -m tests.support.screenshots --output docs/screenshots

lint: $(BIN)/incidents  ## ruff and mypy --strict
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

contract: $(BIN)/incidents  ## the shared contract smoke check (edition 2), when ../shared is present
	@if [ -f ../shared/contract/check.py ]; then \
		PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/python ../shared/contract/check.py --edition 2; \
	else echo "no ../shared/contract/check.py here; skipping the contract check"; fi

check: lint test contract

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache .mypy_cache .ruff_cache
