# Switchboard: `make run` (embedded: SQLite, in-process jobs) and `make test` (PostgreSQL + Redis).
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PORT   ?= 5000
export PORT

.PHONY: run serve workers test check lint migrate demo clean bench screenshots translations catalogue

# Stamps record what is installed: `make run` needs only requirements.txt, `make test` the dev tools too.
$(VENV)/.runtime: requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

## The staff pages' French (docs/i18n.md): each catalogue compiled from its committed .po.
PO := $(wildcard app/translations/*/LC_MESSAGES/messages.po)
MO := $(PO:.po=.mo)
translations: $(MO)
%.mo: %.po $(VENV)/.runtime
	$(BIN)/pybabel compile --statistics -i $< -o $@

## After changing a marked string: the strings extracted anew and merged into every .po.
catalogue: $(VENV)/.runtime
	mkdir -p instance
	$(BIN)/pybabel extract -F babel.cfg -k _l --add-location=file --sort-output -o instance/messages.pot .
	$(BIN)/pybabel update -i instance/messages.pot -d app/translations --no-fuzzy-matching --ignore-obsolete

migrate: $(VENV)/.runtime
	$(BIN)/alembic upgrade head

demo: migrate
	$(BIN)/flask --app wsgi demo load

## The embedded default: nothing to install but Python; the resident simulator on (docs/simulator.md) and
## two-factor sign-in optional (docs/twofactor.md), as only the embedded demo may have it.
run: demo translations
	@url=http://127.0.0.1:$(PORT); echo; echo "Switchboard on $$url"; \
	echo "  console             $$url/console"; \
	echo "  supervisor board    $$url/supervisor   (funder report: $$url/reports)"; \
	echo "  public pages        $$url/services   $$url/complaints"; \
	echo "  resident simulator  $$url/simulator"; \
	echo "Demo logins:"; cat instance/demo-logins.txt 2>/dev/null || echo "  (printed when they were created)"
	SIMULATOR_ENABLED=$${SIMULATOR_ENABLED:-true} TWO_FACTOR_REQUIRED=$${TWO_FACTOR_REQUIRED:-false} \
	  $(BIN)/gunicorn -c gunicorn.conf.py wsgi:app

## Production shape: needs DATABASE_URL (PostgreSQL) and REDIS_URL; run `make workers` beside it.
serve: migrate translations
	@test -n "$$DATABASE_URL" -a -n "$$REDIS_URL" || { echo "set DATABASE_URL and REDIS_URL"; exit 2; }
	HOST=$${HOST:-0.0.0.0} $(BIN)/gunicorn -c gunicorn.conf.py wsgi:app

workers: $(VENV)/.runtime
	$(BIN)/python -m workers

## Installs and starts what the suite needs first (scripts/test-prerequisites), then runs it.
test:
	scripts/test-prerequisites
	@$(MAKE) --no-print-directory check

check: $(VENV)/.dev translations
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/python -m pytest -q -n auto --dist loadfile $(PYTEST_ARGS)

## Every benchmark in bench/ (bench/run_all.py), results appended to docs/benchmarks.md. Installs
## what the suite needs (scripts/test-prerequisites) and wrk, the HTTP load generator, when missing.
bench: $(VENV)/.dev
	scripts/test-prerequisites
	@command -v wrk >/dev/null || { echo "bench: installing wrk"; \
	  sudo=$$([ "$$(id -u)" -eq 0 ] || echo sudo); \
	  $$sudo apt-get update -qq && $$sudo apt-get install -y -qq --no-install-recommends wrk >/dev/null; }
	$(BIN)/python -m bench.run_all

## The README's screenshots (docs/screenshots/*.png), taken by Debian's Chromium (/usr/bin/chromium,
## never a downloaded browser) from a `make run`-like server on a temporary database: scripts/screenshots.py.
screenshots: $(VENV)/.dev
	$(BIN)/python scripts/screenshots.py

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

clean:
	rm -rf $(VENV) instance .pytest_cache
