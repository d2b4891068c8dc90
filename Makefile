# Commands of the press archive. See README.md.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
# A Python >= 3.12 that really runs: PATH first, then pyenv's installed versions.
# (pyenv shims for missing versions exist on PATH but fail when called, so each
# candidate is run, not just looked up.)
FIND_PYTHON := for c in python3.14 python3.13 python3.12 python3 $$(ls -d $$(pyenv root 2>/dev/null)/versions/3.1[2-9]*/bin/python3 2>/dev/null | sort -rV); do \
	  if "$$c" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1; then command -v "$$c" || echo "$$c"; break; fi; \
	done

.PHONY: help venv run test check bench migrate seed clean mutate worker locale

help:
	@echo "make run    - create .venv, migrate SQLite, load demo content, serve http://127.0.0.1:8000/"
	@echo "make test   - run the whole test suite (SQLite; PostgreSQL when DATABASE_URL names one)"
	@echo "make check  - API schema check (openapi-spec-validator) and a bounded schemathesis run against a live server"
	@echo "make worker - the task worker alone (webhooks, daily exports); make run starts it too"
	@echo "make locale - regenerate and compile the admin's Persian translations (needs GNU gettext)"
	@echo "make bench  - throughput of pages and API against a static file (needs wrk)"
	@echo "make migrate - create .venv if needed and migrate the database (DATABASE_URL, SQLite by default)"
	@echo "make seed   - load the demo content (idempotent; on SQLite also the demo editor)"
	@echo "make mutate - mutation testing (mutmut) of visibility, change feed, import writes, search key; slow, before a release"
	@echo "make clean  - remove .venv, node_modules, collected static files and mutation results (never the archive)"

$(VENV)/.installed-runtime: requirements.txt
	@py="$$($(FIND_PYTHON))"; \
	if [ -z "$$py" ]; then echo "error: Python 3.12 or newer is needed (Django 6 does not run on older versions)." >&2; \
	  echo "       Install it, or with pyenv: pyenv install 3.12 (then run make again)." >&2; exit 1; fi; \
	if [ ! -x $(PY) ]; then echo "Creating $(VENV) with $$py"; "$$py" -m venv $(VENV); fi
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements.txt
	@touch $@

$(VENV)/.installed-dev: $(VENV)/.installed-runtime requirements-dev.txt
	$(PY) -m pip install -q -r requirements-dev.txt
	@touch $@

venv: $(VENV)/.installed-runtime

run: $(VENV)/.installed-runtime
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py seed_demo
	@echo ""
	@echo "  Site:  http://127.0.0.1:8000/"
	@echo "  Admin: http://127.0.0.1:8000/admin/  (user: editor, password: editor-demo)"
	@echo ""
	@# The task worker (webhooks, exports, scheduled articles in the change feed) runs beside the server and stops with it.
	DEBUG=1 $(PY) manage.py run_worker -v 0 & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	DEBUG=1 $(PY) manage.py runserver 127.0.0.1:8000

# The task worker alone (production: run it as its own service beside gunicorn).
worker: $(VENV)/.installed-runtime
	$(PY) manage.py run_worker

test: $(VENV)/.installed-dev
	$(PY) -m pytest $(PYTEST_ARGS)

check: $(VENV)/.installed-dev
	bash scripts/check.sh

bench: $(VENV)/.installed-dev
	bash scripts/bench.sh

migrate: $(VENV)/.installed-runtime
	$(PY) manage.py migrate --noinput

seed: migrate
	$(PY) manage.py seed_demo

# Mutation testing: see docs/mutation-testing.md. MUTANTS narrows the run (mutmut's
# names, e.g. MUTANTS='articles.models*'); the founding article is read from
# ARCHIVE_SEED_DIR (default: ../shared/seed beside the checkout).
mutate: $(VENV)/.installed-dev
	ARCHIVE_SEED_DIR=$${ARCHIVE_SEED_DIR:-$(abspath ..)/shared/seed} $(VENV)/bin/mutmut run --max-children $${MUTATE_CHILDREN:-2} $(foreach m,$(MUTANTS),'$(m)')
	$(PY) scripts/mutation_score.py

# Removes what can be rebuilt; never the archive (db.sqlite3, media/, .secret_key):
# back it up with `manage.py backup FILE` and delete it by hand if you mean to.
clean:
	rm -rf $(VENV) node_modules staticfiles .pytest_cache mutants

# The admin's Persian completions (locale/fa): regenerate the .po from Django's
# catalogs and compile; the compiled .mo files are committed, so this is only
# needed after changing the translations (needs GNU gettext).
locale: $(VENV)/.installed-runtime
	$(PY) scripts/make_fa_locale.py
	msgfmt --check -o locale/fa/LC_MESSAGES/django.mo locale/fa/LC_MESSAGES/django.po
	msgfmt --check -o locale/fa/LC_MESSAGES/djangojs.mo locale/fa/LC_MESSAGES/djangojs.po
