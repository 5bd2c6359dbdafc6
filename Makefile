# Two commands after cloning: `make run` and `make test`. Everything else is set up on the way.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run test lint smoke-live demo bench eval

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

# Init the database, try one live crawl with short time-outs, fall back to the bundled samples
# when the sites cannot be reached (the app labels them as samples), then start the scheduler,
# the calendar feed and the app together (`tracker up`; Ctrl-C stops all three).
run: install
	$(BIN)/tracker init
	-TRACKER_CRAWL_TIMEOUT=10 TRACKER_CRAWL_RETRIES=0 TRACKER_CRAWL_TIME_LIMIT=120 $(BIN)/tracker scrape
	@$(BIN)/tracker calls --json | $(BIN)/python -c 'import json,sys; sys.exit(0 if json.load(sys.stdin) else 1)' \
		|| $(BIN)/tracker demo
	$(BIN)/tracker up

demo: install
	$(BIN)/tracker init
	$(BIN)/tracker demo

test: install
	$(BIN)/pytest

lint: install
	$(BIN)/ruff check .

# Opt-in: checks the live sites. Never part of `make test`.
smoke-live: install
	TRACKER_LIVE=1 $(BIN)/pytest -m live tests/test_live.py

# Speed and memory at region scale (10,000 calls, 2,000 intentions); writes bench/results.json.
bench: install
	$(BIN)/python bench/run.py

# Quality of the classifier on the labelled corpus of real call texts (tests/corpus): P/R/F1 per code
# on the held-out test split (`make eval SPLIT=dev` to tune); writes bench/eval.json. Never part of `make test`.
SPLIT ?= test
eval: install
	$(BIN)/python -m bench.eval --split $(SPLIT)
