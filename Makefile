# awardbot: the commands a new user and CI run. `make test` is what CI runs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install browser office test lint run bench forms templates clean

install: $(STAMP)

# Reinstall only when the project's metadata changed, so repeated `make test` stays quick.
$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $(STAMP)

# The page tests drive Debian's Chromium (never a browser downloaded by a test tool). As root
# with apt we install it, with CJK fonts so screenshots show Chinese; otherwise we say how.
browser:
	@if ! command -v chromium >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
	      apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; \
	  else \
	    echo "note: 'sudo apt-get install chromium fonts-noto-cjk' enables the browser tests"; \
	  fi; \
	fi

# Forms are rendered to PDF by LibreOffice and read back with poppler (pdftotext) in the layout
# tests and by `make forms`; installed like Chromium when run as root with apt.
office:
	@if ! command -v soffice >/dev/null 2>&1 || ! command -v pdftotext >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	      libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils fonts-noto-cjk >/dev/null; \
	  else \
	    echo "note: 'sudo apt-get install libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils fonts-noto-cjk' enables the form layout tests"; \
	  fi; \
	fi

# Every programme's forms filled with a complete sample: DOCX, PDF and PNG under var/forms/.
forms: install office
	$(BIN)/python -m tools.forms

# Redraw the forms' DOCX templates into their packs (eligibility/programmes/*/forms/).
templates: install
	$(BIN)/python -m tools.templates

lint: install
	$(BIN)/ruff check .

test: install browser office lint
	$(BIN)/pytest

run: install
	AWARDBOT_DEMO=1 $(BIN)/awardbot serve

bench: install
	$(BIN)/python -m benchmarks

# The fault suite (minutes; needs PostgreSQL on 127.0.0.1:5432): not part of `make test`.
.PHONY: soak
soak: install
	$(BIN)/python -m soak

clean:
	rm -rf $(VENV) var build *.egg-info
