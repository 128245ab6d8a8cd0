# The whole set-up: `make run` serves toxfill, `make test` runs every test.
PYTHON ?= python3
VENV ?= .venv
PORT ?= 8000
HOST ?= 127.0.0.1
BIN := $(VENV)/bin
# Test processes (pytest-xdist): one per core by default; a file's tests stay in one process,
# which its module fixtures (a live server, a browser) expect. PYTEST_WORKERS=0: one process.
PYTEST_WORKERS ?= auto
XDIST := -n $(PYTEST_WORKERS) --dist loadfile

.PHONY: run test test-sqlite test-postgresql lint bench install install-dev clean

# Data (SQLite database, secret key, static files) lives in ./var unless TOXFILL_DATA_DIR says.
# Demo mode loads the demo clinic on first start and prints its logins (TOXFILL_DEMO=0: off).
# Plain http on 127.0.0.1: the HTTPS settings (HSTS, redirect, secure cookies) are production's.
run: export TOXFILL_HTTPS ?= 0
run: $(VENV)/.runtime
	TOXFILL_DATA_DIR="$${TOXFILL_DATA_DIR:-$(CURDIR)/var}" TOXFILL_DEMO="$${TOXFILL_DEMO:-1}" \
	  $(BIN)/toxfill serve --host $(HOST) --port $(PORT)

test: test-sqlite test-postgresql

test-sqlite: $(VENV)/.dev
	env -u DATABASE_URL $(BIN)/pytest $(XDIST)

# Runs the database-backed tests again when DATABASE_URL names a PostgreSQL server; not the
# ones that start `toxfill serve` on a SQLite data dir of their own (marker own_server), nor
# the public side's pages and API, which read no clinic data (marker public_side).
test-postgresql: $(VENV)/.dev
	@case "$$DATABASE_URL" in \
	  postgres*) echo "Running the web tests on $$DATABASE_URL"; \
	             $(BIN)/pytest $(XDIST) tests/web -m "not own_server and not public_side" ;; \
	  *) echo "DATABASE_URL is not a PostgreSQL URL: skipping the PostgreSQL run" ;; \
	esac

lint: $(VENV)/.dev
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/python -m mypy  # -m: the project comes first on sys.path, before any installed "tests"
	$(BIN)/lint-imports

bench: $(VENV)/.dev
	$(BIN)/python bench/run.py
	$(BIN)/python bench/speed.py
	$(BIN)/python bench/drills.py
	$(BIN)/python bench/crash_drill.py --rounds 3  # kill -9 during keyed writes; DATABASE_URL: PostgreSQL
	DRILL_SECONDS=10 $(BIN)/python bench/connections.py
	$(BIN)/python bench/synth.py --clinics 5 --sessions 10k
	$(BIN)/python bench/python_time.py --runs 20
	$(BIN)/python bench/query_plans.py
	$(BIN)/python bench/load.py --short
	$(BIN)/python bench/multinode.py --seconds 30  # root, nginx, PostgreSQL, Redis; else skipped

install: $(VENV)/.runtime
install-dev: $(VENV)/.dev

$(VENV)/.created:
	@echo "make: creating the virtual environment $(VENV)"
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --progress-bar on --upgrade pip
	touch $@

# pip's own lines (Collecting, Downloading with a bar, Installing): the first install takes
# minutes, and a person watching should see it working.
$(VENV)/.runtime: pyproject.toml $(VENV)/.created
	@echo "make: installing toxfill and its dependencies into $(VENV) (a few minutes the first time)"
	$(BIN)/python -m pip install --progress-bar on -e .
	touch $@

$(VENV)/.dev: pyproject.toml $(VENV)/.created
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.runtime

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache build src/*.egg-info
