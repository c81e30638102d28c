# Two commands set everything up on a fresh machine:
#   make run   — environment, install, build the table from seeds/, start the dashboard
#   make test  — environment with the test extras, Chromium, the whole test suite, the gold scores
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
UV     := $(VENV)/bin/uv
SOURCE ?= seeds
GOLD   ?= ../shared/gold/seeds_dev.csv
DEV    ?= ../shared/dev-corpus
# The development corpus's conflict groups (its README): one line of figures each.
DEV_GROUPS := --group 'Russia-Ukraine (01-18)=^(0[1-9]|1[0-8])_' \
	--group 'other wars (19-40)=^(19|2[0-9]|3[0-9]|40)_' \
	--group '  Israel-Iran, Hezbollah=^(19|2[0-2])_' --group '  Gaza=^2[3-6]_' \
	--group '  Red Sea, Yemen=^2[7-9]_' --group '  India-Pakistan=^3[0-2]_' \
	--group '  Sudan=^3[3-5]_' --group '  Syria, Caucasus, other=^(3[6-9]|40)_'
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

# Bytecode compiled at install time, the project's own as well: a build's start-up is then
# not spent compiling pandas and the pipeline on every run (where Python may not write
# __pycache__ itself, PYTHONDONTWRITEBYTECODE set, it would compile them each time).
$(VENV)/.installed-run: pyproject.toml | $(UV)
	$(UV) pip install --quiet --compile-bytecode --python $(PY) -e .
	$(PY) -m compileall -q pipeline dashboard.py > /dev/null
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(UV)
	$(UV) pip install --quiet --compile-bytecode --python $(PY) -e '.[test]'
	$(PY) -m compileall -q pipeline dashboard.py > /dev/null
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
	$(MAKE) --no-print-directory evaluate

# The quality figures: the seeds' development gold, then the development corpus by group.
evaluate: $(VENV)/.installed-run
	@test -f $(GOLD) || { echo "gold file $(GOLD) not found" >&2; exit 1; }
	@test -f $(DEV)/gold.csv || { echo "development corpus $(DEV) not found" >&2; exit 1; }
	@$(PY) -m pipeline build $(SOURCE) --out build/eval/seeds.parquet --quiet --no-cache
	@echo "== Development gold (seeds 000, 003, 004)"
	@$(PY) -m pipeline evaluate build/eval/seeds.parquet --gold $(GOLD)
	@rm -rf build/eval/dev-corpus && mkdir -p build/eval/dev-corpus
	@cp $(DEV)/texts/* $(DEV)/manifest.csv build/eval/dev-corpus/
	@$(PY) -m pipeline build build/eval/dev-corpus --out build/eval/dev-corpus.parquet --quiet --no-cache
	@echo "== Development corpus ($(DEV), 40 texts)"
	@$(PY) -m pipeline evaluate build/eval/dev-corpus.parquet --gold $(DEV)/gold.csv $(DEV_GROUPS) $(EVAL_FLAGS)

# The benchmark (README "Performance"): 15 to 30 minutes with the defaults; BENCH_ARGS=--quick
# runs every section on small sizes in one to two minutes. It needs the test extras (dask,
# Playwright) and Chromium for the dashboard's measurements.
bench: $(VENV)/.installed-test chromium
	$(PY) -m pipeline bench $(BENCH_ARGS)

clean:
	rm -rf $(VENV) build artifacts .pytest_cache
