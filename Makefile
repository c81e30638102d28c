# Two commands set everything up on a fresh machine:
#   make run   — environment, install, build the table from seeds/, start the dashboard
#   make test  — environment with the test extras, Chromium, the whole test suite, the gold scores
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
UV     := $(VENV)/bin/uv
SOURCE ?= seeds
TABLE  ?= build/events.parquet
GOLD   ?= ../shared/gold/seeds_dev.csv
PORT   ?= 8501

.PHONY: run test build evaluate bench chromium clean

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

build: $(VENV)/.installed-run
	$(PY) -m pipeline build $(SOURCE) --out $(TABLE)

run: build chromium
	$(VENV)/bin/streamlit run dashboard.py --server.headless true --server.port $(PORT) \
		--browser.gatherUsageStats false -- --table $(TABLE) --source $(SOURCE)

test: $(VENV)/.installed-test chromium
	$(PY) -m pytest
	@if [ -f $(GOLD) ]; then $(MAKE) --no-print-directory evaluate; \
	else echo "gold file $(GOLD) not found: scores not computed"; fi

evaluate: $(VENV)/.installed-run
	@$(PY) -m pipeline build $(SOURCE) --out build/events-eval.parquet --quiet
	@$(PY) -m pipeline evaluate build/events-eval.parquet --gold $(GOLD)

# The benchmark (README "Performance"): 15 to 30 minutes with the defaults; BENCH_ARGS=--quick
# runs every section on small sizes in one to two minutes. It needs the test extras (dask,
# Playwright) and Chromium for the dashboard's measurements.
bench: $(VENV)/.installed-test chromium
	$(PY) -m pipeline bench $(BENCH_ARGS)

clean:
	rm -rf $(VENV) build artifacts .pytest_cache
