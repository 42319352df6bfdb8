# The two commands of the README: `make run` and `make test`. Each does all its own set-up.
SHELL := /bin/bash
# The first of python3.13, python3.12, python3.11, python3 that runs and is at least 3.11.
ifndef PYTHON
PYTHON := $(shell for p in python3.13 python3.12 python3.11 python3; do \
	$$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1 && { echo $$p; break; }; done)
endif
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.requirements-installed
export FLASK_APP := app

.PHONY: run test unit integration e2e bench translations browser clean

$(BIN)/python:
	@test -n "$(PYTHON)" || { echo "Python 3.11 or newer is needed: none of python3.13, python3.12,"\
	  "python3.11 or python3 is one. Install one (python.org, your package manager, pyenv),"\
	  "or name it: make run PYTHON=/path/to/python3"; exit 1; }
	@echo "Setting up $(VENV) with $$($(PYTHON) --version) ($(PYTHON))"
	$(PYTHON) -m venv $(VENV)

$(STAMP): requirements.txt | $(BIN)/python
	$(BIN)/pip install --disable-pip-version-check -q -r requirements.txt
	touch $(STAMP)

translations: $(STAMP)
	@$(BIN)/pybabel compile -d app/translations >/dev/null

run: $(STAMP) translations
	$(BIN)/python serve.py

# Browser tests need a Chromium and PDF tests poppler-utils: Debian's (installed by apt when missing and we are root,
# as in CI), else Playwright's own download on a facilitator's laptop.
browser: $(STAMP)
	@bash scripts/ensure-chromium.sh

test: $(STAMP) translations browser
	$(BIN)/python -m pytest -q -p no:cacheprovider tests

unit: $(STAMP)
	$(BIN)/python -m pytest -q tests/unit

integration: $(STAMP) translations
	$(BIN)/python -m pytest -q tests/integration

e2e: $(STAMP) translations browser
	$(BIN)/python -m pytest -q tests/e2e

bench: $(STAMP) translations browser
	$(BIN)/python -m bench --phones $${PHONES:-1000} --json $${JSON:-bench/results/latest.json}

extract-messages: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k _l -k N_ -k plural:1,2 -o app/translations/messages.pot .
	$(BIN)/pybabel update -i app/translations/messages.pot -d app/translations

clean:
	rm -rf $(VENV) instance test-artifacts
