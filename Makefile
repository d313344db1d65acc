# Set-up and checks of the clustering course. Needs only Python 3.11-3.13 and make.
#   make lab      set everything up, then open the course in JupyterLab
#   make test     set everything up, then run every test (what CI runs)
# Other targets: execute, student, bench, bench-scale, bench-algorithms, test-pythons,
# test-latest, lock, map, site, pair, browser, clean.

# Was PYTHON given (make ... PYTHON=python3.12)? test-latest picks the newest otherwise.
PYTHON_GIVEN := $(filter command line environment,$(origin PYTHON))
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
LATEST := .venv-latest
UV := .venv-tools/bin/uv
# uv (fast) when it can be installed from PyPI, pip otherwise; INSTALLER=pip forces pip.
INSTALLER ?= auto

# The Pythons the course supports, newest first (pyproject.toml's requires-python and
# classifiers say the same; tests/test_environment.py checks that they agree).
SUPPORTED_PYTHONS := 3.13 3.12 3.11

# The notebooks run with these settings both when their outputs are made
# (make execute) and when they are checked (make test): one thread for the numeric
# libraries, so sums come out in the same order, and no MPLBACKEND, so the kernel
# chooses the inline backend. helpers.course applies the same settings.
export OMP_NUM_THREADS := 1
export OPENBLAS_NUM_THREADS := 1
export MKL_NUM_THREADS := 1
export POLARS_MAX_THREADS := 1
export PYTHONHASHSEED := 0
unexport MPLBACKEND

PYTEST_NBVAL := --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg
# What make test checks: the docstring examples of helpers, the tests, every notebook.
TEST_PATHS := --doctest-modules helpers tests notebooks
# What make test-pythons checks on every other supported Python: the docstring
# examples and unit tests of helpers (tests/test_MODULE.py) and notebooks 00-03
# under strict nbval.
PYTHONS_PATHS := --doctest-modules helpers \
	$(sort $(wildcard $(patsubst helpers/%.py,tests/test_%.py,$(wildcard helpers/*.py)))) \
	$(wildcard notebooks/0[0-3]_*.ipynb)

.PHONY: lab test execute student bench bench-scale test-pythons test-latest install data lock map clean

$(STAMP): requirements.lock pyproject.toml tools/install.py
	@$(PYTHON) tools/install.py --python $(PYTHON) --venv $(VENV) --installer $(INSTALLER) \
		$(if $(PYTHON_GIVEN),,--pick)
	@# Spark's class-data archive (helpers/spark.py): a few seconds off every Spark start.
	@# It is an optimisation, so a failure is reported and the set-up goes on.
	@$(PY) -m helpers.spark --prepare || echo "[install] Spark will start without its class archive (slower), see above"
	@touch $@

install: $(STAMP)

data: $(STAMP)
	$(PY) -m helpers.data

# Extra options for JupyterLab, e.g. make lab LAB_ARGS="--no-browser --port 8890"
LAB_ARGS ?=
# The folder JupyterLab opens: the course, or the classroom hand-out
# (make student && make lab LAB_DIR=build/student).
LAB_DIR ?= notebooks
JUPYTER ?= $(VENV)/bin/jupyter
# Jupyter refuses to start as root (Docker, cloud machines) unless told it may.
USER_ID ?= $(shell id -u)
ROOT_FLAG := $(if $(filter 0,$(USER_ID)),--allow-root)

# make lab opens the course even when the data cannot be fetched: notebooks 00-03
# do not need it, and 04-06 say what to do when they cannot find it.
lab: install
	@$(PY) -m helpers.data || { \
		echo ""; \
		echo "The course data could not be fetched (see above): notebooks 00-03 work without it;"; \
		echo "04-06 need it. Starting JupyterLab anyway; fix the data, then run make lab again."; \
		echo ""; }
	@$(if $(ROOT_FLAG),echo "Running as root (a container or a cloud machine?): starting JupyterLab with --allow-root.")
	$(JUPYTER) lab --ServerApp.root_dir=$(LAB_DIR) $(ROOT_FLAG) $(LAB_ARGS)

test: data browser
	$(PY) -m pytest $(PYTEST_NBVAL) $(TEST_PATHS)

execute: data
	$(PY) -m helpers.course execute $(NB)
	$(PY) -m helpers.course map
	$(PY) site/pair.py

map: install
	$(PY) -m helpers.course map

student: install
	$(PY) -m helpers.course student

bench: data
	$(PY) -m helpers.course bench

# Unit tests and notebooks 00-03 on every other supported Python found on this
# machine, each in its own .venv-pyX.Y built from the same lock (uv makes them in
# seconds from its cache). A Python that is not installed is skipped with a note.
test-pythons: install
	@set -e; tested=""; for v in $(SUPPORTED_PYTHONS); do \
		exe="$$($(PYTHON) tools/install.py --find $$v)"; \
		if [ -z "$$exe" ]; then echo "test-pythons: Python $$v not found on this machine, skipped"; continue; fi; \
		if [ "$$($(PY) -c 'import sys; print("%d.%d" % sys.version_info[:2])')" = "$$v" ]; then \
			echo "test-pythons: Python $$v is the one of $(VENV), checked by make test"; continue; fi; \
		echo "test-pythons: Python $$v ($$exe)"; \
		$(PYTHON) tools/install.py --python "$$exe" --venv .venv-py$$v --installer $(INSTALLER); \
		.venv-py$$v/bin/python -m pytest -q -p no:cacheprovider $(PYTEST_NBVAL) $(PYTHONS_PATHS); \
		tested="$$tested $$v"; \
	done; echo "test-pythons: passed on Python$$tested"

# The same tests against the newest releases instead of the lock (not part of CI):
# a failure here is a library change that learners will meet once the lock moves.
# It uses the newest supported Python on this machine, or the one given with PYTHON=.
ifeq ($(PYTHON_GIVEN),)
LATEST_PYTHON = $(firstword $(foreach v,$(SUPPORTED_PYTHONS),$(shell $(PYTHON) tools/install.py --find $(v))))
else
LATEST_PYTHON = $(PYTHON)
endif
test-latest: install
	@test -x $(UV) || { echo "test-latest needs uv: run make install INSTALLER=uv first"; exit 1; }
	@echo "test-latest: $(LATEST_PYTHON) with the newest releases"
	rm -rf $(LATEST)
	$(UV) venv --python $(LATEST_PYTHON) $(LATEST)
	$(UV) pip install --python $(LATEST)/bin/python --upgrade -e '.[test]'
	$(LATEST)/bin/python -m helpers.data
	$(LATEST)/bin/python -m pytest $(PYTEST_NBVAL) $(TEST_PATHS)

# Regenerate requirements.lock from pyproject.toml (newest versions that support
# Python 3.11, for every platform). Commit the result, then run make test.
lock: install
	@test -x $(UV) || { echo "make lock needs uv: run make install INSTALLER=uv first"; exit 1; }
	$(UV) pip compile pyproject.toml --extra test --universal \
		--python-version 3.11 --fork-strategy fewest --generate-hashes \
		-o requirements.lock

# ---- Website, text twins for review, browser tests (README, "Website") ----
.PHONY: site pair browser

# GitHub repository the launch buttons open (https://github.com/OWNER/REPO); empty:
# git's origin when it is on GitHub, else the one in site/_config.yml.
SITE_REPOSITORY ?=

# The website in build/site/ from the committed notebooks (not re-executed), with the
# student hand-out that make student builds; warnings fail the build.
site: student
	SITE_REPOSITORY="$(SITE_REPOSITORY)" $(PY) site/build.py

# Rewrite review/NN_slug.py, the text twin of each notebook (make execute does it too).
pair: install
	$(PY) site/pair.py

# What the browser tests need beyond the lock: Debian's Chromium (and npm, which
# fetches MathJax for the site), installed when root and missing. Never fails: without
# Chromium the browser tests are skipped and say why.
browser:
	@missing=""; command -v chromium >/dev/null 2>&1 || missing="chromium"; \
	command -v npm >/dev/null 2>&1 || missing="$$missing npm"; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		mkdir -p build; (apt-get update -q && apt-get install -y -q $$missing) >build/browser-install.log 2>&1 \
			&& echo "installed $$missing" \
			|| echo "could not install $$missing (see build/browser-install.log)"; \
	else \
		echo "$$missing missing and not root: the browser tests will be skipped"; \
	fi

# Kept benchmark of notebook 08: clustering 10^5 to 10^7 customers in memory, out of
# core and on Spark, 3 runs each; rewrites benchmarks/scale.csv, which the notebook
# plots (about 15 minutes on a quiet 2-core machine; options, e.g.
# make bench-scale SCALE_ARGS="--sizes 100000,1000000 --repeats 1").
SCALE_ARGS ?=
bench-scale: install
	$(PY) benchmarks/scale.py $(SCALE_ARGS)

clean:
	rm -rf build .pytest_cache

# Fit time and peak memory of each clustering algorithm against n (notebook 07 plots
# the CSV; it takes about ten minutes, so it is not part of make test).
.PHONY: bench-algorithms
bench-algorithms: install
	$(PY) benchmarks/algorithms.py --out benchmarks/algorithms.csv
