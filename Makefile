# awardbot: the commands a new user and CI run. `make test` is what CI runs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install test lint run bench clean

install: $(STAMP)

# Reinstall only when the project's metadata changed, so repeated `make test` stays quick.
$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $(STAMP)

lint: install
	$(BIN)/ruff check .

test: install lint
	$(BIN)/pytest

run: install
	$(BIN)/awardbot programmes list

bench: install
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) var build *.egg-info
