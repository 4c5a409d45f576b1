# Llais: `make run` serves it on http://127.0.0.1:5000 with the example surveys; `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
POSTGRES_TEST_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test

.PHONY: install run test test-sqlite test-postgres test-browser contract browser-deps translations benchmark clean

$(BIN)/survey: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

install: $(BIN)/survey

# On your own computer only: LLAIS_ENV=development lets Llais use its public development key.
run: export LLAIS_ENV = development
run: install
	$(BIN)/survey db upgrade
	$(BIN)/survey load --open survey/examples/*.yaml survey/examples/reviews/*.yaml
	$(BIN)/survey review publish illegal-drugs-in-our-communities
	@# Made-up example responses, imported once into this database and released, so that an export works at once.
	@[ -f instance/llais.db.examples ] || { $(BIN)/survey responses import drugs-in-our-communities \
	  survey/examples/responses/drugs-in-our-communities.jsonl && $(BIN)/survey release drugs-in-our-communities \
	  && touch instance/llais.db.examples; }
	$(BIN)/survey run --host 127.0.0.1 --port 5000

# Debian's Chromium, and nginx with openssl for the suite behind a TLS proxy, for the browser tests
# (as root, or with sudo). The tests run nginx on their own ports, never the system's service.
browser-deps:
	@{ command -v chromium && [ -x /usr/sbin/nginx ] && command -v openssl; } >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium nginx openssl >/dev/null; }

test: install browser-deps test-sqlite test-postgres contract

test-sqlite: install
	$(BIN)/python -m pytest -q

test-postgres: install
	LLAIS_TEST_DATABASE_URL=$(POSTGRES_TEST_URL) $(BIN)/python -m pytest -q -m "not browser"

test-browser: install browser-deps
	$(BIN)/python -m pytest -q -m browser

contract: install
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/python ../shared/tools/contract_check.py

translations: install
	$(BIN)/python scripts/translations.py

clean:
	rm -rf $(VENV) instance build *.egg-info

# Figures, not tests: respondent throughput and export scaling on SQLite and PostgreSQL, printed as
# markdown tables (about 10 minutes on 2 cores). benchmark-smoke is the same code at a tiny size.
benchmark: install
	$(BIN)/python -m benchmarks --postgres-url $(POSTGRES_TEST_URL)

.PHONY: benchmark-smoke
benchmark-smoke: install
	$(BIN)/python -m benchmarks --smoke --postgres-url $(POSTGRES_TEST_URL)
