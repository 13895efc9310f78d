# The two commands in the README do everything on a fresh machine.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP_PY := $(VENV)/.installed
STAMP_JS := node_modules/.installed
DEMO_ENV := DJANGO_DEBUG=true PIEW_MFA_REQUIRED=false PIEW_HTTPS=false

.PHONY: run test install lint check clean worker

run: install ## The app with demo data at http://127.0.0.1:8000
	$(DEMO_ENV) $(BIN)/python manage.py migrate --no-input
	$(DEMO_ENV) $(BIN)/python manage.py seed_demo
	@echo ""
	@echo "Open http://127.0.0.1:8000 and sign in with one of the usernames above."
	@echo "Two-factor sign-in is switched off for this demo (PIEW_MFA_REQUIRED=false)."
	$(DEMO_ENV) $(BIN)/python manage.py runserver 127.0.0.1:8000

test: install chromium lint ## Linting, then the whole test suite including browser tests
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/lint-imports

install: $(STAMP_PY) $(STAMP_JS)

$(STAMP_PY): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@

$(STAMP_JS): package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

chromium:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ]; then \
	    echo "Installing Debian's chromium for the browser tests"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium; \
	  else \
	    echo "The browser tests need Chromium at /usr/bin/chromium. Install Debian's 'chromium' package (sudo apt-get install chromium)."; \
	    exit 1; \
	  fi; \
	fi

worker: install ## A Celery worker and beat, for a configuration with REDIS_URL set
	$(BIN)/celery -A piew worker --beat -S django -l info

clean:
	rm -rf $(VENV) node_modules staticfiles db.sqlite3
