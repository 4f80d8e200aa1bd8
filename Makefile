# `make test` is the README's test command and what CI runs (.ci/run).
PY ?= python

.PHONY: install test lint format bench demo

install:
	$(PY) -m pip install -q -e '.[test]'

test: install
	bash scripts/ensure-chromium.sh
	$(PY) -m pytest

lint:
	ruff check parity tests benchmarks scripts
	ruff format --check parity tests benchmarks scripts

format:
	ruff format parity tests benchmarks scripts
	ruff check --fix parity tests benchmarks scripts

bench:
	$(PY) benchmarks/extract_speed.py
	$(PY) benchmarks/fuse_speed.py
	$(PY) benchmarks/store_speed.py
	$(PY) benchmarks/simulate_speed.py

demo:
	parity demo
