# Two commands: `make run` (the bot in a local terminal chat) and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: run test lint bench check clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall when the project's metadata changes (editable: code changes need nothing).
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed

run: $(VENV)/.installed
	$(BIN)/huzhu run --adapter console --config plugins.yaml --data-dir data

test: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check core plugins adapters tests bench examples tools
	$(BIN)/huzhu check plugins.yaml
	$(BIN)/python -m pytest -q -n auto

lint: $(VENV)/.installed-test
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format core plugins adapters tests bench examples tools

# every benchmark, then one summary table (see bench/all.py; each script also runs alone)
bench: $(VENV)/.installed-test
	$(BIN)/python bench/all.py

check: $(VENV)/.installed
	$(BIN)/huzhu check plugins.yaml

clean:
	rm -rf $(VENV) data .ruff_cache
