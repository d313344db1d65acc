# Set-up and checks of the clustering course. Needs only Python 3.11+ and make.
#   make lab      set everything up, then open the course in JupyterLab
#   make test     set everything up, then run every test (what CI runs)
# Other targets: execute, student, bench, bench-scale, test-latest, lock, map, clean.

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
LATEST := .venv-latest

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

.PHONY: lab test execute student bench bench-scale test-latest install data lock map clean

$(STAMP): requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit("Python 3.11 or newer is needed; run make PYTHON=python3.12 ..." if sys.version_info < (3, 11) else 0)'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --require-hashes -r requirements.lock
	$(PY) -m pip install --quiet --no-deps -e .
	touch $@

install: $(STAMP)

data: $(STAMP)
	$(PY) -m helpers.data

# Extra options for JupyterLab, e.g. make lab LAB_ARGS="--no-browser --port 8890"
LAB_ARGS ?=

lab: data
	$(VENV)/bin/jupyter lab --ServerApp.root_dir=notebooks $(LAB_ARGS)

test: data
	$(PY) -m pytest $(PYTEST_NBVAL) $(TEST_PATHS)

execute: data
	$(PY) -m helpers.course execute $(NB)
	$(PY) -m helpers.course map

map: install
	$(PY) -m helpers.course map

student: install
	$(PY) -m helpers.course student

bench: data
	$(PY) -m helpers.course bench

# The same tests against the newest releases instead of the lock (not part of CI):
# a failure here is a library change that learners will meet once the lock moves.
test-latest:
	test -x $(LATEST)/bin/python || $(PYTHON) -m venv $(LATEST)
	$(LATEST)/bin/python -m pip install --quiet --upgrade pip
	$(LATEST)/bin/python -m pip install --quiet --upgrade --upgrade-strategy eager -e '.[test]'
	$(LATEST)/bin/python -m helpers.data
	$(LATEST)/bin/python -m pytest $(PYTEST_NBVAL) $(TEST_PATHS)

# Regenerate requirements.lock from pyproject.toml (newest versions that support
# Python 3.11, for every platform). Commit the result, then run make test.
lock:
	test -x .venv-tools/bin/uv || ($(PYTHON) -m venv .venv-tools && .venv-tools/bin/python -m pip install --quiet uv)
	.venv-tools/bin/uv pip compile pyproject.toml --extra test --universal \
		--python-version 3.11 --fork-strategy fewest --generate-hashes \
		-o requirements.lock

# Kept benchmark of notebook 08: clustering 10^5 to 10^7 customers in memory, out of
# core and on Spark; rewrites benchmarks/scale.csv, which the notebook plots (tens of
# minutes; options: make bench-scale SCALE_ARGS="--sizes 100000,1000000").
SCALE_ARGS ?=
bench-scale: install
	$(PY) benchmarks/scale.py $(SCALE_ARGS)

clean:
	rm -rf build .pytest_cache
