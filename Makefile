# Two commands set everything up on a fresh machine:
#   make run   — environment, install, build the table from seeds/, start the dashboard
#   make test  — environment with the test extras, Chromium, the whole test suite, the gold scores
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
UV     := $(VENV)/bin/uv
SOURCE ?= seeds
GOLD   ?= ../shared/gold/seeds_dev.csv
PORT   ?= 8501
# Where the dashboard listens: this machine only; HOST=0.0.0.0 shares it on the network.
HOST   ?= localhost
# One table per folder of texts, named for it (build/<folder>-<hash of its path>.parquet),
# its decisions beside it: two dashboards on two folders never share either.
TABLE  ?= $(shell SOURCE='$(SOURCE)' $(PY) -c 'import os; from pipeline.views.folders import table_path_for; print(table_path_for(os.environ["SOURCE"]))')
CURATIONS = $(basename $(TABLE)).curations.sqlite

.PHONY: run test build evaluate bench chromium clean table-path

$(PY):
	$(PYTHON) -m venv $(VENV)

$(UV): | $(PY)
	$(PY) -m pip install --quiet uv

$(VENV)/.installed-run: pyproject.toml | $(UV)
	$(UV) pip install --quiet --python $(PY) -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(UV)
	$(UV) pip install --quiet --python $(PY) -e '.[test]'
	touch $@ $(VENV)/.installed-run

chromium:
	bash scripts/ensure-chromium.sh

table-path: $(VENV)/.installed-run
	@echo $(TABLE)

build: $(VENV)/.installed-run
	$(PY) -m pipeline build "$(SOURCE)" --out $(TABLE) --curations $(CURATIONS)

# Chromium is only for the server's PNG export: without it the dashboard starts all the same.
run: build
	@bash scripts/ensure-chromium.sh || echo "Starting without Chromium: the server's PNG export is off until it is installed; the charts' camera button works."
	$(VENV)/bin/streamlit run dashboard.py --server.headless true --server.port $(PORT) \
		--server.address $(HOST) --browser.gatherUsageStats false -- --source "$(SOURCE)" --out $(TABLE)

test: $(VENV)/.installed-test chromium
	$(PY) -m pytest
	@if [ -f $(GOLD) ]; then $(MAKE) --no-print-directory evaluate; \
	else echo "gold file $(GOLD) not found: scores not computed"; fi

evaluate: $(VENV)/.installed-run
	@$(PY) -m pipeline build $(SOURCE) --out build/events-eval.parquet --quiet
	@$(PY) -m pipeline evaluate build/events-eval.parquet --gold $(GOLD)

bench: $(VENV)/.installed-run
	$(PY) -m pipeline bench

clean:
	rm -rf $(VENV) build artifacts .pytest_cache
