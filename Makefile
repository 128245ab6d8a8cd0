# The whole set-up: `make run` serves toxfill, `make test` runs every test.
PYTHON ?= python3
VENV ?= .venv
PORT ?= 8000
HOST ?= 127.0.0.1
BIN := $(VENV)/bin
VAR := var
export TOXFILL_DATA_DIR ?= $(CURDIR)/$(VAR)

.PHONY: run test test-sqlite test-postgresql lint bench install install-dev clean

run: $(VENV)/.runtime $(VAR)/secret-key
	TOXFILL_SECRET_KEY="$$(cat $(VAR)/secret-key)" $(BIN)/toxfill-manage migrate --no-input
	TOXFILL_SECRET_KEY="$$(cat $(VAR)/secret-key)" $(BIN)/toxfill-manage collectstatic --no-input -v 0
	@echo "toxfill is serving on http://$(HOST):$(PORT)/ (Ctrl-C stops it)"
	TOXFILL_SECRET_KEY="$$(cat $(VAR)/secret-key)" $(BIN)/gunicorn toxfill.web.wsgi \
		--bind $(HOST):$(PORT) --workers 2 --access-logfile -

test: test-sqlite test-postgresql

test-sqlite: $(VENV)/.dev
	env -u DATABASE_URL $(BIN)/pytest

# Runs the database-backed tests again when DATABASE_URL names a PostgreSQL server.
test-postgresql: $(VENV)/.dev
	@case "$$DATABASE_URL" in \
	  postgres*) echo "Running the web tests on $$DATABASE_URL"; \
	             $(BIN)/pytest tests/web ;; \
	  *) echo "DATABASE_URL is not a PostgreSQL URL: skipping the PostgreSQL run" ;; \
	esac

lint: $(VENV)/.dev
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports

bench: $(VENV)/.dev
	$(BIN)/python bench/run.py

install: $(VENV)/.runtime
install-dev: $(VENV)/.dev

$(VENV)/.created:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	touch $@

$(VENV)/.runtime: pyproject.toml $(VENV)/.created
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.dev: pyproject.toml $(VENV)/.created
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.runtime

$(VAR)/secret-key:
	mkdir -p $(VAR)
	$(PYTHON) -c "import secrets; print(secrets.token_urlsafe(50))" > $@
	chmod 600 $@

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache build src/*.egg-info
