# The verbs. README says which two to type first: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed

.PHONY: install run test benchmark fuzz mutate backup restore lint format ci

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(BIN)/python requirements-dev.lock
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.lock
	touch $(STAMP)

install: $(STAMP)

# The browser tests' checkers (axe-core, the Nu HTML checker), pinned in package-lock.json.
# --ignore-scripts: vnu-jar's install script would download a Java runtime; Debian's is used.
# Without npm the tests that need them are skipped (and fail in CI).
$(NODE_STAMP): package.json package-lock.json
	@if command -v npm >/dev/null; then \
		npm ci --ignore-scripts --no-audit --no-fund --loglevel=error && touch $(NODE_STAMP); \
	else \
		echo "npm not found: the accessibility and HTML checks will be skipped"; \
	fi

## Install, migrate, load the demo organisation and serve it on http://127.0.0.1:8000.
run: install
	DEBUG=$${DEBUG:-1} ./bin/run-demo

## Install and run the whole test suite (PostgreSQL when DATABASE_URL says so).
test: install $(NODE_STAMP)
	$(BIN)/pytest

## Timings at group scale (not part of the test suite).
benchmark: install
	$(BIN)/pytest -m benchmark -s tests/benchmarks

## 10,000 generated form submissions (FUZZ_SUBMISSIONS=n for more or fewer); prints how many
## were sent and how many server errors they met (not part of the test suite).
fuzz: install
	$(BIN)/pytest -m fuzz -s tests/test_fuzz_forms.py

## PostgreSQL only: dump the database (pg_dump -Fc) to var/backups/, or to FILE=...
backup:
	./bin/backup $(FILE)

## Restore a dump into a NEW database on the same server: make restore FILE=... DB=...
restore:
	./bin/restore "$(FILE)" "$(DB)"

## Mutation testing of the contact rule and the access policy (not part of `make test`): mutmut
## over contacts/rules.py and coxlease/policy.py in a fresh copy under mutants/ (tests on SQLite),
## then the policy's tables flipped cell by cell. Fails when more mutants survive than are
## listed beside the code as equivalent ("# mutmut: equivalent").
mutate: install
	rm -rf mutants
	env -u DATABASE_URL $(BIN)/mutmut run
	@$(BIN)/mutmut results | tee mutants/survivors.txt
	@survived=$$(grep -c . mutants/survivors.txt); \
	listed=$$(cat contacts/rules.py coxlease/policy.py | grep -c "# mutmut: equivalent"); \
	echo "$$survived mutants not killed, $$listed listed as equivalent beside the code"; \
	test $$survived -le $$listed
	env -u DATABASE_URL $(BIN)/pytest -q -m mutation tests/coxlease/test_policy_tables.py

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	DEBUG=1 $(BIN)/python manage.py makemigrations --check --dry-run

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

ci:
	bash .ci/run
