# Enlace: the commands the README names. `make run` and `make test` each install what they need.
SHELL := /bin/bash
.DEFAULT_GOAL := help

# The first Python >= 3.12 found (pyenv honours .python-version = 3.13).
PYTHON ?= $(shell for p in python3.13 python3.12 python3; do \
  if command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; \
  then echo $$p; break; fi; done)
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip --disable-pip-version-check -q
ENLACE := $(PY) -m enlace
PG_URL ?= $(ENLACE_TEST_POSTGRES_URL)

.PHONY: help run otp test lint check pytest pytest-postgres bench lock messages clean

help:
	@echo "make run    install, migrate, load demo data on first run, serve http://127.0.0.1:8000"
	@echo "make test   install, lint, type-check, then the whole suite on SQLite and PostgreSQL"
	@echo "make bench  run the benchmarks in benchmarks/"

$(VENV)/.python:
	@test -n "$(PYTHON)" || { echo "Enlace needs Python >= 3.12 (python3.13, python3.12 or python3)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	@touch $@

$(VENV)/.installed: requirements.lock pyproject.toml | $(VENV)/.python
	$(PIP) install -r requirements.lock
	$(PIP) install --no-deps -e .
	@rm -f $(VENV)/.installed-dev
	@touch $@

$(VENV)/.installed-dev: requirements-dev.lock pyproject.toml | $(VENV)/.python
	$(PIP) install -r requirements-dev.lock
	$(PIP) install --no-deps -e .
	@touch $(VENV)/.installed $@

var/env:
	@mkdir -p var
	@echo "ENLACE_SECRET_KEY=$$($(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))')" > var/env
	@chmod 600 var/env

# The local demo: SQLite, a task worker beside the server, plain HTTP on loopback, demo personas, e-mail printed.
run: $(VENV)/.installed var/env
	set -a; source var/env; set +a; \
	ENLACE_DEMO=true ENLACE_HTTPS=false \
	ENLACE_EMAIL_BACKEND=$${ENLACE_EMAIL_BACKEND:-django.core.mail.backends.console.EmailBackend} $(ENLACE) serve

# The current TOTP code of a demo persona: make otp EMAIL=admin@enlace.demo
otp: $(VENV)/.installed var/env
	@set -a; source var/env; set +a; ENLACE_DEMO=true $(ENLACE) demo_otp $(EMAIL)

test: $(VENV)/.installed-dev
	$(MAKE) --no-print-directory lint check pytest pytest-postgres

lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check enlace benchmarks
	$(VENV)/bin/ruff format --check enlace benchmarks
	ENLACE_SECRET_KEY=lint-only $(VENV)/bin/mypy enlace

check: $(VENV)/.installed-dev
	ENLACE_SECRET_KEY=check-only $(ENLACE) makemigrations --check --dry-run
	ENLACE_SECRET_KEY=check-only $(ENLACE) compile_translations

pytest: $(VENV)/.installed-dev
	@echo "== test suite on SQLite"
	env -u DATABASE_URL $(VENV)/bin/pytest $(PYTEST_ARGS)

# PostgreSQL: required when ENLACE_TEST_POSTGRES_URL is set (CI sets it); otherwise used when one answers locally.
pytest-postgres: $(VENV)/.installed-dev
	@url="$(PG_URL)"; \
	if [ -z "$$url" ]; then \
	  if $(PY) -c 'import psycopg; psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", connect_timeout=2).close()' 2>/dev/null; \
	  then url="postgresql://postgres@127.0.0.1:5432/test"; \
	  else echo "== no PostgreSQL at 127.0.0.1:5432: the PostgreSQL run is left out (set ENLACE_TEST_POSTGRES_URL to require it)"; exit 0; fi; \
	fi; \
	echo "== test suite on PostgreSQL ($$url)"; \
	DATABASE_URL="$$url" $(VENV)/bin/pytest $(PYTEST_ARGS)

bench: $(VENV)/.installed-dev
	@for script in benchmarks/*.py; do echo "== $$script"; $(PY) $$script || exit 1; done

# Regenerate the lock files from pyproject.toml (needs network access to PyPI).
lock: | $(VENV)/.python
	$(PIP) install uv
	$(VENV)/bin/uv pip compile pyproject.toml --python-version 3.12 --universal -o requirements.lock
	$(VENV)/bin/uv pip compile pyproject.toml --extra dev --python-version 3.12 --universal -o requirements-dev.lock

# Extract messages (needs GNU gettext) for es, fr and pt_BR.
messages: $(VENV)/.installed-dev
	cd enlace && ENLACE_SECRET_KEY=x ../$(ENLACE) makemessages -l es -l fr -l pt_BR --no-obsolete \
	  --ignore 'tests/*'

clean:
	rm -rf $(VENV) var/static
