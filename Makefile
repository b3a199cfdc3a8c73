# Quick start: `make demo` builds the two sample issues into output/, `make test` runs the test
# suite, `make bench` times Banmian against Typst (bench/bench_speed.py), `make bench-many` times
# build-many on 1 and 2 workers and a separately started Dask cluster (bench/bench_many.py).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
SAMPLE := issues/yunchuan-2026-11-24
NEXT   := issues/yunchuan-2026-11-25
BENCH_ARGS ?=
# setuptools explains what an editable install is on every install; nothing for us to act on
QUIET  := PYTHONWARNINGS="ignore:::setuptools.command.editable_wheel"

.PHONY: demo test bench bench-many schema clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -c 'import sys; sys.exit("Python 3.11+ is required") if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(QUIET) $(BIN)/python -m pip install --quiet -e '.[preview]'
	touch $@

$(VENV)/.test-installed: $(VENV)/.installed
	$(QUIET) $(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

$(VENV)/.bench-installed: $(VENV)/.installed
	$(QUIET) $(BIN)/python -m pip install --quiet -e '.[bench]'
	touch $@

$(VENV)/.cluster-installed: $(VENV)/.installed
	$(QUIET) $(BIN)/python -m pip install --quiet -e '.[cluster]'
	touch $@

demo: $(VENV)/.installed
	$(BIN)/banmian build $(NEXT) -o output
	$(BIN)/banmian build $(SAMPLE) -o output

test: $(VENV)/.test-installed
	$(BIN)/python -m pytest -q

bench: $(VENV)/.bench-installed
	$(BIN)/python bench/bench_speed.py $(BENCH_ARGS)

bench-many: $(VENV)/.cluster-installed
	$(BIN)/python bench/bench_many.py $(BENCH_ARGS)

schema: $(VENV)/.installed
	$(BIN)/banmian schema > schema/issue.schema.json

clean:
	rm -rf output .pytest_cache
