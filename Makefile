# lamtheo — two commands for a newcomer: `make run` and `make test`.
SHELL := /bin/bash
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
HOST ?= 127.0.0.1
SCALE ?= commune
export DJANGO_SETTINGS_MODULE := lamtheo.settings

.PHONY: run dev test install system lint typecheck messages serve seed clean bench

$(BIN)/python:
	$(PY) -m venv $(VENV)

$(VENV)/.installed: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed system messages

system:
	@bash scripts/system-deps.sh

messages: | $(VENV)/.installed
	@$(BIN)/python manage.py compilemessages --ignore=.venv --verbosity 0

# Production mode: gunicorn, DEBUG off, WhiteNoise (HOST=0.0.0.0 for the local network, SCALE=none: no demo).
run: install
	@HOST=$(HOST) PORT=$(PORT) SCALE=$(SCALE) bash scripts/run.sh

# For developers: Django's debug server with DEBUG on.
dev: install
	@mkdir -p var
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo --scale $(SCALE) --if-empty
	DEBUG=1 $(BIN)/python manage.py runserver $(HOST):$(PORT)

lint: | $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: | $(VENV)/.installed
	$(BIN)/mypy lamtheo

test: install
	@bash scripts/test.sh

bench: install
	$(BIN)/python bench/run.py

# Keeps var/ (database, uploaded files, secret key, backups): delete it by hand to start over.
clean:
	rm -rf $(VENV) var/static
