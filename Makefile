# treaty-rules: `make demo` and `make test` work on a fresh machine (Python 3.10-3.13, gcc,
# Python headers). durable-rules ships only an sdist and compiles; on Python 3.13 it builds
# only with the define below (an upstream fix was never released); it is harmless before 3.13.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
export CPPFLAGS := -DPyEval_CallObject=PyObject_CallObject $(CPPFLAGS)
PYTHONS ?= 3.12 3.13

.PHONY: demo test venv bench check-pythons docs clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

venv: $(BIN)/.installed

demo: venv
	$(BIN)/treaty run scenarios/ottawa/2025-withdrawals.yaml

test: venv
	$(BIN)/python -m pytest -q

docs: venv
	$(BIN)/treaty rules --format markdown > docs/rules.md
	$(BIN)/treaty schema scenario > docs/scenario.schema.json
	$(BIN)/treaty schema rules > docs/rules.schema.json
	$(BIN)/treaty schema treaty > docs/treaty.schema.json

bench: venv
	$(BIN)/python bench/bench.py

# The suite under each interpreter pyenv has (make check-pythons PYTHONS="3.12 3.13").
check-pythons:
	@for v in $(PYTHONS); do \
	  py=$$(pyenv root 2>/dev/null)/versions/$$(pyenv versions --bare | grep "^$$v" | tail -1)/bin/python; \
	  echo "== Python $$v ($$py)"; \
	  $(MAKE) --no-print-directory test PYTHON=$$py VENV=.venv-$$v || exit 1; \
	done

clean:
	rm -rf $(VENV) .venv-* build dist *.egg-info
