# 招商云 — see README.md. `make run` sets up and serves the platform; `make test` runs the suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
VENDOR := zhaoshang/static/vendor
HOST ?= 127.0.0.1:8000
SEED_ARGS ?=

.PHONY: run setup assets db demo test test-sqlite lint format bench clean

run: setup db
	@echo ""
	@echo "招商云已就绪：http://$(HOST)/  演示账号如下（数据库位于 var/）："
	@$(BIN)/python manage.py demo_users
	$(BIN)/python manage.py runserver $(HOST)

setup: $(VENV)/.installed assets

$(VENV)/.installed: requirements.txt requirements-dev.txt pyproject.toml
	@scripts/bootstrap.sh
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -r requirements-dev.txt -e .
	@touch $@

assets: $(VENDOR)/.installed

$(VENDOR)/.installed: package.json package-lock.json
	@scripts/bootstrap.sh
	npm ci --no-audit --no-fund --loglevel=error
	mkdir -p $(VENDOR)
	cp node_modules/bootstrap/dist/css/bootstrap.min.css node_modules/bootstrap/dist/js/bootstrap.bundle.min.js \
	   node_modules/htmx.org/dist/htmx.min.js node_modules/echarts/dist/echarts.min.js $(VENDOR)/
	@touch $@

db: setup
	@mkdir -p var
	$(BIN)/python manage.py migrate --noinput -v 0
	$(BIN)/python manage.py seed $(SEED_ARGS)

demo: db
	@$(BIN)/python manage.py demo_users

test: setup
	@scripts/bootstrap.sh --browser
	$(BIN)/python manage.py collectstatic --noinput -v 0
	scripts/test.sh

test-sqlite: setup
	env -u DATABASE_URL $(BIN)/pytest

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py check
	$(BIN)/python manage.py makemigrations --check --dry-run

format: setup
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: setup
	$(BIN)/python benchmarks/ingest_accuracy.py
	$(BIN)/python benchmarks/project_library.py

clean:
	rm -rf $(VENV) node_modules $(VENDOR) var
